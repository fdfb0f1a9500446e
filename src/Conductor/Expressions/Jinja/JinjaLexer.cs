using System.Globalization;
using System.Text;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>The kinds of token the Jinja lexer produces.</summary>
internal enum TokenKind
{
    Data,
    VariableBegin,
    VariableEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Add,
    Sub,
    Div,
    FloorDiv,
    Mul,
    Mod,
    Pow,
    Tilde,
    LBracket,
    RBracket,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Eq,
    Ne,
    Gt,
    GtEq,
    Lt,
    LtEq,
    Assign,
    Dot,
    Colon,
    Pipe,
    Comma,
    Semicolon,
    Eof,

    /// <summary>Not a token: the lexer failed here (Jinja's lexer is lazy, so the error surfaces only when the parser reaches it).</summary>
    Error,
}

/// <summary>One token: its kind, its text (names, strings, data), its literal value (numbers), line and offset.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, object? Literal, int Line, int Offset)
{
    public bool IsName(string name) => Kind == TokenKind.Name && Text == name;

    /// <summary>Jinja's <c>describe_token</c>.</summary>
    public string Describe() => Kind == TokenKind.Name ? Text : JinjaLexer.DescribeKind(Kind);
}

/// <summary>
/// Jinja's lexer with Orquesta's settings (default delimiters, <c>trim_blocks</c>, <c>lstrip_blocks</c>,
/// no line statements, trailing newline dropped): template data, <c>{{ }}</c>, <c>{% %}</c>,
/// <c>{# #}</c>, <c>{% raw %}</c> and whitespace control with <c>-</c> and <c>+</c>.
/// </summary>
internal static class JinjaLexer
{
    /// <summary>The longest source text the lexer accepts.</summary>
    public const int MaxSourceLength = 1 << 20;

    private enum State
    {
        Root,
        Variable,
    }

    /// <summary>Tokenizes a template, or an expression alone (<paramref name="expressionOnly"/>, Jinja's <c>state="variable"</c>).</summary>
    public static List<Token> Tokenize(string source, bool expressionOnly = false)
    {
        if (source.Length > MaxSourceLength) throw new TemplateSyntaxException("template is too long", 1, 0);
        var lexer = new Run(Normalize(source));
        lexer.Lex(expressionOnly ? State.Variable : State.Root);
        return lexer.Tokens;
    }

    /// <summary>Splits on <c>\r\n</c>, <c>\r</c>, <c>\n</c>, drops one trailing empty line, joins with <c>\n</c>.</summary>
    private static string Normalize(string source)
    {
        if (source.IndexOf('\r', StringComparison.Ordinal) < 0)
        {
            return source.EndsWith('\n') ? source[..^1] : source;
        }

        var sb = new StringBuilder(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '\r')
            {
                if (i + 1 < source.Length && source[i + 1] == '\n') i++;
                sb.Append('\n');
            }
            else
            {
                sb.Append(c);
            }
        }

        if (sb.Length > 0 && sb[^1] == '\n') sb.Length--;
        return sb.ToString();
    }

    public static string DescribeKind(TokenKind kind) => kind switch
    {
        TokenKind.Add => "+",
        TokenKind.Sub => "-",
        TokenKind.Div => "/",
        TokenKind.FloorDiv => "//",
        TokenKind.Mul => "*",
        TokenKind.Mod => "%",
        TokenKind.Pow => "**",
        TokenKind.Tilde => "~",
        TokenKind.LBracket => "[",
        TokenKind.RBracket => "]",
        TokenKind.LParen => "(",
        TokenKind.RParen => ")",
        TokenKind.LBrace => "{",
        TokenKind.RBrace => "}",
        TokenKind.Eq => "==",
        TokenKind.Ne => "!=",
        TokenKind.Gt => ">",
        TokenKind.GtEq => ">=",
        TokenKind.Lt => "<",
        TokenKind.LtEq => "<=",
        TokenKind.Assign => "=",
        TokenKind.Dot => ".",
        TokenKind.Colon => ":",
        TokenKind.Pipe => "|",
        TokenKind.Comma => ",",
        TokenKind.Semicolon => ";",
        TokenKind.BlockBegin => "begin of statement block",
        TokenKind.BlockEnd => "end of statement block",
        TokenKind.VariableBegin => "begin of print statement",
        TokenKind.VariableEnd => "end of print statement",
        TokenKind.Data => "template data / text",
        TokenKind.Eof => "end of template",
        TokenKind.Name => "name",
        TokenKind.String => "string",
        TokenKind.Integer => "integer",
        TokenKind.Float => "float",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is '\x1c' or '\x1d' or '\x1e' or '\x1f';

    private static bool IsWordChar(char c)
    {
        if (c == '_' || char.IsLetterOrDigit(c)) return true;
        var cat = char.GetUnicodeCategory(c);
        return cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber || char.IsSurrogate(c);
    }

    private sealed class Run
    {
        private readonly string _s;
        private readonly List<char> _balance = [];
        private int _pos;
        private int _line = 1;
        private bool _lineStarting = true;

        public Run(string source) => _s = source;

        public List<Token> Tokens { get; } = [];

        public void Lex(State start)
        {
            try
            {
                var open = start == State.Variable && !LexTag(block: false);
                while (!open && LexRoot(out open))
                {
                }

                Add(TokenKind.Eof, string.Empty);
            }
            catch (TemplateSyntaxException e)
            {
                Tokens.Add(new Token(TokenKind.Error, e.Message, e, e.Line, e.Offset));
            }
        }

        private void Add(TokenKind kind, string text, object? literal = null, int? offset = null) =>
            Tokens.Add(new Token(kind, text, literal, _line, offset ?? _pos));

        private TemplateSyntaxException Fail(string message) => new(message, _line, _pos);

        // Root: text up to the next tag, and the tag. Returns false at the end of the source
        // (with `open` set when it ended inside a tag).
        private bool LexRoot(out bool open)
        {
            open = false;
            if (_pos >= _s.Length) return false;
            var i = _pos;
            while (true)
            {
                i = _s.IndexOf('{', i);
                if (i < 0 || i + 1 >= _s.Length)
                {
                    EmitData(_s[_pos..], _pos);
                    _lineStarting = _s.Length > _pos && _s[^1] == '\n';
                    _pos = _s.Length;
                    return false;
                }

                var c = _s[i + 1];
                if (c is '{' or '%' or '#') break;
                i++;
            }

            var kind = _s[i + 1];
            var signPos = i + 2;
            var sign = signPos < _s.Length && _s[signPos] is '-' or '+' ? _s[signPos] : '\0';
            var tagEnd = signPos + (sign == '\0' ? 0 : 1);
            var text = _s[_pos..i];
            var rawEnd = kind == '%' ? MatchRawBegin(i) : -1;

            // Strip: '-' strips all whitespace before the tag; lstrip_blocks strips the tag's line indentation.
            var newlinesStripped = 0;
            if (sign == '-')
            {
                var stripped = text.TrimEnd();
                newlinesStripped = CountNewlines(text, stripped.Length);
                text = stripped;
            }
            else if (sign != '+' && kind != '{')
            {
                text = LStrip(text);
            }

            if (text.Length > 0) EmitData(text, _pos);
            _line += CountNewlines(text, 0) + newlinesStripped;

            if (rawEnd >= 0)
            {
                _pos = rawEnd;
                _lineStarting = _s[rawEnd - 1] == '\n';
                LexRaw();
                return true;
            }

            _pos = tagEnd;
            _lineStarting = false;
            switch (kind)
            {
                case '{':
                    Add(TokenKind.VariableBegin, "{{", offset: i);
                    open = !LexTag(block: false);
                    return !open;
                case '%':
                    Add(TokenKind.BlockBegin, "{%", offset: i);
                    open = !LexTag(block: true);
                    return !open;
                default:
                    LexComment();
                    return true;
            }
        }

        private string LStrip(string text)
        {
            var lPos = text.LastIndexOf('\n') + 1;
            if (lPos > 0 || _lineStarting)
            {
                if (lPos < text.Length && AllSpace(text, lPos))
                {
                    return text[..lPos];
                }
            }

            return text;
        }

        private static bool AllSpace(string text, int from)
        {
            for (var k = from; k < text.Length; k++)
            {
                if (!IsSpace(text[k])) return false;
            }

            return true;
        }

        private static int CountNewlines(string text, int from)
        {
            var n = 0;
            for (var k = from; k < text.Length; k++)
            {
                if (text[k] == '\n') n++;
            }

            return n;
        }

        private void EmitData(string text, int offset)
        {
            if (text.Length == 0) return;
            Tokens.Add(new Token(TokenKind.Data, text, null, _line, offset));
        }

        // {%(-|+|)\s*raw\s*(?:-%}\s*|%}) at i: the position after it, or -1.
        private int MatchRawBegin(int i)
        {
            var k = i + 2;
            if (k < _s.Length && _s[k] is '-' or '+') k++;
            while (k < _s.Length && IsSpace(_s[k])) k++;
            if (string.CompareOrdinal(_s, k, "raw", 0, 3) != 0) return -1;
            k += 3;
            while (k < _s.Length && IsSpace(_s[k])) k++;
            if (string.CompareOrdinal(_s, k, "-%}", 0, 3) == 0)
            {
                k += 3;
                while (k < _s.Length && IsSpace(_s[k])) k++;
                return k;
            }

            return string.CompareOrdinal(_s, k, "%}", 0, 2) == 0 ? k + 2 : -1;
        }

        // (.*?)((?:{%(-|+|))\s*endraw\s*(?:+%}|-%}\s*|%}\n?))
        private void LexRaw()
        {
            var i = _pos;
            while (true)
            {
                i = _s.IndexOf("{%", i, StringComparison.Ordinal);
                if (i < 0) throw Fail("Missing end of raw directive");
                var k = i + 2;
                var sign = k < _s.Length && _s[k] is '-' or '+' ? _s[k] : '\0';
                if (sign != '\0') k++;
                while (k < _s.Length && IsSpace(_s[k])) k++;
                if (string.CompareOrdinal(_s, k, "endraw", 0, 6) == 0)
                {
                    k += 6;
                    while (k < _s.Length && IsSpace(_s[k])) k++;
                    var end = MatchBlockEnd(k);
                    if (end >= 0)
                    {
                        var text = _s[_pos..i];
                        var newlinesStripped = 0;
                        if (sign == '-')
                        {
                            var stripped = text.TrimEnd();
                            newlinesStripped = CountNewlines(text, stripped.Length);
                            text = stripped;
                        }
                        else if (sign != '+')
                        {
                            text = LStrip(text);
                        }

                        EmitData(text, _pos);
                        _line += CountNewlines(text, 0) + newlinesStripped + CountNewlines(_s[i..end], 0);
                        _lineStarting = _s[end - 1] == '\n';
                        _pos = end;
                        return;
                    }
                }

                i += 2;
            }
        }

        // +%} | -%}\s* | %}\n?  at k: the position after it, or -1.
        private int MatchBlockEnd(int k)
        {
            if (string.CompareOrdinal(_s, k, "+%}", 0, 3) == 0) return k + 3;
            if (string.CompareOrdinal(_s, k, "-%}", 0, 3) == 0)
            {
                k += 3;
                while (k < _s.Length && IsSpace(_s[k])) k++;
                return k;
            }

            if (string.CompareOrdinal(_s, k, "%}", 0, 2) == 0)
            {
                k += 2;
                if (k < _s.Length && _s[k] == '\n') k++;
                return k;
            }

            return -1;
        }

        // -}}\s* | }}  at k: the position after it, or -1.
        private int MatchVariableEnd(int k)
        {
            if (string.CompareOrdinal(_s, k, "-}}", 0, 3) == 0)
            {
                k += 3;
                while (k < _s.Length && IsSpace(_s[k])) k++;
                return k;
            }

            return string.CompareOrdinal(_s, k, "}}", 0, 2) == 0 ? k + 2 : -1;
        }

        // (.*?)((?:+#}|-#}\s*|#}\n?))
        private void LexComment()
        {
            var i = _s.IndexOf("#}", _pos, StringComparison.Ordinal);
            if (i < 0) throw Fail("Missing end of comment tag");
            int end;
            if (i > _pos && _s[i - 1] == '-')
            {
                end = i + 2;
                while (end < _s.Length && IsSpace(_s[end])) end++;
            }
            else if (i > _pos && _s[i - 1] == '+')
            {
                end = i + 2;
            }
            else
            {
                end = i + 2;
                if (end < _s.Length && _s[end] == '\n') end++;
            }

            _line += CountNewlines(_s[_pos..end], 0);
            _lineStarting = _s[end - 1] == '\n';
            _pos = end;
        }

        // Tokens of one tag up to its end delimiter. Returns false at the end of the source.
        private bool LexTag(bool block)
        {
            while (true)
            {
                if (_pos >= _s.Length) return false;
                if (_balance.Count == 0)
                {
                    var end = block ? MatchBlockEnd(_pos) : MatchVariableEnd(_pos);
                    if (end >= 0)
                    {
                        Add(block ? TokenKind.BlockEnd : TokenKind.VariableEnd, _s[_pos..end]);
                        _line += CountNewlines(_s[_pos..end], 0);
                        _lineStarting = _s[end - 1] == '\n';
                        _pos = end;
                        return true;
                    }
                }

                var c = _s[_pos];
                if (IsSpace(c))
                {
                    var start = _pos;
                    while (_pos < _s.Length && IsSpace(_s[_pos])) _pos++;
                    _line += CountNewlines(_s[start.._pos], 0);
                    continue;
                }

                if (TryNumber()) continue;
                if (IsWordChar(c))
                {
                    var start = _pos;
                    while (_pos < _s.Length && IsWordChar(_s[_pos])) _pos++;
                    var name = _s[start.._pos];
                    if (!IsIdentifier(name)) throw new TemplateSyntaxException("Invalid character in identifier", _line, start);
                    Tokens.Add(new Token(TokenKind.Name, name, null, _line, start));
                    continue;
                }

                if (c is '\'' or '"')
                {
                    LexString(c);
                    continue;
                }

                LexOperator(c);
            }
        }

        private static bool IsIdentifier(string name)
        {
            if (char.IsDigit(name[0])) return false;
            var first = char.GetUnicodeCategory(name[0]);
            return name[0] == '_' || char.IsLetter(name[0]) || first == UnicodeCategory.LetterNumber || char.IsSurrogate(name[0]);
        }

        private void LexOperator(char c)
        {
            var start = _pos;
            var two = _pos + 1 < _s.Length ? _s.Substring(_pos, 2) : string.Empty;
            TokenKind kind;
            var length = 2;
            switch (two)
            {
                case "//": kind = TokenKind.FloorDiv; break;
                case "**": kind = TokenKind.Pow; break;
                case "==": kind = TokenKind.Eq; break;
                case "!=": kind = TokenKind.Ne; break;
                case ">=": kind = TokenKind.GtEq; break;
                case "<=": kind = TokenKind.LtEq; break;
                default:
                    length = 1;
                    kind = c switch
                    {
                        '+' => TokenKind.Add,
                        '-' => TokenKind.Sub,
                        '/' => TokenKind.Div,
                        '*' => TokenKind.Mul,
                        '%' => TokenKind.Mod,
                        '~' => TokenKind.Tilde,
                        '[' => TokenKind.LBracket,
                        ']' => TokenKind.RBracket,
                        '(' => TokenKind.LParen,
                        ')' => TokenKind.RParen,
                        '{' => TokenKind.LBrace,
                        '}' => TokenKind.RBrace,
                        '>' => TokenKind.Gt,
                        '<' => TokenKind.Lt,
                        '=' => TokenKind.Assign,
                        '.' => TokenKind.Dot,
                        ':' => TokenKind.Colon,
                        '|' => TokenKind.Pipe,
                        ',' => TokenKind.Comma,
                        ';' => TokenKind.Semicolon,
                        _ => throw Fail($"unexpected char {PyReprChar(c)} at {_pos}"),
                    };
                    break;
            }

            switch (kind)
            {
                case TokenKind.LBrace: _balance.Add('}'); break;
                case TokenKind.LParen: _balance.Add(')'); break;
                case TokenKind.LBracket: _balance.Add(']'); break;
                case TokenKind.RBrace or TokenKind.RParen or TokenKind.RBracket:
                    if (_balance.Count == 0) throw Fail($"unexpected '{c}'");
                    var expected = _balance[^1];
                    _balance.RemoveAt(_balance.Count - 1);
                    if (expected != c) throw Fail($"unexpected '{c}', expected '{expected}'");
                    break;
            }

            _pos += length;
            Tokens.Add(new Token(kind, _s.Substring(start, length), null, _line, start));
        }

        private static string PyReprChar(char c) => Values.PyRepr.QuoteString(c.ToString());

        private static bool IsDigit(char c) => c is >= '0' and <= '9';

        // float_re, then integer_re (Jinja tries floats first).
        private bool TryNumber()
        {
            var c = _s[_pos];
            if (!IsDigit(c)) return false;
            var start = _pos;
            if (_pos == 0 || _s[_pos - 1] != '.')
            {
                var end = MatchFloat(_pos);
                if (end > 0)
                {
                    var text = _s[start..end].Replace("_", string.Empty, StringComparison.Ordinal);
                    var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                    Tokens.Add(new Token(TokenKind.Float, _s[start..end], value, _line, start));
                    _pos = end;
                    return true;
                }
            }

            var intEnd = MatchInteger(_pos, out var literal);
            Tokens.Add(new Token(TokenKind.Integer, _s[start..intEnd], literal, _line, start));
            _pos = intEnd;
            return true;
        }

        // (\d+_)*\d+ : end of the digit run or -1.
        private int Digits(int k)
        {
            if (k >= _s.Length || !IsDigit(_s[k])) return -1;
            while (true)
            {
                while (k < _s.Length && IsDigit(_s[k])) k++;
                if (k + 1 < _s.Length && _s[k] == '_' && IsDigit(_s[k + 1]))
                {
                    k++;
                    continue;
                }

                return k;
            }
        }

        private int MatchFloat(int k)
        {
            var intEnd = Digits(k);
            if (intEnd < 0) return -1;
            var p = intEnd;
            var hasFraction = false;
            if (p < _s.Length && _s[p] == '.')
            {
                var fracEnd = Digits(p + 1);
                if (fracEnd > 0)
                {
                    p = fracEnd;
                    hasFraction = true;
                }
            }

            if (p < _s.Length && _s[p] is 'e' or 'E')
            {
                var q = p + 1;
                if (q < _s.Length && _s[q] is '+' or '-') q++;
                var expEnd = Digits(q);
                if (expEnd > 0) return expEnd;
            }

            return hasFraction ? p : -1;
        }

        private int MatchInteger(int k, out object literal)
        {
            if (_s[k] == '0' && k + 1 < _s.Length && _s[k + 1] is 'b' or 'B' or 'o' or 'O' or 'x' or 'X')
            {
                var radix = _s[k + 1] is 'b' or 'B' ? 2 : _s[k + 1] is 'o' or 'O' ? 8 : 16;
                var p = k + 2;
                var digits = new StringBuilder();
                while (true)
                {
                    var q = p;
                    if (q < _s.Length && _s[q] == '_') q++;
                    if (q < _s.Length && DigitValue(_s[q]) is var d && d >= 0 && d < radix)
                    {
                        digits.Append(_s[q]);
                        p = q + 1;
                        continue;
                    }

                    break;
                }

                if (digits.Length > 0)
                {
                    literal = ParseRadix(digits.ToString(), radix);
                    return p;
                }
            }

            if (_s[k] == '0')
            {
                var p = k + 1;
                while (true)
                {
                    var q = p;
                    if (q < _s.Length && _s[q] == '_') q++;
                    if (q < _s.Length && _s[q] == '0')
                    {
                        p = q + 1;
                        continue;
                    }

                    break;
                }

                literal = 0L;
                return p;
            }

            var end = k + 1;
            while (true)
            {
                var q = end;
                if (q < _s.Length && _s[q] == '_') q++;
                if (q < _s.Length && IsDigit(_s[q]))
                {
                    end = q + 1;
                    continue;
                }

                break;
            }

            var text = _s[k..end].Replace("_", string.Empty, StringComparison.Ordinal);
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new TemplateSyntaxException("integer literal is too large", _line, k);
            }

            literal = value;
            return end;
        }

        private static int DigitValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };

        private long ParseRadix(string digits, int radix)
        {
            ulong value = 0;
            foreach (var ch in digits)
            {
                var next = (value * (ulong)radix) + (ulong)DigitValue(ch);
                if (value > (ulong.MaxValue / (ulong)radix) || next > long.MaxValue) throw Fail("integer literal is too large");
                value = next;
            }

            return (long)value;
        }

        private void LexString(char quote)
        {
            var start = _pos;
            var k = _pos + 1;
            while (k < _s.Length && _s[k] != quote)
            {
                if (_s[k] == '\\') k++;
                k++;
            }

            if (k >= _s.Length)
            {
                // No closing quote: the string rule does not match; the quote is no operator either.
                throw Fail($"unexpected char {PyReprChar(quote)} at {_pos}");
            }

            var raw = _s[(start + 1)..k];
            _pos = k + 1;
            var line = _line;
            _line += CountNewlines(raw, 0);
            string value;
            try
            {
                value = Unescape(raw);
            }
            catch (FormatException e)
            {
                throw new TemplateSyntaxException(e.Message, line, start);
            }

            Tokens.Add(new Token(TokenKind.String, value, null, line, start));
        }
    }

    /// <summary>Python's <c>unicode-escape</c> decoding of a string literal's body.</summary>
    private static string Unescape(string raw)
    {
        if (raw.IndexOf('\\', StringComparison.Ordinal) < 0) return raw;
        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (i + 1 >= raw.Length) throw new FormatException("\\ at end of string");
            var e = raw[++i];
            switch (e)
            {
                case '\n': break;
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
                case >= '0' and <= '7':
                    var oct = e - '0';
                    for (var n = 0; n < 2 && i + 1 < raw.Length && raw[i + 1] is >= '0' and <= '7'; n++) oct = (oct * 8) + (raw[++i] - '0');
                    sb.Append((char)oct);
                    break;
                case 'x':
                    sb.Append((char)HexEscape(raw, ref i, 2, "truncated \\xXX escape"));
                    break;
                case 'u':
                    sb.Append((char)HexEscape(raw, ref i, 4, "truncated \\uXXXX escape"));
                    break;
                case 'U':
                    var cp = HexEscape(raw, ref i, 8, "truncated \\UXXXXXXXX escape");
                    if (cp > 0x10FFFF) throw new FormatException("illegal Unicode character");
                    sb.Append(char.ConvertFromUtf32(cp));
                    break;
                case 'N':
                    throw new FormatException("malformed \\N character escape");
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }

        return sb.ToString();
    }

    private static int HexEscape(string raw, ref int i, int count, string error)
    {
        if (i + count >= raw.Length) throw new FormatException(error);
        var value = 0;
        for (var n = 0; n < count; n++)
        {
            var d = raw[i + 1 + n] switch
            {
                >= '0' and <= '9' and var ch => ch - '0',
                >= 'a' and <= 'f' and var ch => ch - 'a' + 10,
                >= 'A' and <= 'F' and var ch => ch - 'A' + 10,
                _ => -1,
            };
            if (d < 0) throw new FormatException(error);
            value = (value * 16) + d;
        }

        i += count;
        return value;
    }
}

/// <summary>Jinja's <c>TemplateSyntaxError</c> (and <c>TemplateAssertionError</c>): a grammar error with its line and offset.</summary>
internal sealed class TemplateSyntaxException : Exception
{
    public TemplateSyntaxException(string message, int line, int offset, string errorType = "TemplateSyntaxError")
        : base(message)
    {
        Line = line;
        Offset = offset;
        ErrorType = errorType;
    }

    public int Line { get; }

    public int Offset { get; }

    public string ErrorType { get; }

    /// <summary>A fresh copy, to throw again from a cache without sharing one exception between threads.</summary>
    public TemplateSyntaxException Copy() => new(Message, Line, Offset, ErrorType);
}
