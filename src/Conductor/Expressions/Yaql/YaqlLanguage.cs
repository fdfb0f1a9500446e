using System.Text.RegularExpressions;

namespace Orquesta.Azure.Conductor.Expressions.Yaql;

/// <summary>YAQL (<c>&lt;% ... %&gt;</c>) as Orquesta evaluates it.</summary>
internal sealed partial class YaqlLanguage : IExpressionLanguage
{
    public static readonly YaqlLanguage Instance = new();

    public string Name => "yaql";

    public bool HasExpressions(string text) => Statement().IsMatch(text);

    public IReadOnlyList<string> FindExpressions(string text) =>
        Statement().Matches(text).Select(m => m.Value.Trim('<', '%', '>').Trim()).ToList();

    public IReadOnlyList<ExpressionError> Validate(string text) => [];

    public object? Evaluate(string text, ExpressionScope scope) =>
        throw new YaqlEvaluationException("YAQL is not built yet.");

    // The reference's "<%.*?%>": non-greedy, and '.' does not cross a newline.
    [GeneratedRegex("<%.*?%>", RegexOptions.CultureInvariant)]
    private static partial Regex Statement();
}
