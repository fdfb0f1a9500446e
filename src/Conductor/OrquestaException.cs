namespace Orquesta.Azure.Conductor;

/// <summary>
/// The one base of every error the conductor raises. Each leaf is sealed and carries
/// <see cref="ErrorType"/>, the name of the reference's exception class, because users and the
/// conformance corpus know errors by that name.
/// </summary>
public abstract class OrquestaException : Exception
{
    /// <summary>Creates the error.</summary>
    protected OrquestaException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The reference's exception class name, for example <c>YaqlEvaluationException</c>.</summary>
    public abstract string ErrorType { get; }
}

/// <summary>A YAQL expression failed to evaluate (the reference's <c>YaqlEvaluationException</c>).</summary>
public sealed class YaqlEvaluationException : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public YaqlEvaluationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorType => "YaqlEvaluationException";
}

/// <summary>A Jinja expression or template failed to evaluate (the reference's <c>JinjaEvaluationException</c>).</summary>
public sealed class JinjaEvaluationException : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public JinjaEvaluationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorType => "JinjaEvaluationException";
}

/// <summary>An expression could not be evaluated for a reason outside one language (the reference's <c>ExpressionEvaluationException</c>).</summary>
public sealed class ExpressionEvaluationException : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public ExpressionEvaluationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorType => "ExpressionEvaluationException";
}

/// <summary>
/// An error raised inside an expression while it runs: the reference's inner Python or library
/// exception (<c>TypeError</c>, <c>KeyError</c>, <c>NoMatchingMethodException</c>,
/// <c>UndefinedError</c>, <c>VariableUndefinedError</c>, ...). The language evaluators wrap it
/// into their evaluation exception as <c>Unable to evaluate expression '...'. Type: message</c>.
/// </summary>
public sealed class ExpressionRuntimeError : OrquestaException
{
    /// <summary>Creates the error with the reference's exception class name.</summary>
    public ExpressionRuntimeError(string errorType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
    }

    /// <inheritdoc />
    public override string ErrorType { get; }

    /// <summary>Python's <c>TypeError</c>.</summary>
    public static ExpressionRuntimeError TypeError(string message) => new("TypeError", message);

    /// <summary>Python's <c>ValueError</c>.</summary>
    public static ExpressionRuntimeError ValueError(string message) => new("ValueError", message);

    /// <summary>Python's <c>KeyError</c>; <paramref name="key"/> is the missing key as Python prints it.</summary>
    public static ExpressionRuntimeError KeyError(string key) => new("KeyError", key);

    /// <summary>Python's <c>IndexError</c>.</summary>
    public static ExpressionRuntimeError IndexError(string message) => new("IndexError", message);

    /// <summary>Orquesta's <c>VariableUndefinedError</c>.</summary>
    public static ExpressionRuntimeError VariableUndefined(string name) =>
        new("VariableUndefinedError", $"The variable \"{name}\" is undefined.");

    /// <summary>Orquesta's <c>VariableInaccessibleError</c>.</summary>
    public static ExpressionRuntimeError VariableInaccessible(string name) =>
        new("VariableInaccessibleError", $"The variable \"{name}\" is for internal use and inaccessible.");
}
