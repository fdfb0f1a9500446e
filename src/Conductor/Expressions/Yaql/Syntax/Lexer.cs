using System.Globalization;
using System.Text;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Syntax;

internal enum TokenKind
{
    End,
    Number,
    QuotedString,
    KeywordString,
    Func,
    Dollar,
    True,
    False,
    Null,
    Operator,
    Indexer,
    Map,
    Mapping,
    LParen,
    RParen,
    RBracket,
    RBrace,
    Comma,
}

/// <summary>A token: its kind, its text (operator symbol, name), its value and where it starts.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, object? Value, int Position)
{
    /// <summary>The token as yaql's grammar error prints it (<c>"{}".format(p.value)</c>).</summary>
    public string Display => Kind switch
    {
        TokenKind.Number or TokenKind.True or TokenKind.False or TokenKind.Null => Runtime.YaqlRepr.Str(Value),
        TokenKind.QuotedString => (string)Value!,
        _ => Text,
    };
}

/// <summary>
/// YAQL's lexer (yaql/language/lexer.py on ply), token by token on demand as ply's is. The rules
/// are tried in ply's order: <c>$name</c>, numbers, <c>name(</c>, bare names (operator words and
/// <c>true</c>/<c>false</c>/<c>null</c> among them), quoted strings, then operator symbols longest
/// first, then the single-character literals.
/// </summary>
internal sealed class Lexer(string text)
{
    private int _pos;

    public string Text { get; } = text;

    // Symbol operators of yaql's default operator table (factory.py), longest first, as ply sorts string rules.
    private static readonly string[] TwoCharOperators = ["?.", "->", "=~", "!~", ">=", "<=", "!=", "=>"];
    private const string OneCharOperators = ".+-*/><=";

    internal static readonly HashSet<string> WordOperators = new(StringComparer.Ordinal) { "and", "or", "not", "in", "mod" };

    public Token Next()
    {
        var s = Text;
        while (_pos < s.Length && s[_pos] is ' ' or '\t' or '\r' or '\n') _pos++;
        if (_pos >= s.Length) return new Token(TokenKind.End, string.Empty, null, _pos);
        var start = _pos;
        var c = s[start];

        if (c == '$')
        {
            var end = start + 1;
            while (end < s.Length && WordWidth(s, end) is var w && w > 0) end += w;
            _pos = end;
            var path = s[start..end];
            return new Token(TokenKind.Dollar, path, path, start);
        }

        if (char.IsDigit(c) && !WordBefore(s, start) && TryNumber(start, out var numberEnd, out var number))
        {
            _pos = numberEnd;
            return new Token(TokenKind.Number, s[start..numberEnd], number, start);
        }

        if (WordWidth(s, start) is var first && first > 0 && !char.IsDigit(c) && !WordBefore(s, start))
        {
            var end = start + first;
            while (end < s.Length && WordWidth(s, end) is var w && w > 0) end += w;
            var name = s[start..end];
            if (end < s.Length && s[end] == '(')
            {
                _pos = end + 1;
                return new Token(TokenKind.Func, name, name, start);
            }

            // (?!__): names starting with two underscores are not keywords.
            if (!name.StartsWith("__", StringComparison.Ordinal))
            {
                _pos = end;
                return name switch
                {
                    "true" => new Token(TokenKind.True, name, true, start),
                    "false" => new Token(TokenKind.False, name, false, start),
                    "null" => new Token(TokenKind.Null, name, null, start),
                    _ when WordOperators.Contains(name) => new Token(TokenKind.Operator, name, name, start),
                    _ => new Token(TokenKind.KeywordString, name, name, start),
                };
            }
        }

        if (c is '\'' or '"' or '`')
        {
            var end = ScanQuoted(start, c);
            if (end > 0)
            {
                _pos = end;
                var body = s[(start + 1)..(end - 1)];
                var value = c == '`' ? body.Replace("\\`", "`", StringComparison.Ordinal) : DecodeEscapes(body, start + 1);
                return new Token(TokenKind.QuotedString, s[start..end], value, start);
            }
        }

        if (start + 1 < s.Length)
        {
            var two = s.Substring(start, 2);
            if (Array.IndexOf(TwoCharOperators, two) >= 0)
            {
                _pos = start + 2;
                return new Token(two == "=>" ? TokenKind.Mapping : TokenKind.Operator, two, two, start);
            }
        }

        if (OneCharOperators.Contains(c, StringComparison.Ordinal))
        {
            _pos = start + 1;
            return new Token(TokenKind.Operator, c.ToString(), c.ToString(), start);
        }

        var kind = c switch
        {
            '[' => TokenKind.Indexer,
            '{' => TokenKind.Map,
            '(' => TokenKind.LParen,
            ')' => TokenKind.RParen,
            ']' => TokenKind.RBracket,
            '}' => TokenKind.RBrace,
            ',' => TokenKind.Comma,
            _ => TokenKind.End,
        };
        if (kind != TokenKind.End)
        {
            _pos = start + 1;
            return new Token(kind, c.ToString(), c.ToString(), start);
        }

        var bad = char.IsHighSurrogate(c) && start + 1 < s.Length && char.IsLowSurrogate(s[start + 1]) ? s.Substring(start, 2) : c.ToString();
        throw YaqlParseException.Lexical(bad, CodePointIndex(start));
    }

    /// <summary>The index of a UTF-16 position in code points, as Python's positions count.</summary>
    public int CodePointIndex(int utf16Index)
    {
        var n = 0;
        for (var i = 0; i < utf16Index && i < Text.Length; i++)
        {
            if (char.IsHighSurrogate(Text[i]) && i + 1 < Text.Length && char.IsLowSurrogate(Text[i + 1])) i++;
            n++;
        }

        return n;
    }

    /// <summary>Python's <c>\w</c> for str patterns: letters, digits and numbers of any script, and the underscore.</summary>
    public static bool IsWord(char c) => char.IsLetter(c) || char.IsNumber(c) || c == '_';

    /// <summary>The UTF-16 length of the word character at <paramref name="i"/> (a surrogate pair counts as one), or 0.</summary>
    private static int WordWidth(string s, int i)
    {
        if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            return char.IsLetter(s, i) || char.IsNumber(s, i) ? 2 : 0;
        }

        return IsWord(s[i]) ? 1 : 0;
    }

    private static bool WordBefore(string s, int i)
    {
        if (i == 0) return false;
        if (char.IsLowSurrogate(s[i - 1]) && i >= 2 && char.IsHighSurrogate(s[i - 2])) return WordWidth(s, i - 2) > 0;
        return IsWord(s[i - 1]);
    }

    // \b\d+(\.?\d+)?\b, with the regex's backtracking: a float when digits follow the dot and a
    // word boundary follows them, else the integer part when a word boundary follows it.
    private bool TryNumber(int start, out int end, out object? value)
    {
        var s = Text;
        var i = start;
        while (i < s.Length && char.IsDigit(s[i])) i++;
        if (i + 1 < s.Length && s[i] == '.' && char.IsDigit(s[i + 1]))
        {
            var j = i + 1;
            while (j < s.Length && char.IsDigit(s[j])) j++;
            if (j == s.Length || WordWidth(s, j) == 0)
            {
                end = j;
                value = ParseFloat(s[start..j]);
                return true;
            }
        }

        if (i == s.Length || WordWidth(s, i) == 0)
        {
            end = i;
            value = ParseInt(s[start..i], start);
            return true;
        }

        end = start;
        value = null;
        return false;
    }

    private static string AsciiDigits(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text) sb.Append(ch == '.' ? '.' : (char)('0' + CharUnicodeInfo.GetDecimalDigitValue(ch)));
        return sb.ToString();
    }

    private static double ParseFloat(string text) => double.Parse(AsciiDigits(text), NumberStyles.Float, CultureInfo.InvariantCulture);

    private long ParseInt(string text, int start)
    {
        if (long.TryParse(AsciiDigits(text), NumberStyles.None, CultureInfo.InvariantCulture, out var l)) return l;
        throw YaqlParseException.Grammar(Text, text, CodePointIndex(start), "Parse error: integer literal " + text + " is too large at position " + CodePointIndex(start) + " of expression '" + Text + "'");
    }

    // '([^'\\]|\\.)*' where '.' is any character but a newline; returns the index after the closing quote, or -1.
    private int ScanQuoted(int start, char quote)
    {
        var s = Text;
        var i = start + 1;
        while (i < s.Length)
        {
            var ch = s[i];
            if (ch == quote) return i + 1;
            if (ch == '\\')
            {
                if (i + 1 >= s.Length || s[i + 1] == '\n') return -1;
                i += 2;
                continue;
            }

            i++;
        }

        return -1;
    }

    /// <summary>
    /// yaql's <c>decode_escapes</c>: <c>\U........</c>, <c>\u....</c>, <c>\x..</c>, octal, <c>\N{name}</c> and the
    /// single-character escapes are decoded as Python's <c>unicode-escape</c> codec does; any other
    /// backslash stays as it is.
    /// </summary>
    public static string DecodeEscapes(string body, int bodyPosition = 0)
    {
        if (!body.Contains('\\', StringComparison.Ordinal)) return body;
        var sb = new StringBuilder(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            var ch = body[i];
            if (ch != '\\' || i + 1 >= body.Length)
            {
                sb.Append(ch);
                i++;
                continue;
            }

            var e = body[i + 1];
            switch (e)
            {
                case 'U' when i + 10 <= body.Length:
                    sb.Append(HexEscape(body, i, 8, bodyPosition));
                    i += 10;
                    break;
                case 'u' when i + 6 <= body.Length:
                    sb.Append(HexEscape(body, i, 4, bodyPosition));
                    i += 6;
                    break;
                case 'x' when i + 4 <= body.Length:
                    sb.Append(HexEscape(body, i, 2, bodyPosition));
                    i += 4;
                    break;
                case >= '0' and <= '7':
                    var n = 0;
                    var j = i + 1;
                    while (j < body.Length && j < i + 4 && body[j] is >= '0' and <= '7')
                    {
                        n = (n * 8) + (body[j] - '0');
                        j++;
                    }

                    sb.Append((char)n);
                    i = j;
                    break;
                case 'N' when i + 2 < body.Length && body[i + 2] == '{' && body.IndexOf('}', i + 3) > i + 3:
                    var close = body.IndexOf('}', i + 3);
                    var charName = body[(i + 3)..close];
                    throw new YaqlParseException("UnicodeDecodeError", $"'unicodeescape' codec can't decode bytes in position 0-{close - i}: unknown Unicode character name '{charName}'");
                case '\\': sb.Append('\\'); i += 2; break;
                case '\'': sb.Append('\''); i += 2; break;
                case '"': sb.Append('"'); i += 2; break;
                case 'a': sb.Append('\a'); i += 2; break;
                case 'b': sb.Append('\b'); i += 2; break;
                case 'f': sb.Append('\f'); i += 2; break;
                case 'n': sb.Append('\n'); i += 2; break;
                case 'r': sb.Append('\r'); i += 2; break;
                case 't': sb.Append('\t'); i += 2; break;
                case 'v': sb.Append('\v'); i += 2; break;
                default:
                    sb.Append(ch);
                    i++;
                    break;
            }
        }

        return sb.ToString();
    }

    private static string HexEscape(string body, int at, int digits, int bodyPosition)
    {
        var hex = body.Substring(at + 2, digits);
        var valid = 0;
        while (valid < hex.Length && char.IsAsciiHexDigit(hex[valid])) valid++;
        if (valid < hex.Length || !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            var kind = digits switch { 2 => "\\xXX", 4 => "\\uXXXX", _ => "\\UXXXXXXXX" };
            throw new YaqlParseException("UnicodeDecodeError", $"'unicodeescape' codec can't decode bytes in position 0-{valid + 1}: truncated {kind} escape");
        }

        if (code > 0x10FFFF)
        {
            throw new YaqlParseException("UnicodeDecodeError", $"'unicodeescape' codec can't decode bytes in position 0-{digits + 1}: illegal Unicode character");
        }

        _ = bodyPosition;
        return char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code);
    }
}

/// <summary>A YAQL expression that does not parse: yaql's <c>YaqlGrammarException</c>, <c>YaqlLexicalException</c>, or a codec error in a string literal.</summary>
internal sealed class YaqlParseException(string errorType, string message) : Exception(message)
{
    /// <summary>The reference's exception class name.</summary>
    public string ErrorType { get; } = errorType;

    public static YaqlParseException Lexical(string character, int position) =>
        new("YaqlLexicalException", $"Lexical error: illegal character '{character}' at position {position}");

    public static YaqlParseException Grammar(string expression, string? value, int? position, string? message = null) =>
        new("YaqlGrammarException", message ?? (position is null
            ? "Parse error: unexpected end of statement"
            : $"Parse error: unexpected '{value}' at position {position} of expression '{expression}'"));
}
