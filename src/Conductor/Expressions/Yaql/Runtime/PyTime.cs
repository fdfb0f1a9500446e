using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>Python's <c>strftime</c>, <c>strptime</c> and a dateutil-like <c>parse</c>, in the C locale.</summary>
internal static partial class PyTime
{
    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static int Weekday(DateTimeOffset dt) => ((int)dt.DayOfWeek + 6) % 7;

    /// <summary><c>datetime.strftime(format)</c>.</summary>
    public static string StrFTime(DateTimeOffset dt, string format)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                sb.Append(c);
                continue;
            }

            var d = format[++i];
            switch (d)
            {
                case 'a': sb.Append(Days[Weekday(dt)][..3]); break;
                case 'A': sb.Append(Days[Weekday(dt)]); break;
                case 'w': sb.Append((int)dt.DayOfWeek); break;
                case 'u': sb.Append(Weekday(dt) + 1); break;
                case 'd': sb.Append(dt.Day.ToString("00", inv)); break;
                case 'e': sb.Append(dt.Day.ToString(inv).PadLeft(2)); break;
                case 'b' or 'h': sb.Append(Months[dt.Month - 1][..3]); break;
                case 'B': sb.Append(Months[dt.Month - 1]); break;
                case 'm': sb.Append(dt.Month.ToString("00", inv)); break;
                case 'y': sb.Append((dt.Year % 100).ToString("00", inv)); break;
                case 'Y': sb.Append(dt.Year.ToString(inv)); break;
                case 'C': sb.Append((dt.Year / 100).ToString("00", inv)); break;
                case 'H': sb.Append(dt.Hour.ToString("00", inv)); break;
                case 'I': sb.Append(((dt.Hour + 11) % 12 + 1).ToString("00", inv)); break;
                case 'p': sb.Append(dt.Hour < 12 ? "AM" : "PM"); break;
                case 'M': sb.Append(dt.Minute.ToString("00", inv)); break;
                case 'S': sb.Append(dt.Second.ToString("00", inv)); break;
                case 'f': sb.Append((dt.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", inv)); break;
                case 'z': sb.Append(Offset(dt.Offset, colon: false)); break;
                case 'Z': sb.Append(dt.Offset == TimeSpan.Zero ? "UTC" : string.Empty); break;
                case 'j': sb.Append(dt.DayOfYear.ToString("000", inv)); break;
                case 'U': sb.Append(((dt.DayOfYear + 6 - (int)dt.DayOfWeek) / 7).ToString("00", inv)); break;
                case 'W': sb.Append(((dt.DayOfYear + 6 - Weekday(dt)) / 7).ToString("00", inv)); break;
                case 'G': sb.Append(ISOWeek.GetYear(dt.DateTime).ToString(inv)); break;
                case 'V': sb.Append(ISOWeek.GetWeekOfYear(dt.DateTime).ToString("00", inv)); break;
                case 'c': sb.Append(StrFTime(dt, "%a %b ")).Append(dt.Day.ToString(inv).PadLeft(2)).Append(StrFTime(dt, " %H:%M:%S %Y")); break;
                case 'x': sb.Append(StrFTime(dt, "%m/%d/%y")); break;
                case 'X': sb.Append(StrFTime(dt, "%H:%M:%S")); break;
                case 'D': sb.Append(StrFTime(dt, "%m/%d/%y")); break;
                case 'F': sb.Append(StrFTime(dt, "%Y-%m-%d")); break;
                case 'T': sb.Append(StrFTime(dt, "%H:%M:%S")); break;
                case 'R': sb.Append(StrFTime(dt, "%H:%M")); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case '%': sb.Append('%'); break;
                default: sb.Append('%').Append(d); break;
            }
        }

        return sb.ToString();
    }

    private static string Offset(TimeSpan offset, bool colon)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var a = offset.Duration();
        var text = colon ? $"{a.Hours:00}:{a.Minutes:00}" : $"{a.Hours:00}{a.Minutes:00}";
        return sign + text;
    }

    /// <summary><c>datetime.strptime(string, format)</c>, naive results taken as UTC.</summary>
    public static DateTimeOffset StrPTime(string text, string format)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                pattern.Append(char.IsWhiteSpace(c) ? @"\s+" : Regex.Escape(c.ToString()));
                continue;
            }

            var d = format[++i];
            pattern.Append(d switch
            {
                'Y' => @"(?<Y>\d{4})",
                'y' => @"(?<y>\d{1,2})",
                'm' => @"(?<m>\d{1,2})",
                'd' => @"(?<d>\d{1,2})",
                'H' => @"(?<H>\d{1,2})",
                'I' => @"(?<I>\d{1,2})",
                'M' => @"(?<M>\d{1,2})",
                'S' => @"(?<S>\d{1,2})",
                'f' => @"(?<f>\d{1,6})",
                'j' => @"(?<j>\d{1,3})",
                'p' => @"(?<p>(?i:am|pm))",
                'b' or 'h' => @"(?<b>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
                'B' => @"(?<B>(?i:january|february|march|april|may|june|july|august|september|october|november|december))",
                'a' => @"(?i:mon|tue|wed|thu|fri|sat|sun)",
                'A' => @"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
                'z' => @"(?<z>Z|[+-]\d\d:?\d\d(?::?\d\d)?)",
                'Z' => @"(?i:utc|gmt)?",
                '%' => "%",
                _ => throw YaqlErrors.ValueError($"'{d}' is a bad directive in format '%{d}'"),
            });
        }

        pattern.Append('$');
        var m = Regex.Match(text, pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!m.Success) throw YaqlErrors.ValueError($"time data {Values.PyRepr.QuoteString(text)} does not match format {Values.PyRepr.QuoteString(format)}");
        int Get(string name, int fallback) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
        var year = m.Groups["Y"].Success ? Get("Y", 1900) : m.Groups["y"].Success ? (Get("y", 0) is var y && y < 69 ? 2000 + y : 1900 + y) : 1900;
        var month = m.Groups["m"].Success ? Get("m", 1)
            : m.Groups["b"].Success ? Array.FindIndex(Months, n => n.StartsWith(m.Groups["b"].Value, StringComparison.OrdinalIgnoreCase)) + 1
            : m.Groups["B"].Success ? Array.FindIndex(Months, n => n.Equals(m.Groups["B"].Value, StringComparison.OrdinalIgnoreCase)) + 1
            : 1;
        var day = Get("d", 1);
        var hour = m.Groups["I"].Success ? Get("I", 12) % 12 + (m.Groups["p"].Success && m.Groups["p"].Value.Equals("pm", StringComparison.OrdinalIgnoreCase) ? 12 : 0) : Get("H", 0);
        var micro = m.Groups["f"].Success ? int.Parse(m.Groups["f"].Value.PadRight(6, '0'), CultureInfo.InvariantCulture) : 0;
        var offset = m.Groups["z"].Success ? ParseOffset(m.Groups["z"].Value) : TimeSpan.Zero;
        if (m.Groups["j"].Success && !m.Groups["m"].Success && !m.Groups["d"].Success)
        {
            var date = new DateTime(year, 1, 1).AddDays(Get("j", 1) - 1);
            month = date.Month;
            day = date.Day;
        }

        return Library.DateTimeLibrary.Build(year, month, day, hour, Get("M", 0), Get("S", 0), micro, offset);
    }

    private static TimeSpan ParseOffset(string text)
    {
        if (text is "Z" or "z") return TimeSpan.Zero;
        var sign = text[0] == '-' ? -1 : 1;
        var digits = text[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var seconds = digits.Length >= 6 ? int.Parse(digits.AsSpan(4, 2), CultureInfo.InvariantCulture) : 0;
        return sign * new TimeSpan(hours, minutes, seconds);
    }

    [GeneratedRegex(@"^\s*(?<Y>\d{4})-?(?<m>\d{2})(?:-?(?<d>\d{2}))?(?:[T ](?<H>\d{2})(?::?(?<M>\d{2})(?::?(?<S>\d{2})(?:[.,](?<f>\d{1,9}))?)?)?)?\s*(?<z>Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();

    /// <summary>
    /// dateutil's <c>parser.parse</c> for the forms workflows use: ISO 8601 (date, date and time,
    /// fractions, <c>Z</c> or an offset), and the common English forms (<c>Nov 21 2006 16:30</c>,
    /// <c>11/21/2006</c>, month first). A missing date is <paramref name="today"/>'s; a naive result is UTC.
    /// </summary>
    public static DateTimeOffset Parse(string text, DateTimeOffset today)
    {
        var iso = IsoPattern().Match(text);
        if (iso.Success)
        {
            int Get(string name, int fallback) => iso.Groups[name].Success ? int.Parse(iso.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
            var fraction = iso.Groups["f"].Success ? iso.Groups["f"].Value : "0";
            var micro = int.Parse(fraction.PadRight(6, '0')[..6], CultureInfo.InvariantCulture);
            var zone = iso.Groups["z"].Value;
            var offset = zone.Length == 0 || zone is "Z" or "z" or "UTC" or "GMT" ? TimeSpan.Zero : ParseOffset(zone.Length == 3 ? zone + "00" : zone);
            return Library.DateTimeLibrary.Build(Get("Y", 1), Get("m", 1), Get("d", 1), Get("H", 0), Get("M", 0), Get("S", 0), micro, offset);
        }

        const DateTimeStyles styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var parsed))
        {
            // With no date in the text, dateutil takes today's.
            if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.NoCurrentDateDefault, out var plain)
                && plain.Year == 1 && plain.Month == 1 && plain.Day == 1)
            {
                parsed = new DateTimeOffset(today.Year, today.Month, today.Day, parsed.Hour, parsed.Minute, parsed.Second, parsed.Offset).AddTicks(parsed.Ticks % TimeSpan.TicksPerSecond);
            }

            var ticks = parsed.Ticks - (parsed.Ticks % 10);
            return new DateTimeOffset(ticks, Library.DateTimeLibrary.CheckOffset(parsed.Offset));
        }

        throw new ExpressionRuntimeError("ParserError", $"Unknown string format: {text}");
    }
}
