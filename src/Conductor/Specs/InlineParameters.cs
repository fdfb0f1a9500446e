using System.Globalization;
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
    // The reference's pattern is ([\w]+)=(VALUE) with these alternatives for VALUE, tried in
    // this order (its Jinja pattern comes before YAQL's, as the evaluators are registered):
    //   \[.*\]\s*  "[^"]*"\s*  '[^']*'\s*  [-]?\d*\.\d+  [-]?\d+  (?i:true)  (?i:false)  null
    //   {{.*?}}  <%.*?%>
    // Matches are found here the way Python's re.findall finds them, by a scanner that stays
    // linear on any input (the regular expression costs microseconds a match).

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
        foreach (var (key, raw) in new Scanner(s).FindAll()) result.Add((key, Convert(raw)));
        return result;
    }

    /// <summary>Python's <c>\w</c> on one UTF-16 unit: letters, digits and numerals, underscore.</summary>
    internal static bool IsWord(char c) =>
        c == '_' || char.IsLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    private static bool HasTwo(string v, char quote)
    {
        var first = v.IndexOf(quote, StringComparison.Ordinal);
        return first >= 0 && v.IndexOf(quote, first + 1) >= 0;
    }

    private static bool IsDigit(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber;

    private sealed class Scanner(string s)
    {
        // Searches only ever move forward, so each remembers its last answer.
        private readonly Dictionary<string, (int From, int At)> _next = new(StringComparer.Ordinal);
        private (int LineEnd, int Bracket) _lastBracket = (-1, -1);

        public List<(string Key, string Value)> FindAll()
        {
            var found = new List<(string, string)>();
            var pos = 0;
            while (pos < s.Length)
            {
                if (!IsWord(s[pos]))
                {
                    pos++;
                    continue;
                }

                // Every start inside a run of word characters reaches the same '=' (or none),
                // so when the run's first start fails, all of them do.
                var end = pos;
                while (end < s.Length && IsWord(s[end])) end++;
                if (end < s.Length && s[end] == '=')
                {
                    var valueEnd = MatchValue(end + 1);
                    if (valueEnd >= 0)
                    {
                        found.Add((s[pos..end], s[(end + 1)..valueEnd]));
                        pos = valueEnd;
                        continue;
                    }
                }

                pos = end;
            }

            return found;
        }

        private int MatchValue(int p)
        {
            if (p >= s.Length) return -1;
            switch (s[p])
            {
                case '[':
                    var lineEnd = Next("\n", p + 1);
                    if (lineEnd < 0) lineEnd = s.Length;
                    if (_lastBracket.LineEnd != lineEnd) _lastBracket = (lineEnd, s.LastIndexOf(']', lineEnd - 1, lineEnd - p));
                    if (_lastBracket.Bracket > p) return SkipSpace(_lastBracket.Bracket + 1);
                    break;
                case '"':
                case '\'':
                    var close = Next(s[p].ToString(), p + 1);
                    if (close >= 0) return SkipSpace(close + 1);
                    return -1;
            }

            var number = MatchNumber(p);
            if (number >= 0) return number;
            if (Word(p, "true") || Word(p, "false")) return p + (char.ToLowerInvariant(s[p]) == 't' ? 4 : 5);
            if (string.CompareOrdinal(s, p, "null", 0, 4) == 0) return p + 4;
            return Statement(p, "{{", "}}") is var jinja and >= 0 ? jinja : Statement(p, "<%", "%>");
        }

        // [-]?\d*\.\d+ first, then [-]?\d+.
        private int MatchNumber(int p)
        {
            var i = p < s.Length && s[p] == '-' ? p + 1 : p;
            var digits = i;
            while (digits < s.Length && IsDigit(s[digits])) digits++;
            if (digits + 1 < s.Length && s[digits] == '.' && IsDigit(s[digits + 1]))
            {
                var j = digits + 1;
                while (j < s.Length && IsDigit(s[j])) j++;
                return j;
            }

            return digits > i ? digits : -1;
        }

        private bool Word(int p, string word) =>
            p + word.Length <= s.Length && string.Compare(s, p, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0;

        // An opening delimiter, then the first closing one on the same line.
        private int Statement(int p, string open, string close)
        {
            if (string.CompareOrdinal(s, p, open, 0, 2) != 0) return -1;
            var end = Next(close, p + 2);
            if (end < 0) return -1;
            var newline = Next("\n", p + 2);
            return newline >= 0 && newline < end ? -1 : end + 2;
        }

        private int Next(string needle, int from)
        {
            if (_next.TryGetValue(needle, out var last) && last.From <= from && (last.At < 0 || last.At >= from)) return last.At;
            var at = s.IndexOf(needle, from, StringComparison.Ordinal);
            _next[needle] = (from, at);
            return at;
        }

        private int SkipSpace(int i)
        {
            while (i < s.Length && PyText.IsSpace(s[i])) i++;
            return i;
        }
    }

    // JSON text starts (after whitespace) with one of these; anything else fails json.loads, and
    // is kept as text without paying for a parser exception.
    private static bool MayBeJson(string v)
    {
        var t = v.AsSpan().TrimStart(" \t\n\r");
        return t.Length > 0 && t[0] is '{' or '[' or '"' or '-' or (>= '0' and <= '9') or 't' or 'f' or 'n';
    }

    private static object? Convert(string raw)
    {
        var v = PyText.Strip(raw);
        // re.findall('"[^"]*"\s*', v) finds something exactly when v holds two double quotes; the
        // same goes for apostrophes.
        var quotesInParam = HasTwo(v, '"') || HasTwo(v, '\'');
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
        if (!MayBeJson(v)) return v;
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
