using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>Python's <c>json.dumps(value, sort_keys=True, indent=...)</c> as Jinja's <c>tojson</c> calls it.</summary>
internal static class PyJson
{
    public static string Dumps(object? value, int? indent, bool htmlSafe)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent, 0);
        var text = sb.ToString();
        if (!htmlSafe) return text;
        return text.Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal).Replace("'", "\\u0027", StringComparison.Ordinal);
    }

    private static void NewLine(StringBuilder sb, int? indent, int level)
    {
        if (indent is { } n) sb.Append('\n').Append(' ', Math.Max(0, n) * level);
    }

    private static void Write(StringBuilder sb, object? value, int? indent, int level)
    {
        if (level > JsonValues.MaxDepth) throw ExpressionRuntimeError.ValueError("Circular reference detected");
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(FloatText(d)); break;
            case string s: WriteString(sb, s); break;
            case Markup m: WriteString(sb, m.Value); break;
            case ListValue list:
                if (list.Count == 0)
                {
                    sb.Append("[]");
                    break;
                }

                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(indent is null ? ", " : ",");
                    NewLine(sb, indent, level + 1);
                    Write(sb, list[i], indent, level + 1);
                }

                NewLine(sb, indent, level);
                sb.Append(']');
                break;
            case DictValue dict:
                if (dict.Count == 0)
                {
                    sb.Append("{}");
                    break;
                }

                var entries = JinjaRuntime.SortStable(dict.ToList(), (x, y) => JinjaRuntime.CompareValues(x.Key, y.Key) < 0);
                sb.Append('{');
                var first = true;
                foreach (var (key, item) in entries)
                {
                    if (!first) sb.Append(indent is null ? ", " : ",");
                    first = false;
                    NewLine(sb, indent, level + 1);
                    WriteString(sb, key switch
                    {
                        string ks => ks,
                        bool kb => kb ? "true" : "false",
                        long kl => kl.ToString(CultureInfo.InvariantCulture),
                        double kd => FloatText(kd),
                        _ => throw ExpressionRuntimeError.TypeError($"keys must be str, int, float, bool or None, not {JinjaRuntime.TypeName(key)}"),
                    });
                    sb.Append(": ");
                    Write(sb, item, indent, level + 1);
                }

                NewLine(sb, indent, level);
                sb.Append('}');
                break;
            default:
                throw ExpressionRuntimeError.TypeError($"Object of type {JinjaRuntime.TypeName(value)} is not JSON serializable");
        }
    }

    private static string FloatText(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyRepr.FormatFloat(d);

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }

        sb.Append('"');
    }
}

/// <summary>Python's <c>pprint.pformat</c> (width 80, dict keys sorted).</summary>
internal static class PyPrettyPrint
{
    private const int Width = 80;

    public static string Format(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, 0, 0, 0);
        return sb.ToString();
    }

    private static string SafeRepr(object? value, int depth)
    {
        if (depth > 512) throw ExpressionRuntimeError.ValueError("the value is nested too deeply to print");
        switch (value)
        {
            case DictValue dict:
                return "{" + string.Join(", ", SortedItems(dict).Select(e => SafeRepr(e.Key, depth + 1) + ": " + SafeRepr(e.Value, depth + 1))) + "}";
            case ListValue list:
                var inner = string.Join(", ", list.Select(x => SafeRepr(x, depth + 1)));
                return list.IsTuple ? "(" + inner + (list.Count == 1 ? ",)" : ")") : "[" + inner + "]";
            default:
                return JinjaRuntime.Repr(value);
        }
    }

    private static List<KeyValuePair<object, object?>> SortedItems(DictValue dict)
    {
        var items = dict.ToList();
        try
        {
            return JinjaRuntime.SortStable(items, (x, y) => JinjaRuntime.CompareValues(x.Key, y.Key) < 0);
        }
        catch (ExpressionRuntimeError)
        {
            // pprint's _safe_key falls back to ordering by type name for unorderable keys.
            return JinjaRuntime.SortStable(items, (x, y) => string.CompareOrdinal(JinjaRuntime.TypeName(x.Key), JinjaRuntime.TypeName(y.Key)) < 0);
        }
    }

    private static void Write(StringBuilder sb, object? value, int indent, int allowance, int depth)
    {
        var rep = SafeRepr(value, depth);
        if (rep.Length <= Width - indent - allowance || value is not (DictValue or ListValue) || depth > 512)
        {
            sb.Append(rep);
            return;
        }

        switch (value)
        {
            case DictValue dict:
                sb.Append('{');
                var items = SortedItems(dict);
                var inner = indent + 1;
                for (var i = 0; i < items.Count; i++)
                {
                    var last = i == items.Count - 1;
                    var keyRep = SafeRepr(items[i].Key, depth + 1);
                    sb.Append(keyRep).Append(": ");
                    Write(sb, items[i].Value, inner + keyRep.Length + 2, last ? allowance + 1 : 1, depth + 1);
                    if (!last) sb.Append(",\n").Append(' ', inner);
                }

                sb.Append('}');
                break;
            case ListValue list:
                sb.Append(list.IsTuple ? '(' : '[');
                var itemIndent = indent + 1;
                for (var i = 0; i < list.Count; i++)
                {
                    var last = i == list.Count - 1;
                    Write(sb, list[i], itemIndent, last ? allowance + 1 : 1, depth + 1);
                    if (!last) sb.Append(",\n").Append(' ', itemIndent);
                }

                if (list.IsTuple && list.Count == 1) sb.Append(',');
                sb.Append(list.IsTuple ? ')' : ']');
                break;
        }
    }
}

/// <summary>Python's correctly rounded <c>round(x, ndigits)</c> for floats (half to even on the exact binary value).</summary>
internal static class PyRound
{
    public static double Round(double x, long ndigits)
    {
        if (!double.IsFinite(x) || x == 0) return x;
        if (ndigits > 323) return x;
        if (ndigits < -308) return 0.0 * x;
        if (ndigits >= 0)
        {
            var text = PyFormat.FormatFloat(x, 'f', (int)ndigits);
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        // Exact value as mantissa * 2^exponent, rounded half-even to a multiple of 10^-ndigits.
        var bits = BitConverter.DoubleToInt64Bits(x);
        var negative = bits < 0;
        var exponent = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++;
        else fraction |= 1L << 52;
        exponent -= 1075;
        BigInteger numerator = fraction;
        BigInteger denominator = BigInteger.One;
        if (exponent >= 0) numerator <<= exponent;
        else denominator <<= -exponent;
        var unit = BigInteger.Pow(10, (int)-ndigits);
        denominator *= unit;
        var q = BigInteger.DivRem(numerator, denominator, out var r);
        var twice = r * 2;
        if (twice > denominator || (twice == denominator && !q.IsEven)) q += 1;
        var result = double.Parse((q * unit).ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        return negative ? -result : result;
    }
}

/// <summary>Jinja's <c>urlize</c>.</summary>
internal static partial class Urlize
{
    public static object? Apply(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_urlize", a, k, ["trim_url_limit", "nofollow", "target", "rel", "extra_schemes"], [null, false, null, null, null]);
        var relParts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var part in PyStrings.Split(args[3] is null ? string.Empty : JinjaRuntime.Str(args[3]), null, -1)) relParts.Add(part);
        if (JinjaRuntime.Truthy(args[1])) relParts.Add("nofollow");
        relParts.Add("noopener");
        var rel = string.Join(" ", relParts);
        var target = args[2] is null ? null : JinjaRuntime.Str(args[2]);
        var extraSchemes = args[4] is null ? [] : JinjaRuntime.Iterate(args[4]).Select(JinjaRuntime.Str).ToList();
        foreach (var scheme in extraSchemes)
        {
            if (!SchemeRegex().IsMatch(scheme)) throw new ExpressionRuntimeError("FilterArgumentError", $"{PyRepr.QuoteString(scheme)} is not a valid URI scheme prefix.");
        }

        var limit = args[0] is null ? (long?)null : JinjaFilters.Int(args[0]);
        string Trim(string x) => limit is { } n && x.Length > n ? x[..(int)n] + "..." : x;
        var relAttr = rel.Length > 0 ? $" rel=\"{Markup.EscapeText(rel)}\"" : string.Empty;
        var targetAttr = string.IsNullOrEmpty(target) ? string.Empty : $" target=\"{Markup.EscapeText(target)}\"";
        var words = SpaceSplit().Split(Markup.EscapeText(JinjaRuntime.Str(v)));
        for (var i = 0; i < words.Length; i++)
        {
            var middle = words[i];
            var head = string.Empty;
            var tail = string.Empty;
            var lead = LeadRegex().Match(middle);
            if (lead.Success)
            {
                head = lead.Value;
                middle = middle[lead.Length..];
            }

            if (middle.EndsWith(')') || middle.EndsWith('>') || middle.EndsWith('.') || middle.EndsWith(',') || middle.EndsWith('\n') || middle.EndsWith("&gt;", StringComparison.Ordinal))
            {
                var trail = TrailRegex().Match(middle);
                if (trail.Success)
                {
                    tail = trail.Value;
                    middle = middle[..trail.Index];
                }
            }

            foreach (var (open, close) in new[] { ("(", ")"), ("<", ">"), ("&lt;", "&gt;") })
            {
                var openCount = PyStrings.Count(middle, open);
                if (openCount <= PyStrings.Count(middle, close)) continue;
                for (var n = 0; n < Math.Min(openCount, PyStrings.Count(tail, close)); n++)
                {
                    var end = tail.IndexOf(close, StringComparison.Ordinal) + close.Length;
                    middle += tail[..end];
                    tail = tail[end..];
                }
            }

            if (HttpRegex().IsMatch(middle))
            {
                var href = middle.StartsWith("https://", StringComparison.Ordinal) || middle.StartsWith("http://", StringComparison.Ordinal) ? middle : "https://" + middle;
                middle = $"<a href=\"{href}\"{relAttr}{targetAttr}>{Trim(middle)}</a>";
            }
            else if (middle.StartsWith("mailto:", StringComparison.Ordinal) && EmailRegex().IsMatch(middle[7..]))
            {
                middle = $"<a href=\"{middle}\">{middle[7..]}</a>";
            }
            else if (middle.Contains('@', StringComparison.Ordinal) && !middle.StartsWith("www.", StringComparison.Ordinal) && !middle.StartsWith('@')
                     && !middle.Contains(':', StringComparison.Ordinal) && EmailRegex().IsMatch(middle))
            {
                middle = $"<a href=\"mailto:{middle}\">{middle}</a>";
            }
            else
            {
                foreach (var scheme in extraSchemes)
                {
                    if (middle != scheme && middle.StartsWith(scheme, StringComparison.Ordinal)) middle = $"<a href=\"{middle}\"{relAttr}{targetAttr}>{middle}</a>";
                }
            }

            words[i] = head + middle + tail;
        }

        return string.Concat(words);
    }

    [GeneratedRegex(@"(\s+)", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceSplit();

    [GeneratedRegex(@"^([(<]|&lt;)+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadRegex();

    [GeneratedRegex(@"([)>.,\n]|&gt;)+$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailRegex();

    [GeneratedRegex(@"^\S+@\w[\w.-]*\.\w+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"^([\w.+-]{2,}:(/){0,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemeRegex();

    [GeneratedRegex(
        @"^(((https?://|www\.)(([\w%-]+\.)+)?([a-z]{2,63}|xn--[\w%]{2,59}))|(([\w%-]{2,63}\.)+(com|net|int|edu|gov|org|info|mil))|((https?://)((([\d]{1,3})(\.[\d]{1,3}){3})|(\[([\da-f]{0,4}:){2}([\da-f]{0,4}:?){1,6}]))))(?::[\d]{1,5})?(?:[/?#]\S*)?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HttpRegex();
}

/// <summary>Python's <c>textwrap.wrap</c> as Jinja's <c>wordwrap</c> uses it (no tab expansion, whitespace kept).</summary>
internal static partial class TextWrap
{
    public static object? WordWrap(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_wordwrap", a, k, ["width", "break_long_words", "wrapstring", "break_on_hyphens"], [79L, true, null, true]);
        var width = JinjaFilters.Int(args[0]);
        if (width <= 0) throw ExpressionRuntimeError.ValueError($"invalid width {width} (must be > 0)");
        var wrapString = args[2] is null ? "\n" : JinjaRuntime.Str(args[2]);
        var breakLong = JinjaRuntime.Truthy(args[1]);
        var hyphens = JinjaRuntime.Truthy(args[3]);
        var s = JinjaRuntime.Touch(v) as string ?? throw new ExpressionRuntimeError("AttributeError", $"'{JinjaRuntime.TypeName(v)}' object has no attribute 'splitlines'");
        return string.Join(wrapString, PyStrings.SplitLines(s, false).Select(line => string.Join(wrapString, Wrap(line, (int)Math.Min(width, int.MaxValue), breakLong, hyphens))));
    }

    private static List<string> Chunks(string text, bool hyphens)
    {
        var chunks = new List<string>();
        foreach (Match m in (hyphens ? HyphenChunks() : SpaceChunks()).Matches(text))
        {
            if (m.Length > 0) chunks.Add(m.Value);
        }

        return chunks;
    }

    private static bool IsBlank(string chunk) => chunk.All(PyStrings.IsSpace);

    public static List<string> Wrap(string text, int width, bool breakLong, bool hyphens)
    {
        var chunks = Chunks(text, hyphens);
        chunks.Reverse();
        var lines = new List<string>();
        while (chunks.Count > 0)
        {
            var current = new List<string>();
            var length = 0;
            if (lines.Count > 0 && IsBlank(chunks[^1])) chunks.RemoveAt(chunks.Count - 1);
            while (chunks.Count > 0)
            {
                var l = chunks[^1].Length;
                if (length + l <= width)
                {
                    current.Add(chunks[^1]);
                    chunks.RemoveAt(chunks.Count - 1);
                    length += l;
                }
                else
                {
                    break;
                }
            }

            if (chunks.Count > 0 && chunks[^1].Length > width)
            {
                var spaceLeft = width < 1 ? 1 : width - length;
                if (breakLong)
                {
                    var chunk = chunks[^1];
                    var end = spaceLeft;
                    if (hyphens && chunk.Length > spaceLeft)
                    {
                        var hyphen = chunk.LastIndexOf('-', spaceLeft - 1 < 0 ? 0 : Math.Min(spaceLeft - 1, chunk.Length - 1));
                        if (hyphen > 0 && chunk[..hyphen].Any(c => c != '-')) end = hyphen + 1;
                    }

                    current.Add(chunk[..end]);
                    chunks[^1] = chunk[end..];
                }
                else if (current.Count == 0)
                {
                    current.Add(chunks[^1]);
                    chunks.RemoveAt(chunks.Count - 1);
                }
            }

            if (current.Count > 0 && IsBlank(current[^1])) current.RemoveAt(current.Count - 1);
            if (current.Count > 0) lines.Add(string.Concat(current));
        }

        return lines;
    }

    [GeneratedRegex(@"\s+|[^\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceChunks();

    [GeneratedRegex(@"\s+|[^\s-]*\w+[^0-9\W]-(?=\w+[^0-9\W])|[^\s]+?(?=\s|$|-)|-+|[^\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex HyphenChunks();
}
