using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Expressions.Jinja;
using Orquesta.Azure.Conductor.Expressions.Yaql;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions;

/// <summary>
/// Evaluates, validates and inspects Orquesta statements: strings that may hold YAQL
/// (<c>&lt;% ... %&gt;</c>) or Jinja (<c>{{ ... }}</c>, <c>{% ... %}</c>) expressions, and lists
/// and dicts of them, walked recursively as the reference does.
/// </summary>
public static partial class ExpressionEvaluator
{
    /// <summary>The message the reference gives for YAQL and Jinja in one string.</summary>
    public const string MultipleTypesMessage = "Expression with multiple types is not supported.";

    // The reference registers YAQL first: where a string held both, YAQL would evaluate it.
    private static readonly IExpressionLanguage[] Languages = [YaqlLanguage.Instance, JinjaLanguage.Instance];

    /// <summary>Whether <paramref name="text"/> holds any expression.</summary>
    public static bool HasExpressions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var language in Languages)
        {
            if (language.HasExpressions(text)) return true;
        }

        return false;
    }

    /// <summary>
    /// Evaluates every string in <paramref name="statement"/> (dict keys and values, list items,
    /// recursively). A string that is exactly one expression yields its native value.
    /// </summary>
    /// <exception cref="OrquestaException">
    /// <see cref="YaqlEvaluationException"/> or <see cref="JinjaEvaluationException"/> with the
    /// reference's message; <see cref="ExpressionEvaluationException"/> for a string that mixes
    /// the two languages.
    /// </exception>
    public static object? Evaluate(object? statement, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        switch (statement)
        {
            case string text:
                return EvaluateString(text, scope);
            case ListValue list:
                var items = new object?[list.Count];
                var changed = false;
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Evaluate(list[i], scope);
                    changed |= !ReferenceEquals(items[i], list[i]);
                }

                return changed ? ListValue.Wrap(items) : list;
            case DictValue dict:
                var builder = new DictValue.Builder();
                foreach (var (key, value) in dict)
                {
                    var k = Evaluate(key, scope);
                    builder.Set(k ?? throw new ExpressionEvaluationException($"The key '{PyRepr.Str(key)}' evaluated to None."), Evaluate(value, scope));
                }

                return builder.ToDict();
            default:
                return statement;
        }
    }

    private static object? EvaluateString(string text, ExpressionScope scope)
    {
        IExpressionLanguage? found = null;
        foreach (var language in Languages)
        {
            if (!language.HasExpressions(text)) continue;
            if (found is not null) throw new ExpressionEvaluationException(MultipleTypesMessage);
            found = language;
        }

        return found is null ? text : found.Evaluate(text, scope);
    }

    /// <summary>Grammar errors in every string of <paramref name="statement"/>, all at once.</summary>
    public static IReadOnlyList<ExpressionError> Validate(object? statement)
    {
        var errors = new List<ExpressionError>();
        Validate(statement, errors);
        return errors;
    }

    private static void Validate(object? statement, List<ExpressionError> errors)
    {
        switch (statement)
        {
            case DictValue dict:
                foreach (var (key, value) in dict)
                {
                    Validate(key, errors);
                    Validate(value, errors);
                }

                break;
            case ListValue list:
                foreach (var item in list) Validate(item, errors);
                break;
            case string text:
                var languages = Languages.Where(l => l.HasExpressions(text)).ToList();
                if (languages.Count == 1) errors.AddRange(languages[0].Validate(text));
                else if (languages.Count > 1) errors.Add(new ExpressionError(null, text, MultipleTypesMessage));
                break;
        }
    }

    /// <summary>
    /// The context variables that <paramref name="statement"/> reads through <c>ctx(name)</c>,
    /// <c>ctx('name')</c> or <c>ctx().name</c>, found the way the reference finds them,
    /// distinct and sorted by name.
    /// </summary>
    public static IReadOnlyList<VariableReference> ExtractVariables(object? statement)
    {
        var found = new HashSet<VariableReference>();
        ExtractVariables(statement, found);
        return found
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ThenBy(v => v.Type, StringComparer.Ordinal)
            .ThenBy(v => v.Expression, StringComparer.Ordinal)
            .ToList();
    }

    private static void ExtractVariables(object? statement, HashSet<VariableReference> found)
    {
        switch (statement)
        {
            case DictValue dict:
                foreach (var (key, value) in dict)
                {
                    ExtractVariables(key, found);
                    ExtractVariables(value, found);
                }

                break;
            case ListValue list:
                foreach (var item in list) ExtractVariables(item, found);
                break;
            case string text:
                foreach (var language in Languages)
                {
                    foreach (var expression in language.FindExpressions(text))
                    {
                        foreach (Match reference in CtxReference().Matches(expression))
                        {
                            var varRef = reference.Value.Trim();
                            foreach (var extract in VariableExtractors)
                            {
                                var m = extract.Match(varRef);
                                if (m.Success && m.Groups[1].Value.Length > 0) found.Add(new VariableReference(language.Name, text, m.Groups[1].Value));
                            }
                        }
                    }
                }

                break;
        }
    }

    private const string RefChars = @"[\]\[a-zA-Z0-9_'""\.()]*";
    private const string VarName = "[a-zA-Z0-9_-]+";

    [GeneratedRegex(@"\bctx\(['""]?" + RefChars + @"['""]?\)\.?" + RefChars, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex CtxReference();

    private static readonly Regex[] VariableExtractors =
    [
        new(@"(?<=\bctx\(\)\.)(" + VarName + @")\b(?!\()\.?", RegexOptions.CultureInvariant),
        new(@"(?:\bctx\((" + VarName + @")\))", RegexOptions.CultureInvariant),
        new(@"(?:\bctx\('(" + VarName + @")'\))", RegexOptions.CultureInvariant),
        new(@"(?:\bctx\(""(" + VarName + @")""\))", RegexOptions.CultureInvariant),
    ];
}
