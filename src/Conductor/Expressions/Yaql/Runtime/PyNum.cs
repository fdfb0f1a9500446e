using System.Globalization;
using System.Numerics;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>Python's arithmetic on ints (<see cref="long"/>) and floats (<see cref="double"/>).</summary>
internal static class PyNum
{
    private static double D(object? v) => PyOps.ToDouble(v);

    private static long L(object? v) => PyOps.ToLong(v);

    private static bool BothInts(object? a, object? b) => a is long or bool && b is long or bool;

    public static ExpressionRuntimeError IntOverflow() => YaqlErrors.Overflow("Python int too large to convert to C long");

    public static object Add(object? a, object? b)
    {
        if (BothInts(a, b))
        {
            try
            {
                return checked(L(a) + L(b));
            }
            catch (OverflowException)
            {
                throw IntOverflow();
            }
        }

        return D(a) + D(b);
    }

    public static object Subtract(object? a, object? b)
    {
        if (BothInts(a, b))
        {
            try
            {
                return checked(L(a) - L(b));
            }
            catch (OverflowException)
            {
                throw IntOverflow();
            }
        }

        return D(a) - D(b);
    }

    public static object Multiply(object? a, object? b)
    {
        if (BothInts(a, b))
        {
            try
            {
                return checked(L(a) * L(b));
            }
            catch (OverflowException)
            {
                throw IntOverflow();
            }
        }

        return D(a) * D(b);
    }

    /// <summary>yaql's <c>/</c>: floor division for two ints, true division otherwise.</summary>
    public static object Divide(object? a, object? b)
    {
        if (BothInts(a, b))
        {
            var x = L(a);
            var y = L(b);
            if (y == 0) throw YaqlErrors.ZeroDivision("integer division or modulo by zero");
            if (x == long.MinValue && y == -1) throw IntOverflow();
            var q = x / y;
            if ((x % y != 0) && ((x < 0) != (y < 0))) q--;
            return q;
        }

        var d = D(b);
        if (d == 0) throw YaqlErrors.ZeroDivision("float division by zero");
        return D(a) / d;
    }

    /// <summary>Python's <c>%</c>: the result has the sign of the divisor.</summary>
    public static object Modulo(object? a, object? b)
    {
        if (BothInts(a, b))
        {
            var x = L(a);
            var y = L(b);
            if (y == 0) throw YaqlErrors.ZeroDivision("integer modulo by zero");
            if (y == -1) return 0L;
            var r = x % y;
            if (r != 0 && ((r < 0) != (y < 0))) r += y;
            return r;
        }

        var dy = D(b);
        if (dy == 0) throw YaqlErrors.ZeroDivision("float modulo");
        var m = D(a) % dy;
        if (m != 0)
        {
            if ((m < 0) != (dy < 0)) m += dy;
        }
        else
        {
            m = dy < 0 ? -0.0 : 0.0;
        }

        return m;
    }

    public static object Negate(object? a)
    {
        if (a is long l)
        {
            if (l == long.MinValue) throw IntOverflow();
            return -l;
        }

        return -D(a);
    }

    public static object Abs(object? a)
    {
        if (a is long l)
        {
            if (l == long.MinValue) throw IntOverflow();
            return Math.Abs(l);
        }

        return Math.Abs(D(a));
    }

    /// <summary>Python's numeric comparison; NaN compares false with everything.</summary>
    public static int? Compare(object? a, object? b)
    {
        if (a is double || b is double)
        {
            double x = D(a), y = D(b);
            if (double.IsNaN(x) || double.IsNaN(y)) return null;
            return x.CompareTo(y);
        }

        return L(a).CompareTo(L(b));
    }

    public static bool Less(object? a, object? b) => Compare(a, b) is < 0;

    public static bool Greater(object? a, object? b) => Compare(a, b) is > 0;

    public static bool LessOrEqual(object? a, object? b) => Compare(a, b) is <= 0;

    public static bool GreaterOrEqual(object? a, object? b) => Compare(a, b) is >= 0;

    /// <summary>Python's <c>pow(a, b, c)</c>.</summary>
    public static object Pow(object? a, object? b, object? c)
    {
        if (c is not null)
        {
            if (!BothInts(a, b) || c is not (long or bool)) throw YaqlErrors.TypeError("pow() 3rd argument not allowed unless all arguments are integers");
            var mod = new BigInteger(L(c));
            if (mod.IsZero) throw YaqlErrors.ValueError("pow() 3rd argument cannot be 0");
            var bas = new BigInteger(L(a));
            var exp = new BigInteger(L(b));
            if (exp.Sign < 0)
            {
                bas = ModInverse(bas, BigInteger.Abs(mod)) ?? throw YaqlErrors.ValueError("base is not invertible for the given modulus");
                exp = -exp;
            }

            var r = BigInteger.ModPow(bas, exp, BigInteger.Abs(mod));
            if (!r.IsZero && mod.Sign < 0) r += mod;
            else if (r.Sign < 0) r += BigInteger.Abs(mod);
            return (long)r;
        }

        if (BothInts(a, b) && L(b) >= 0)
        {
            var result = BigInteger.Pow(new BigInteger(L(a)), (int)Math.Min(L(b), int.MaxValue));
            if (result > long.MaxValue || result < long.MinValue) throw IntOverflow();
            return (long)result;
        }

        double x = D(a), y = D(b);
        if (x == 0 && y < 0) throw YaqlErrors.ZeroDivision("0.0 cannot be raised to a negative power");
        if (x < 0 && y != Math.Floor(y) && double.IsFinite(y)) throw YaqlErrors.ValueError("math domain error");
        var p = Math.Pow(x, y);
        if (double.IsInfinity(p) && double.IsFinite(x) && double.IsFinite(y)) throw YaqlErrors.Overflow("(34, 'Numerical result out of range')");
        return p;
    }

    private static BigInteger? ModInverse(BigInteger a, BigInteger m)
    {
        BigInteger g = m, x = 0, x1 = 1, a1 = ((a % m) + m) % m;
        while (a1 != 0)
        {
            var q = g / a1;
            (g, a1) = (a1, g - (q * a1));
            (x, x1) = (x1, x - (q * x1));
        }

        return g == 1 ? ((x % m) + m) % m : null;
    }

    /// <summary>Python's <c>round(number, ndigits)</c>: half to even on the exact value; an int stays an int.</summary>
    public static object Round(object? number, long ndigits)
    {
        if (number is long or bool)
        {
            var n = L(number);
            if (ndigits >= 0) return n;
            if (ndigits < -18) return 0L;
            var scale = BigInteger.Pow(10, (int)-ndigits);
            var rounded = RoundHalfEven(new BigInteger(n), scale) * scale;
            if (rounded > long.MaxValue || rounded < long.MinValue) throw IntOverflow();
            return (long)rounded;
        }

        var x = D(number);
        if (!double.IsFinite(x) || x == 0) return x;
        if (ndigits > 323) return x;
        if (ndigits < -308) return 0.0 * Math.Sign(x);

        // x = mantissa * 2^exponent exactly.
        var bits = BitConverter.DoubleToInt64Bits(x);
        var negative = bits < 0;
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1;
        else mantissa |= 1L << 52;
        exponent -= 1075;

        // y = x * 10^ndigits = num / den.
        var num = new BigInteger(mantissa);
        var den = BigInteger.One;
        if (exponent >= 0) num <<= exponent;
        else den <<= -exponent;
        if (ndigits >= 0) num *= BigInteger.Pow(10, (int)ndigits);
        else den *= BigInteger.Pow(10, (int)-ndigits);
        var m = RoundHalfEven(num, den);
        var text = m.ToString(CultureInfo.InvariantCulture) + "E" + (-ndigits).ToString(CultureInfo.InvariantCulture);
        var result = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return negative ? -result : result;
    }

    // num / den rounded half to even, for num and den of any sign (den > 0 here).
    private static BigInteger RoundHalfEven(BigInteger num, BigInteger den)
    {
        var q = BigInteger.DivRem(num, den, out var r);
        if (r.Sign < 0)
        {
            q -= 1;
            r += den;
        }

        var twice = r * 2;
        if (twice > den || (twice == den && !q.IsEven)) q += 1;
        return q;
    }

    /// <summary>Python's <c>int(value)</c> (yaql's <c>int()</c> maps null to 0 first).</summary>
    public static long ToInt(object? value)
    {
        switch (value)
        {
            case long l: return l;
            case bool b: return b ? 1 : 0;
            case double d:
                if (double.IsNaN(d)) throw YaqlErrors.ValueError("cannot convert float NaN to integer");
                if (double.IsInfinity(d)) throw YaqlErrors.Overflow("cannot convert float infinity to integer");
                var t = Math.Truncate(d);
                if (t >= 9.2233720368547758E18 || t < -9.2233720368547758E18) throw IntOverflow();
                return (long)t;
            case string s:
                var text = PyStr.Strip(s, null, true, true);
                if (IsPythonIntLiteral(text) && long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                if (IsPythonIntLiteral(text)) throw IntOverflow();
                throw YaqlErrors.ValueError($"invalid literal for int() with base 10: {YaqlRepr.Repr(s)}");
            default:
                throw YaqlErrors.TypeError($"int() argument must be a string, a bytes-like object or a real number, not '{YaqlOps.TypeName(value)}'");
        }
    }

    private static bool IsPythonIntLiteral(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-') i++;
        if (i >= text.Length || !char.IsAsciiDigit(text[i])) return false;
        for (; i < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i])) continue;
            if (text[i] == '_' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i - 1])) continue;
            return false;
        }

        return true;
    }

    /// <summary>Python's <c>float(value)</c> (yaql's <c>float()</c> maps null to 0.0 first).</summary>
    public static double ToFloat(object? value)
    {
        switch (value)
        {
            case double d: return d;
            case long l: return l;
            case bool b: return b ? 1 : 0;
            case string s:
                var text = PyStr.Strip(s, null, true, true);
                var lower = text.ToLowerInvariant();
                var sign = 1.0;
                var body = lower;
                if (body.StartsWith('+') || body.StartsWith('-'))
                {
                    sign = body[0] == '-' ? -1 : 1;
                    body = body[1..];
                }

                if (body is "inf" or "infinity") return sign * double.PositiveInfinity;
                if (body == "nan") return double.NaN;
                if (IsPythonFloatLiteral(body) && double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                throw YaqlErrors.ValueError($"could not convert string to float: {YaqlRepr.Repr(s)}");
            default:
                throw YaqlErrors.TypeError($"float() argument must be a string or a real number, not '{YaqlOps.TypeName(value)}'");
        }
    }

    // digits [. digits] [e [sign] digits], with single underscores between digits.
    private static bool IsPythonFloatLiteral(string s)
    {
        var i = 0;
        var digits = Digits(s, ref i);
        var fraction = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            fraction = Digits(s, ref i);
        }

        if (digits + fraction == 0) return false;
        if (i < s.Length && s[i] == 'e')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            if (Digits(s, ref i) == 0) return false;
        }

        return i == s.Length;
    }

    private static int Digits(string s, ref int i)
    {
        var n = 0;
        while (i < s.Length)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                n++;
                i++;
            }
            else if (s[i] == '_' && n > 0 && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return n;
    }
}
