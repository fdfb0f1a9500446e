using System.Globalization;
using System.Text;

namespace Orquesta.Azure.Conductor.Values;

/// <summary>
/// Python's <c>str()</c> and <c>repr()</c> of workflow values. The reference substitutes
/// expression results into text with <c>str()</c>, so <c>True</c>, <c>None</c>,
/// <c>{'a': 1}</c> and <c>2.0</c> are what users see there.
/// </summary>
public static class PyRepr
{
    /// <summary>Python <c>str(v)</c>. With <paramref name="listsAsTuples"/>, lists print as tuples (YAQL's frozen input data).</summary>
    public static string Str(object? v, bool listsAsTuples = false) => v switch
    {
        string s => s,
        _ => Repr(v, listsAsTuples),
    };

    /// <summary>Python <c>repr(v)</c>.</summary>
    public static string Repr(object? v, bool listsAsTuples = false)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, v, listsAsTuples, 0);
        return sb.ToString();
    }

    /// <summary>Python's <c>repr()</c> of a float: the shortest text that reads back the same.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";

        // Shortest round-trip digits and decimal exponent from .NET's "R" (shortest since .NET Core 3.0).
        var shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int exponent; // value = 0.d1d2d3... * 10^exponent  => decimal point after `exponent` digits
        var ePos = shortest.IndexOfAny(['E', 'e']);
        var mantissa = ePos >= 0 ? shortest[..ePos] : shortest;
        var exp10 = ePos >= 0 ? int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        exponent = intPart.Length + exp10 - leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";

        // Python repr: scientific when the exponent (of d.ddd form) is < -4 or >= 16.
        var sciExp = exponent - 1;
        var sb = new StringBuilder();
        if (d < 0) sb.Append('-');
        if (sciExp < -4 || sciExp >= 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(sciExp < 0 ? '-' : '+').Append(Math.Abs(sciExp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (exponent <= 0)
        {
            sb.Append("0.").Append('0', -exponent).Append(digits);
        }
        else if (exponent >= digits.Length)
        {
            sb.Append(digits).Append('0', exponent - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, exponent).Append('.').Append(digits, exponent, digits.Length - exponent);
        }

        return sb.ToString();
    }

    /// <summary>Python's <c>repr()</c> of a string: single quotes unless it holds one and no double quote.</summary>
    public static string QuoteString(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendQuoted(sb, s);
        return sb.ToString();
    }

    private static void AppendQuoted(StringBuilder sb, string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        sb.Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote) sb.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }

        sb.Append(quote);
    }

    private static void AppendRepr(StringBuilder sb, object? v, bool tuples, int depth)
    {
        if (depth > 512) throw ExpressionRuntimeError.ValueError("the value is nested too deeply to print");
        switch (v)
        {
            case null: sb.Append("None"); break;
            case bool b: sb.Append(b ? "True" : "False"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(FormatFloat(d)); break;
            case string s: AppendQuoted(sb, s); break;
            case ListValue list:
                var tuple = tuples || list.IsTuple;
                sb.Append(tuple ? '(' : '[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AppendRepr(sb, list[i], tuples, depth + 1);
                }

                if (tuple && list.Count == 1) sb.Append(',');
                sb.Append(tuple ? ')' : ']');
                break;
            case DictValue dict:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in dict)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    AppendRepr(sb, key, tuples, depth + 1);
                    sb.Append(": ");
                    AppendRepr(sb, value, tuples, depth + 1);
                }

                sb.Append('}');
                break;
            case DateTimeOffset dt: sb.Append(FormatDateTime(dt)); break;
            case TimeSpan ts: sb.Append(FormatTimeSpan(ts)); break;
            default: sb.Append(v.ToString()); break;
        }
    }

    /// <summary>Python's <c>str()</c> of a timezone-aware datetime.</summary>
    public static string FormatDateTime(DateTimeOffset dt)
    {
        var text = dt.ToString(dt.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var off = dt.Offset;
        var sign = off < TimeSpan.Zero ? '-' : '+';
        off = off.Duration();
        return $"{text}{sign}{off.Hours:00}:{off.Minutes:00}";
    }

    /// <summary>Python's <c>str()</c> of a timedelta.</summary>
    public static string FormatTimeSpan(TimeSpan ts)
    {
        var days = (long)Math.Floor(ts.TotalDays);
        var rest = ts - TimeSpan.FromDays(days);
        var text = string.Create(CultureInfo.InvariantCulture, $"{(int)rest.TotalHours}:{rest.Minutes:00}:{rest.Seconds:00}");
        var micro = rest.Ticks % TimeSpan.TicksPerSecond / 10;
        if (micro != 0) text += string.Create(CultureInfo.InvariantCulture, $".{micro:000000}");
        if (days != 0) text = string.Create(CultureInfo.InvariantCulture, $"{days} day{(Math.Abs(days) == 1 ? string.Empty : "s")}, {text}");
        return text;
    }
}
