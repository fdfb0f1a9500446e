using System.Globalization;
using System.Text;

namespace Orquesta.Azure.Conductor.Specs;

/// <summary>Python's text rules where the reference's spec handling depends on them.</summary>
internal static class PyText
{
    /// <summary>Python's <c>str.isspace()</c> for one UTF-16 unit (all Python whitespace is in the BMP).</summary>
    public static bool IsSpace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' => true,
        >= '\u001C' and <= '\u001F' => true,
        '\u0085' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };

    /// <summary>Python's <c>str.strip()</c>.</summary>
    public static string Strip(string s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    /// <summary>
    /// A Python regular expression as .NET reads it: <c>\w</c> and <c>\s</c> take Python's Unicode
    /// meaning (letters, digits and numerals, underscore; Python's whitespace). The rest of the
    /// syntax the reference's patterns use is the same in both.
    /// </summary>
    public static string TranslatePattern(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 32);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                i++;
                switch (next)
                {
                    case 'w':
                        sb.Append(inClass ? @"\p{L}\p{N}_" : @"[\p{L}\p{N}_]");
                        break;
                    case 's':
                        sb.Append(inClass ? @"\s\x1c-\x1f" : @"[\s\x1c-\x1f]");
                        break;
                    default:
                        sb.Append(c).Append(next);
                        break;
                }

                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
                sb.Append(c);
                // A ']' right after '[' or '[^' is a literal in both dialects.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') sb.Append(pattern[++i]);
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') sb.Append('\\').Append(pattern[++i]);
                continue;
            }

            if (c == ']' && inClass) inClass = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Python's <c>bytes(s, "utf-8").decode("unicode_escape")</c> on ASCII escapes, which the
    /// reference applies to every schema message (so <c>'^(\\s+)'</c> reads <c>'^(\s+)'</c>).
    /// Non-ASCII characters are kept as they are; Python would mangle them through Latin-1.
    /// </summary>
    public static string UnicodeEscapeDecode(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal)) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '\\' || i + 1 >= s.Length)
            {
                sb.Append(c);
                continue;
            }

            var e = s[++i];
            switch (e)
            {
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\n': break;
                case >= '0' and <= '7':
                    var octal = e - '0';
                    for (var k = 0; k < 2 && i + 1 < s.Length && s[i + 1] is >= '0' and <= '7'; k++) octal = (octal * 8) + (s[++i] - '0');
                    sb.Append((char)octal);
                    break;
                case 'x' when TryHex(s, i + 1, 2, out var x):
                    sb.Append((char)x);
                    i += 2;
                    break;
                case 'u' when TryHex(s, i + 1, 4, out var u):
                    sb.Append((char)u);
                    i += 4;
                    break;
                case 'U' when TryHex(s, i + 1, 8, out var big) && big <= 0x10FFFF:
                    sb.Append(char.ConvertFromUtf32(big is >= 0xD800 and <= 0xDFFF ? 0xFFFD : big));
                    i += 8;
                    break;
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }

        return sb.ToString();
    }

    private static bool TryHex(string s, int start, int length, out int value)
    {
        value = 0;
        return start + length <= s.Length
            && int.TryParse(s.AsSpan(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
