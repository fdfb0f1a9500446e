namespace Orquesta.Azure.Conductor.Expressions;

/// <summary>
/// One expression language as the conductor uses it: find, validate and evaluate the
/// expressions in a string with the reference's rules for that language.
/// </summary>
internal interface IExpressionLanguage
{
    /// <summary>The language's name as errors report it: <c>yaql</c> or <c>jinja</c>.</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="text"/> holds at least one expression of this language.</summary>
    bool HasExpressions(string text);

    /// <summary>Grammar errors of the expressions in <paramref name="text"/>, without evaluating anything.</summary>
    IReadOnlyList<ExpressionError> Validate(string text);

    /// <summary>
    /// Evaluates <paramref name="text"/> as the reference does: exactly one expression yields its
    /// native value, text around it or several expressions yield a string, and string results
    /// are evaluated again.
    /// </summary>
    /// <exception cref="OrquestaException">The language's evaluation exception, with the reference's message shape.</exception>
    object? Evaluate(string text, ExpressionScope scope);

    /// <summary>
    /// The inline expressions of <paramref name="text"/> (<c>&lt;% %&gt;</c> or <c>{{ }}</c>), each
    /// stripped of its delimiters the way the reference strips them (<c>expr.strip(delimiter).strip()</c>),
    /// in which variable references are searched.
    /// </summary>
    IReadOnlyList<string> FindExpressions(string text);
}

/// <summary>An expression error found by validation, as the reference reports it.</summary>
/// <param name="Type">The language (<c>yaql</c> or <c>jinja</c>), or <see langword="null"/> for mixed expressions.</param>
/// <param name="Expression">The expression, with its delimiters.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ExpressionError(string? Type, string Expression, string Message);

/// <summary>A context variable an expression reads.</summary>
/// <param name="Type">The language (<c>yaql</c> or <c>jinja</c>).</param>
/// <param name="Expression">The whole string the variable was found in.</param>
/// <param name="Name">The variable's name.</param>
public sealed record VariableReference(string Type, string Expression, string Name);
