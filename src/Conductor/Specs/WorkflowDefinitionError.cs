namespace Orquesta.Azure.Conductor.Specs;

/// <summary>
/// A workflow definition could not be loaded: the text is not valid YAML, JSON or UTF-8, exceeds
/// the loader's limits, is not a mapping, or lacks a supported version. The reference raises a
/// Python <c>ValueError</c> for all of these (for text,
/// <c>Failed to load workflow definition because ...</c>), so <see cref="ErrorType"/> is
/// <c>ValueError</c>.
/// </summary>
public sealed class WorkflowDefinitionError : OrquestaException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong, with its position when the text has one.</param>
    /// <param name="line">The 1-based line of the problem, when known.</param>
    /// <param name="column">The 1-based column of the problem, when known.</param>
    /// <param name="innerException">The parser's own error, if any.</param>
    public WorkflowDefinitionError(string message, long? line = null, long? column = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line of the problem in the text, when it has one.</summary>
    public long? Line { get; }

    /// <summary>The 1-based column of the problem in the text, when it has one.</summary>
    public long? Column { get; }

    /// <inheritdoc />
    public override string ErrorType => "ValueError";
}
