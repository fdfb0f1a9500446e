using System.Globalization;

namespace Orquesta.Azure.Conductor.Values;

/// <summary>
/// Python's value semantics over workflow values, shared by YAQL and Jinja (both run on Python
/// in the reference): equality across numeric types, hashing, ordering, truthiness, type names.
/// </summary>
/// <remarks>
/// Values are <see langword="null"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="string"/>, <see cref="ListValue"/>, <see cref="DictValue"/>, and inside YAQL also
/// <see cref="DateTimeOffset"/> and <see cref="TimeSpan"/>.
/// </remarks>
public static class PyOps
{
    /// <summary>Equality comparer for dict keys and sets: Python equality and hashing.</summary>
    public static readonly IEqualityComparer<object> KeyComparer = new PyKeyComparer();


    /// <summary>Python <c>==</c>.</summary>
    public static bool ValueEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        switch (a)
        {
            case string sa: return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case long or double or bool:
                if (!IsNumber(b)) return false;
                if (a is double || b is double) return ToDouble(a) == ToDouble(b);
                return ToLong(a) == ToLong(b);
            case ListValue la: return b is ListValue lb && la.Equals(lb);
            case DictValue da: return b is DictValue db && da.Equals(db);
            default: return a.Equals(b);
        }
    }

    /// <summary>Python <c>hash()</c>-compatible hashing: equal values hash equally across numeric types.</summary>
    public static int ValueHash(object? v)
    {
        switch (v)
        {
            case null: return 0x5f3759df;
            case string s: return StringComparer.Ordinal.GetHashCode(s);
            case bool b: return b ? 1 : 0;
            case long l: return l.GetHashCode();
            case double d:
                if (double.IsFinite(d) && Math.Floor(d) == d && d >= long.MinValue && d <= long.MaxValue) return ((long)d).GetHashCode();
                return d.GetHashCode();
            default: return v.GetHashCode();
        }
    }

    /// <summary>Whether <paramref name="v"/> is a Python number (bool counts, as in Python).</summary>
    public static bool IsNumber(object? v) => v is long or double or bool;

    /// <summary>A Python number as a double.</summary>
    public static double ToDouble(object? v) => v switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new InvalidCastException($"{TypeName(v)} is not a number"),
    };

    /// <summary>A Python int or bool as a long.</summary>
    public static long ToLong(object? v) => v switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d => (long)d,
        _ => throw new InvalidCastException($"{TypeName(v)} is not a number"),
    };

    /// <summary>Python truthiness.</summary>
    public static bool IsTruthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        ListValue l => l.Count > 0,
        DictValue d => d.Count > 0,
        TimeSpan t => t != TimeSpan.Zero,
        _ => true,
    };

    /// <summary>The Python type name of a value, as error messages print it.</summary>
    public static string TypeName(object? v) => v switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        ListValue => "list",
        DictValue => "dict",
        DateTimeOffset => "datetime",
        TimeSpan => "timedelta",
        _ => v.GetType().Name,
    };

    /// <summary>
    /// Python ordering (<c>&lt;</c>) between two values: numbers with numbers, strings with strings
    /// (by code point), lists lexicographically. Anything else is Python's <c>TypeError</c>.
    /// </summary>
    /// <exception cref="ExpressionRuntimeError">The two values are not orderable.</exception>
    public static int Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            if (a is double || b is double) return ToDouble(a).CompareTo(ToDouble(b));
            return ToLong(a).CompareTo(ToLong(b));
        }

        switch (a)
        {
            case string sa when b is string sb: return CompareCodePoints(sa, sb);
            case ListValue la when b is ListValue lb:
                for (var i = 0; i < Math.Min(la.Count, lb.Count); i++)
                {
                    if (ValueEquals(la[i], lb[i])) continue;
                    return Compare(la[i], lb[i]);
                }

                return la.Count.CompareTo(lb.Count);
            case DateTimeOffset da when b is DateTimeOffset db: return da.CompareTo(db);
            case TimeSpan ta when b is TimeSpan tb: return ta.CompareTo(tb);
        }

        throw ExpressionRuntimeError.TypeError($"'<' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    /// <summary>Compares strings by Unicode code point, as Python does.</summary>
    public static int CompareCodePoints(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = a[i];
            var cb = b[i];
            if (ca == cb) continue;
            // Surrogates (U+D800..U+DFFF) encode code points above U+FFFF: they sort after the rest of the BMP.
            var ka = char.IsSurrogate(ca) ? ca + 0x2000 : (ca >= 0xE000 ? ca - 0x800 : ca);
            var kb = char.IsSurrogate(cb) ? cb + 0x2000 : (cb >= 0xE000 ? cb - 0x800 : cb);
            return ka.CompareTo(kb);
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Number of Unicode code points in a string (Python's <c>len()</c>).</summary>
    public static int CodePointLength(string s)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }

        return n;
    }

    /// <summary>Formats an integer the way Python does.</summary>
    public static string FormatInt(long v) => v.ToString(CultureInfo.InvariantCulture);

    private sealed class PyKeyComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) => ValueEquals(x, y);

        public int GetHashCode(object obj) => ValueHash(obj);
    }
}
