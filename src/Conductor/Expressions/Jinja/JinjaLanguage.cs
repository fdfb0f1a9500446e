using System.Text.RegularExpressions;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>Jinja (<c>{{ ... }}</c> and <c>{% ... %}</c>) as Orquesta evaluates it.</summary>
internal sealed partial class JinjaLanguage : IExpressionLanguage
{
    public static readonly JinjaLanguage Instance = new();

    public string Name => "jinja";

    public bool HasExpressions(string text) => Inline().IsMatch(text) || Block().IsMatch(text);

    public IReadOnlyList<string> FindExpressions(string text) =>
        Inline().Matches(text).Select(m => m.Value.Trim('{', '}').Trim()).ToList();

    public IReadOnlyList<ExpressionError> Validate(string text) => [];

    public object? Evaluate(string text, ExpressionScope scope) =>
        throw new JinjaEvaluationException("Jinja is not built yet.");

    // The reference's "{{.*?}}" and "{%.*?%}": non-greedy, '.' does not cross a newline.
    [GeneratedRegex("{{.*?}}", RegexOptions.CultureInvariant)]
    private static partial Regex Inline();

    [GeneratedRegex("{%.*?%}", RegexOptions.CultureInvariant)]
    private static partial Regex Block();
}
