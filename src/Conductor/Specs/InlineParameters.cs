using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Specs;

/// <summary>
/// Inline <c>key=value</c> parameters as the reference parses them (<c>utils/parameters.py</c>):
/// in <c>action: core.echo message="hi" count=3</c>, in a <c>publish</c> string, and wherever
/// context inspection meets a string. Values are JSON where they parse as JSON (numbers,
/// <c>true</c>/<c>false</c> in any case, <c>null</c>, bracketed lists, quoted JSON objects);
/// quoted values are strings; <c>&lt;% %&gt;</c> and <c>{{ }}</c> expressions are kept as text.
/// </summary>
internal static class InlineParameters
{
    // The reference's alternatives, in its order (the Jinja pattern comes before YAQL's, as the
    // evaluators are registered). Python's \w and \s are translated; the non-backtracking
    // engine keeps long inputs linear where Python's engine would be quadratic.
    private const string InQuotes = "\"[^\"]*\"\\s*";
    private const string InApostrophes = "'[^']*'\\s*";

    private const string PythonPattern =
        @"([\w]+)=(\[.*\]\s*|" + InQuotes + "|" + InApostrophes + @"|[-]?\d*\.\d+|[-]?\d+|(?i:true)|(?i:false)|null|{{.*?}}|<%.*?%>)";

    private static readonly Regex Params = new(PyText.TranslatePattern(PythonPattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    private static readonly Regex Quotes = new(PyText.TranslatePattern(InQuotes), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    private static readonly Regex Apostrophes = new(PyText.TranslatePattern(InApostrophes), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>The parameters in order, each as a one-key dict (<c>parse_inline_params(s)</c>); empty for anything but a non-empty string.</summary>
    public static ListValue ParseList(object? value)
    {
        var items = new List<object?>();
        foreach (var (key, v) in Parse(value)) items.Add(new DictValue.Builder().Set(key, v).ToDict());
        return ListValue.From(items);
    }

    /// <summary>The parameters as one dict, a repeated name keeping its first place and last value (<c>preserve_order=False</c>).</summary>
    public static DictValue ParseDict(object? value)
    {
        var builder = new DictValue.Builder();
        foreach (var (key, v) in Parse(value)) builder.Set(key, v);
        return builder.ToDict();
    }

    private static List<(string Key, object? Value)> Parse(object? value)
    {
        var result = new List<(string, object?)>();
        if (value is not string s || s.Length == 0) return result;
        foreach (Match m in Params.Matches(s)) result.Add((m.Groups[1].Value, Convert(m.Groups[2].Value)));
        return result;
    }

    private static object? Convert(string raw)
    {
        var v = PyText.Strip(raw);
        var quotesInParam = Quotes.IsMatch(v) || Apostrophes.IsMatch(v);
        if (v.StartsWith('"')) v = v[1..];
        if (v.EndsWith('"')) v = v[..^1];
        if (v.StartsWith('\'')) v = v[1..];
        if (v.EndsWith('\'')) v = v[..^1];
        var quotesInString = false;
        if (v.Length > 0)
        {
            var curly = v[0] == '{' && v[^1] == '}';
            quotesInString = quotesInParam && !curly;
        }

        if (quotesInString) return v;
        var lower = v.ToLowerInvariant();
        if (lower is "true" or "false") v = lower;
        try
        {
            return JsonValues.Parse(v);
        }
        catch (Exception)
        {
            return v;
        }
    }
}
