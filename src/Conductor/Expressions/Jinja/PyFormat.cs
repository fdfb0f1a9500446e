using System.Globalization;
using System.Numerics;
using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>Python's string formatting: <c>'%s' % args</c> and <c>'{}'.format(...)</c> with the format-spec mini-language.</summary>
internal static class PyFormat
{
    // ---- printf-style -----------------------------------------------------------------------

    /// <summary>Python's <c>fmt % args</c>.</summary>
    public static string Percent(string fmt, object? args)
    {
        args = JinjaRuntime.Plain(args);

        // CPython's model: a tuple gives its items; anything else is one argument, and a
        // mapping-like argument (dict, list) also serves %(name)s and is exempt from the
        // "not all arguments converted" check.
        var tuple = args as ListValue;
        if (tuple is { IsTuple: false }) tuple = null;
        var argLength = tuple?.Count ?? -1;
        var argIndex = tuple is null ? -2 : 0;
        var mapping = args as DictValue;
        var mappingLike = args is DictValue or ListValue { IsTuple: false };
        var sb = new StringBuilder(fmt.Length + 16);

        object? NextArg()
        {
            if (argIndex >= argLength) throw ExpressionRuntimeError.TypeError("not enough arguments for format string");
            var index = argIndex++;
            return tuple is null ? args : tuple[index];
        }

        for (var i = 0; i < fmt.Length; i++)
        {
            var c = fmt[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            if (++i >= fmt.Length) throw ExpressionRuntimeError.ValueError("incomplete format");
            object? value = null;
            var hasValue = false;
            if (fmt[i] == '(')
            {
                if (mapping is null) throw ExpressionRuntimeError.TypeError("format requires a mapping");
                var depth = 1;
                var start = ++i;
                while (i < fmt.Length && depth > 0)
                {
                    if (fmt[i] == '(') depth++;
                    else if (fmt[i] == ')') depth--;
                    if (depth > 0) i++;
                }

                if (depth > 0) throw ExpressionRuntimeError.ValueError("incomplete format key");
                var key = fmt[start..i];
                i++;
                if (!mapping.TryGetValue(key, out value)) throw ExpressionRuntimeError.KeyError(PyRepr.QuoteString(key));
                hasValue = true;
            }

            var flags = string.Empty;
            while (i < fmt.Length && fmt[i] is '-' or '+' or ' ' or '#' or '0') flags += fmt[i++];
            int? width = null;
            if (i < fmt.Length && fmt[i] == '*')
            {
                width = (int)ToInt(NextArg(), "* wants int");
                i++;
            }
            else
            {
                width = ReadNumber(fmt, ref i);
            }

            int? precision = null;
            if (i < fmt.Length && fmt[i] == '.')
            {
                i++;
                if (i < fmt.Length && fmt[i] == '*')
                {
                    precision = (int)ToInt(NextArg(), "* wants int");
                    i++;
                }
                else
                {
                    precision = ReadNumber(fmt, ref i) ?? 0;
                }
            }

            while (i < fmt.Length && fmt[i] is 'h' or 'l' or 'L') i++;
            if (i >= fmt.Length) throw ExpressionRuntimeError.ValueError("incomplete format");
            var conv = fmt[i];
            if (conv == '%')
            {
                sb.Append('%');
                continue;
            }

            if (!hasValue) value = NextArg();
            if (width is < 0)
            {
                flags += "-";
                width = -width;
            }

            string body;
            switch (conv)
            {
                case 's': body = JinjaRuntime.Str(value); if (precision is { } ps && ps < body.Length) body = body[..ps]; break;
                case 'r' or 'a': body = JinjaRuntime.Repr(value); if (precision is { } pr && pr < body.Length) body = body[..pr]; break;
                case 'd' or 'i' or 'u': body = FormatInteger(PercentInt(value, conv), 10, flags, precision, false); break;
                case 'o': body = FormatInteger(PercentInt(value, conv), 8, flags, precision, false); break;
                case 'x': body = FormatInteger(PercentInt(value, conv), 16, flags, precision, false); break;
                case 'X': body = FormatInteger(PercentInt(value, conv), 16, flags, precision, true); break;
                case 'e' or 'E' or 'f' or 'F' or 'g' or 'G':
                    body = FormatFloat(PercentFloat(value, conv), conv, precision ?? 6, flags.Contains('#', StringComparison.Ordinal));
                    if (!body.StartsWith('-'))
                    {
                        if (flags.Contains('+', StringComparison.Ordinal)) body = "+" + body;
                        else if (flags.Contains(' ', StringComparison.Ordinal)) body = " " + body;
                    }

                    break;
                case 'c':
                    body = value switch
                    {
                        string { Length: 1 } ch => ch,
                        long code when code is >= 0 and <= 0x10FFFF => char.ConvertFromUtf32((int)code),
                        _ => throw ExpressionRuntimeError.TypeError("%c requires int or char"),
                    };
                    break;
                default:
                    throw ExpressionRuntimeError.ValueError($"unsupported format character '{conv}' (0x{(int)conv:x}) at index {i}");
            }

            if (width is { } w && body.Length < w)
            {
                if (flags.Contains('-', StringComparison.Ordinal)) body = body.PadRight(w);
                else if (flags.Contains('0', StringComparison.Ordinal) && conv is not ('s' or 'r' or 'a' or 'c')) body = ZeroPad(body, w);
                else body = body.PadLeft(w);
            }

            sb.Append(body);
        }

        if (argIndex < argLength && !mappingLike) throw ExpressionRuntimeError.TypeError("not all arguments converted during string formatting");

        return sb.ToString();
    }

    private static string ZeroPad(string body, int width)
    {
        var signLength = body.Length > 0 && body[0] is '-' or '+' or ' ' ? 1 : 0;
        if (body.Length > signLength + 1 && body[signLength] == '0' && body[signLength + 1] is 'x' or 'X' or 'o') signLength += 2;
        return body[..signLength] + new string('0', width - body.Length) + body[signLength..];
    }

    private static int? ReadNumber(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > start ? int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    private static long ToInt(object? v, string message) => v is long or bool ? PyOps.ToLong(v) : throw ExpressionRuntimeError.TypeError(message);

    private static BigInteger PercentInt(object? value, char conv) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d when double.IsFinite(d) => new BigInteger(Math.Truncate(d)),
        double => throw new ExpressionRuntimeError("OverflowError", "cannot convert float infinity to integer"),
        Undefined u => throw u.Error(),
        _ => throw ExpressionRuntimeError.TypeError(conv is 'd' or 'i' or 'u'
            ? $"%{conv} format: a real number is required, not {JinjaRuntime.TypeName(value)}"
            : $"%{conv} format: an integer is required, not {JinjaRuntime.TypeName(value)}"),
    };

    private static double PercentFloat(object? value, char conv) => value switch
    {
        long or bool or double => PyOps.ToDouble(value),
        Undefined u => throw u.Error(),
        _ => throw ExpressionRuntimeError.TypeError($"must be real number, not {JinjaRuntime.TypeName(value)}"),
    };

    private static string FormatInteger(BigInteger v, int radix, string flags, int? precision, bool upper)
    {
        var negative = v < 0;
        var digits = ToRadix(BigInteger.Abs(v), radix);
        if (upper) digits = digits.ToUpperInvariant();
        if (precision is { } p && digits.Length < p) digits = new string('0', p - digits.Length) + digits;
        if (flags.Contains('#', StringComparison.Ordinal))
        {
            if (radix == 16) digits = (upper ? "0X" : "0x") + digits;
            else if (radix == 8) digits = "0o" + digits;
        }

        var sign = negative ? "-" : flags.Contains('+', StringComparison.Ordinal) ? "+" : flags.Contains(' ', StringComparison.Ordinal) ? " " : string.Empty;
        return sign + digits;
    }

    private static string ToRadix(BigInteger v, int radix)
    {
        if (radix == 10) return v.ToString(CultureInfo.InvariantCulture);
        if (v.IsZero) return "0";
        var sb = new StringBuilder();
        while (v > 0)
        {
            var d = (int)(v % radix);
            sb.Insert(0, (char)(d < 10 ? '0' + d : 'a' + d - 10));
            v /= radix;
        }

        return sb.ToString();
    }

    /// <summary>Python's <c>'%.{precision}{conv}' % x</c> for e, E, f, F, g, G.</summary>
    public static string FormatFloat(double x, char conv, int precision, bool alternate = false)
    {
        if (double.IsNaN(x)) return char.IsUpper(conv) ? "NAN" : "nan";
        if (double.IsInfinity(x)) return (x < 0 ? "-" : string.Empty) + (char.IsUpper(conv) ? "INF" : "inf");
        switch (conv)
        {
            case 'f' or 'F':
                return FixedDigits(x, precision) + (alternate && precision == 0 ? "." : string.Empty);
            case 'e' or 'E':
                return Exponent(x, precision, conv == 'E', alternate);
            default:
                var p = precision == 0 ? 1 : precision;
                if (x == 0)
                {
                    var zero = alternate ? "0." + new string('0', p - 1) : "0";
                    return (double.IsNegative(x) ? "-" : string.Empty) + zero;
                }

                var exp = DecimalExponent(x, p);
                string text;
                if (exp >= -4 && exp < p)
                {
                    text = FixedDigits(x, p - 1 - exp);
                    if (!alternate && text.Contains('.', StringComparison.Ordinal)) text = text.TrimEnd('0').TrimEnd('.');
                }
                else
                {
                    text = Exponent(x, p - 1, conv == 'G', alternate);
                    if (!alternate)
                    {
                        var ePos = text.IndexOfAny(['e', 'E']);
                        var mantissa = text[..ePos];
                        if (mantissa.Contains('.', StringComparison.Ordinal)) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
                        text = mantissa + text[ePos..];
                    }
                }

                return text;
        }
    }

    // The decimal exponent of x once rounded to p significant digits.
    private static int DecimalExponent(double x, int p)
    {
        var s = Math.Abs(x).ToString("E" + (p - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return int.Parse(s.AsSpan(s.IndexOf('E', StringComparison.Ordinal) + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static string FixedDigits(double x, int precision)
    {
        // Exact decimal expansion of the double, rounded half-even like Python's correctly rounded formatting.
        var d = new DecimalExpansion(x);
        return d.ToFixed(precision);
    }

    private static string Exponent(double x, int precision, bool upper, bool alternate)
    {
        var d = new DecimalExpansion(x);
        return d.ToExponent(precision, upper, alternate);
    }

    /// <summary>The exact decimal value of a double, for correctly rounded formatting.</summary>
    private readonly struct DecimalExpansion
    {
        private readonly bool _negative;
        private readonly BigInteger _mantissa; // value = _mantissa * 10^_exp10 (exact)
        private readonly int _exp10;

        public DecimalExpansion(double x)
        {
            _negative = double.IsNegative(x);
            var bits = BitConverter.DoubleToInt64Bits(x);
            var exponent = (int)((bits >> 52) & 0x7FF);
            var fraction = bits & 0xFFFFFFFFFFFFFL;
            if (exponent == 0) exponent++;
            else fraction |= 1L << 52;
            exponent -= 1075;
            if (exponent >= 0)
            {
                _mantissa = new BigInteger(fraction) << exponent;
                _exp10 = 0;
            }
            else
            {
                // fraction / 2^-e = fraction * 5^-e / 10^-e
                _mantissa = new BigInteger(fraction) * BigInteger.Pow(5, -exponent);
                _exp10 = exponent;
            }
        }

        private static BigInteger RoundHalfEven(BigInteger value, int dropDigits)
        {
            if (dropDigits <= 0) return value * BigInteger.Pow(10, -dropDigits);
            var divisor = BigInteger.Pow(10, dropDigits);
            var q = BigInteger.DivRem(value, divisor, out var r);
            var twice = r * 2;
            if (twice > divisor || (twice == divisor && !q.IsEven)) q += 1;
            return q;
        }

        public string ToFixed(int precision)
        {
            // digits = round(value * 10^precision)
            var scaled = RoundHalfEven(_mantissa, -_exp10 - precision);
            var digits = scaled.ToString(CultureInfo.InvariantCulture);
            if (precision > 0)
            {
                if (digits.Length <= precision) digits = new string('0', precision - digits.Length + 1) + digits;
                digits = digits[..^precision] + "." + digits[^precision..];
            }

            return (_negative ? "-" : string.Empty) + digits;
        }

        public string ToExponent(int precision, bool upper, bool alternate)
        {
            string digits;
            int exp;
            if (_mantissa.IsZero)
            {
                digits = new string('0', precision + 1);
                exp = 0;
            }
            else
            {
                var all = _mantissa.ToString(CultureInfo.InvariantCulture);
                var magnitude = all.Length - 1 + _exp10; // exponent of the leading digit
                var rounded = RoundHalfEven(_mantissa, all.Length - (precision + 1));
                digits = rounded.ToString(CultureInfo.InvariantCulture);
                if (digits.Length > precision + 1)
                {
                    digits = digits[..(precision + 1)];
                    magnitude++;
                }

                exp = magnitude;
            }

            var sb = new StringBuilder();
            if (_negative) sb.Append('-');
            sb.Append(digits[0]);
            if (precision > 0 || alternate) sb.Append('.');
            sb.Append(digits, 1, digits.Length - 1);
            sb.Append(upper ? 'E' : 'e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }

    // ---- str.format ------------------------------------------------------------------------

    /// <summary>Python's <c>str.format</c>, with attribute and item lookups going through the sandbox.</summary>
    public static string Format(RenderContext context, string fmt, object?[] args, IReadOnlyDictionary<string, object?> kwargs, int depth = 0)
    {
        if (depth > 2) throw ExpressionRuntimeError.ValueError("Max string recursion exceeded");
        var sb = new StringBuilder(fmt.Length + 16);
        var auto = 0;
        var manual = false;
        var automatic = false;
        for (var i = 0; i < fmt.Length; i++)
        {
            var c = fmt[i];
            if (c == '}')
            {
                if (i + 1 < fmt.Length && fmt[i + 1] == '}')
                {
                    sb.Append('}');
                    i++;
                    continue;
                }

                throw ExpressionRuntimeError.ValueError("Single '}' encountered in format string");
            }

            if (c != '{')
            {
                sb.Append(c);
                continue;
            }

            if (i + 1 < fmt.Length && fmt[i + 1] == '{')
            {
                sb.Append('{');
                i++;
                continue;
            }

            // Find the matching '}' (nested braces allowed in the spec).
            var level = 1;
            var j = i + 1;
            while (j < fmt.Length && level > 0)
            {
                if (fmt[j] == '{') level++;
                else if (fmt[j] == '}') level--;
                if (level > 0) j++;
            }

            if (level > 0) throw ExpressionRuntimeError.ValueError(j >= fmt.Length && fmt.IndexOf('}', i) < 0 ? "expected '}' before end of string" : "unmatched '{' in format spec");
            var field = fmt[(i + 1)..j];
            i = j;

            string? conversion = null;
            string spec = string.Empty;
            var fieldEnd = 0;
            var bracket = 0;
            while (fieldEnd < field.Length)
            {
                var fc = field[fieldEnd];
                if (fc == '[') bracket++;
                else if (fc == ']') bracket--;
                else if (bracket == 0 && fc is '!' or ':') break;
                fieldEnd++;
            }

            var name = field[..fieldEnd];
            var rest = field[fieldEnd..];
            if (rest.StartsWith('!'))
            {
                if (rest.Length < 2) throw ExpressionRuntimeError.ValueError("end of string while looking for conversion specifier");
                conversion = rest[1].ToString();
                rest = rest[2..];
                if (rest.Length > 0 && rest[0] != ':') throw ExpressionRuntimeError.ValueError("expected ':' after conversion specifier");
            }

            if (rest.StartsWith(':')) spec = rest[1..];

            // The first part of the name: an index, a keyword, or empty (automatic numbering).
            var firstEnd = 0;
            while (firstEnd < name.Length && name[firstEnd] is not ('.' or '[')) firstEnd++;
            var first = name[..firstEnd];
            object? value;
            if (first.Length == 0)
            {
                if (manual) throw ExpressionRuntimeError.ValueError("cannot switch from manual field specification to automatic field numbering");
                automatic = true;
                if (auto >= args.Length) throw ExpressionRuntimeError.IndexError($"Replacement index {auto} out of range for positional args tuple");
                value = args[auto++];
            }
            else if (first.All(char.IsAsciiDigit))
            {
                if (automatic) throw ExpressionRuntimeError.ValueError("cannot switch from automatic field numbering to manual field specification");
                manual = true;
                var index = int.Parse(first, CultureInfo.InvariantCulture);
                if (index >= args.Length) throw ExpressionRuntimeError.IndexError($"Replacement index {index} out of range for positional args tuple");
                value = args[index];
            }
            else
            {
                if (!kwargs.TryGetValue(first, out value)) throw ExpressionRuntimeError.KeyError(PyRepr.QuoteString(first));
            }

            // .attr and [key] accessors.
            var k = firstEnd;
            while (k < name.Length)
            {
                if (name[k] == '.')
                {
                    var start = ++k;
                    while (k < name.Length && name[k] is not ('.' or '[')) k++;
                    var attr = name[start..k];
                    if (attr.Length == 0) throw ExpressionRuntimeError.ValueError("Empty attribute in format string");
                    value = JinjaRuntime.GetAttr(context, value, attr);
                    if (value is Undefined u) throw new ExpressionRuntimeError("AttributeError", u.Message);
                }
                else if (name[k] == '[')
                {
                    var close = name.IndexOf(']', k);
                    if (close < 0) throw ExpressionRuntimeError.ValueError("Missing ']' in format string");
                    var key = name[(k + 1)..close];
                    object keyValue = key.Length > 0 && key.All(char.IsAsciiDigit) ? long.Parse(key, CultureInfo.InvariantCulture) : key;
                    value = JinjaRuntime.GetItem(context, value, keyValue);
                    if (value is Undefined u) throw new ExpressionRuntimeError(keyValue is long ? "IndexError" : "KeyError", u.Message);
                    k = close + 1;
                }
                else
                {
                    throw ExpressionRuntimeError.ValueError("Only '.' or '[' may follow ']' in format field specifier");
                }
            }

            if (conversion is not null)
            {
                value = conversion switch
                {
                    "s" => JinjaRuntime.Str(value),
                    "r" or "a" => JinjaRuntime.Repr(value),
                    _ => throw ExpressionRuntimeError.ValueError($"Unknown conversion specifier {conversion}"),
                };
            }

            if (spec.Contains('{', StringComparison.Ordinal)) spec = Format(context, spec, args, kwargs, depth + 1);
            sb.Append(FormatValue(value, spec));
        }

        return sb.ToString();
    }

    /// <summary>Python's <c>format(value, spec)</c> for strings, integers and floats.</summary>
    public static string FormatValue(object? value, string spec)
    {
        value = JinjaRuntime.Plain(value);
        if (value is Undefined u) throw u.Error();
        if (spec.Length == 0) return JinjaRuntime.Str(value);
        var s = ParseSpec(spec);
        string body;
        switch (value)
        {
            case string str:
                if (s.Type is not (null or 's')) throw UnknownCode(s.Type.Value, "str");
                if (s.Sign is not null) throw ExpressionRuntimeError.ValueError("Sign not allowed in string format specifier");
                body = s.Precision is { } p && p < str.Length ? str[..p] : str;
                return Pad(body, s, '<', false);
            case long or bool when s.Type is null or 'd' or 'b' or 'o' or 'x' or 'X' or 'c' or 'n':
                var l = PyOps.ToLong(value);
                if (s.Precision is not null) throw ExpressionRuntimeError.ValueError("Precision not allowed in integer format specifier");
                if (s.Type == 'c') return Pad(char.ConvertFromUtf32((int)l), s, '<', false);
                var radix = s.Type switch { 'b' => 2, 'o' => 8, 'x' or 'X' => 16, _ => 10 };
                var digits = ToRadix(BigInteger.Abs(l), radix);
                if (s.Type == 'X') digits = digits.ToUpperInvariant();
                digits = Group(digits, s.Grouping, radix == 10 ? 3 : 4);
                if (s.Alternate && radix != 10) digits = (s.Type switch { 'b' => "0b", 'o' => "0o", 'X' => "0X", _ => "0x" }) + digits;
                return Pad(SignPrefix(l < 0, s) + digits, s, '>', true);
            case long or bool or double:
                var d = PyOps.ToDouble(value);
                var type = s.Type ?? '\0';
                if (type is not ('\0' or 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or '%' or 'n')) throw UnknownCode(type, value is double ? "float" : "int");
                string text;
                var negative = double.IsNegative(d) && !double.IsNaN(d);
                var abs = Math.Abs(d);
                switch (type)
                {
                    case '%':
                        text = FormatFloat(abs * 100, 'f', s.Precision ?? 6, s.Alternate) + "%";
                        break;
                    case '\0':
                        if (s.Precision is null) text = value is double ? PyRepr.FormatFloat(abs) : PyOps.ToLong(value) is var li && li < 0 ? (-li).ToString(CultureInfo.InvariantCulture) : li.ToString(CultureInfo.InvariantCulture);
                        else
                        {
                            text = FormatFloat(abs, 'g', s.Precision.Value, s.Alternate);
                            if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.Ordinal) && !text.Contains("inf", StringComparison.Ordinal) && !text.Contains("nan", StringComparison.Ordinal) && value is double) text += ".0";
                        }

                        break;
                    case 'n':
                        text = FormatFloat(abs, 'g', s.Precision ?? 6, s.Alternate);
                        break;
                    default:
                        text = FormatFloat(abs, type, s.Precision ?? 6, s.Alternate);
                        break;
                }

                if (s.Grouping is not null)
                {
                    var dot = text.IndexOfAny(['.', 'e', 'E', '%']);
                    var intPart = dot < 0 ? text : text[..dot];
                    if (intPart.All(char.IsAsciiDigit)) text = Group(intPart, s.Grouping, 3) + (dot < 0 ? string.Empty : text[dot..]);
                }

                return Pad(SignPrefix(negative, s) + text, s, '>', true);
            default:
                throw ExpressionRuntimeError.TypeError($"unsupported format string passed to {JinjaRuntime.TypeName(value)}.__format__");
        }
    }

    private static ExpressionRuntimeError UnknownCode(char type, string typeName) =>
        ExpressionRuntimeError.ValueError($"Unknown format code '{type}' for object of type '{typeName}'");

    private static string SignPrefix(bool negative, Spec s) => negative ? "-" : s.Sign switch
    {
        '+' => "+",
        ' ' => " ",
        _ => string.Empty,
    };

    private static string Group(string digits, char? separator, int size)
    {
        if (separator is null || digits.Length <= size) return digits;
        var sb = new StringBuilder();
        var lead = digits.Length % size;
        if (lead > 0) sb.Append(digits, 0, lead);
        for (var i = lead; i < digits.Length; i += size)
        {
            if (sb.Length > 0) sb.Append(separator.Value);
            sb.Append(digits, i, size);
        }

        return sb.ToString();
    }

    private static string Pad(string body, Spec s, char defaultAlign, bool numeric)
    {
        if (s.Width is not { } width || body.Length >= width) return body;
        var align = s.Align ?? (s.ZeroPad && numeric ? '=' : defaultAlign);
        var fill = s.Fill ?? (s.ZeroPad && s.Align is null ? '0' : ' ');
        var pad = width - body.Length;
        switch (align)
        {
            case '<': return body + new string(fill, pad);
            case '^': return new string(fill, pad / 2) + body + new string(fill, pad - (pad / 2));
            case '=':
                var signLength = body.Length > 0 && body[0] is '-' or '+' or ' ' ? 1 : 0;
                if (body.Length > signLength + 1 && body[signLength] == '0' && body[signLength + 1] is 'x' or 'X' or 'o' or 'b') signLength += 2;
                return body[..signLength] + new string(fill, pad) + body[signLength..];
            default: return new string(fill, pad) + body;
        }
    }

    private sealed record Spec(char? Fill, char? Align, char? Sign, bool Alternate, bool ZeroPad, int? Width, char? Grouping, int? Precision, char? Type);

    private static Spec ParseSpec(string spec)
    {
        var i = 0;
        char? fill = null;
        char? align = null;
        if (spec.Length >= 2 && spec[1] is '<' or '>' or '^' or '=')
        {
            fill = spec[0];
            align = spec[1];
            i = 2;
        }
        else if (spec.Length >= 1 && spec[0] is '<' or '>' or '^' or '=')
        {
            align = spec[0];
            i = 1;
        }

        char? sign = null;
        if (i < spec.Length && spec[i] is '+' or '-' or ' ') sign = spec[i++];
        if (i < spec.Length && spec[i] == 'z') i++;
        var alternate = false;
        if (i < spec.Length && spec[i] == '#')
        {
            alternate = true;
            i++;
        }

        var zero = false;
        if (i < spec.Length && spec[i] == '0')
        {
            zero = true;
            i++;
        }

        var width = ReadNumber(spec, ref i);
        char? grouping = null;
        if (i < spec.Length && spec[i] is ',' or '_') grouping = spec[i++];
        int? precision = null;
        if (i < spec.Length && spec[i] == '.')
        {
            i++;
            precision = ReadNumber(spec, ref i) ?? throw ExpressionRuntimeError.ValueError("Format specifier missing precision");
        }

        char? type = null;
        if (i < spec.Length) type = spec[i++];
        if (i < spec.Length) throw ExpressionRuntimeError.ValueError("Invalid format specifier");
        return new Spec(fill, align, sign, alternate, zero, width, grouping, precision, type);
    }
}
