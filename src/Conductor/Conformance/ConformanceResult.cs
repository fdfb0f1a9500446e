namespace Orquesta.Azure.Conductor.Conformance;

/// <summary>The outcome of one conformance case.</summary>
/// <param name="Name">Where the case is: file and line, or file and spec name.</param>
/// <param name="Passed">Whether the behaviour matched the reference's.</param>
/// <param name="Subject">What was run (an expression, a workflow), for a person reading a failure.</param>
/// <param name="Expected">What the reference did, when the case failed.</param>
/// <param name="Actual">What this implementation did, when the case failed.</param>
public sealed record ConformanceResult(string Name, bool Passed, string Subject, string? Expected = null, string? Actual = null)
{
    /// <summary>One line for a person: where, what, and for a failure what was expected and what happened.</summary>
    public string Describe() => Passed
        ? $"{Name}: passed: {Subject}"
        : Expected is null
            ? $"{Name}: FAILED: {OneLine(Subject)}: {OneLine(Actual)}"
            : $"{Name}: FAILED: {OneLine(Subject)}: expected {OneLine(Expected)}, actual {OneLine(Actual)}";

    private static string OneLine(string? text) =>
        (text ?? string.Empty).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
