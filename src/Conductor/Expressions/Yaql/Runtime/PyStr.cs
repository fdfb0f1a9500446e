using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>Python's <c>str</c> methods, with indices counted in code points as Python counts them.</summary>
internal static class PyStr
{
    /// <summary>The characters of a string (code points, as strings).</summary>
    public static IEnumerable<object?> Characters(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                yield return s.Substring(i, 2);
                i++;
            }
            else
            {
                yield return s[i].ToString();
            }
        }
    }

    private static bool HasSurrogates(string s)
    {
        foreach (var c in s)
        {
            if (char.IsSurrogate(c)) return true;
        }

        return false;
    }

    /// <summary>The UTF-16 offset of each code point, plus the string length at the end.</summary>
    private static int[] Offsets(string s)
    {
        var offsets = new List<int>(s.Length + 1);
        for (var i = 0; i < s.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
        }

        offsets.Add(s.Length);
        return [.. offsets];
    }

    /// <summary>Python's slice bounds: negative from the end, clamped.</summary>
    public static (int Start, int End) SliceBounds(long length, long? start, long? end)
    {
        long s = start ?? 0;
        long e = end ?? length;
        if (s < 0) s = Math.Max(0, s + length);
        if (e < 0) e = Math.Max(0, e + length);
        s = Math.Min(s, length);
        e = Math.Min(e, length);
        return ((int)s, (int)e);
    }

    /// <summary><c>s[start:end]</c>.</summary>
    public static string Slice(string s, long? start, long? end)
    {
        if (!HasSurrogates(s))
        {
            var (a, b) = SliceBounds(s.Length, start, end);
            return b <= a ? string.Empty : s[a..b];
        }

        var offsets = Offsets(s);
        var (cs, ce) = SliceBounds(offsets.Length - 1, start, end);
        return ce <= cs ? string.Empty : s[offsets[cs]..offsets[ce]];
    }

    /// <summary><c>s.find(sub, start, end)</c> (or <c>rfind</c>): a code-point index or -1.</summary>
    public static long Find(string s, string sub, long? start, long? end, bool fromRight)
    {
        var surrogates = HasSurrogates(s);
        var offsets = surrogates ? Offsets(s) : null;
        long length = surrogates ? offsets!.Length - 1 : s.Length;
        long a = start ?? 0, b = end ?? length;
        if (a < 0) a = Math.Max(0, a + length);
        if (b > length) b = length;
        else if (b < 0) b = Math.Max(0, b + length);
        if (b - a < PyOps.CodePointLength(sub)) return -1;
        if (sub.Length == 0) return fromRight ? b : a;
        var ua = surrogates ? offsets![a] : (int)a;
        var ub = surrogates ? offsets![b] : (int)b;
        var idx = fromRight
            ? s.LastIndexOf(sub, ub - 1, ub - ua, StringComparison.Ordinal)
            : s.IndexOf(sub, ua, ub - ua, StringComparison.Ordinal);
        if (idx < 0) return -1;
        return surrogates ? Array.IndexOf(offsets!, idx) : idx;
    }

    /// <summary>Python's <c>str.isspace()</c> for one character.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is '\x1c' or '\x1d' or '\x1e' or '\x1f';

    /// <summary><c>s.strip(chars)</c>, <c>lstrip</c>, <c>rstrip</c>.</summary>
    public static string Strip(string s, string? chars, bool left, bool right)
    {
        Func<char, bool> strip = chars is null ? IsSpace : c => chars.Contains(c, StringComparison.Ordinal);
        var a = 0;
        var b = s.Length;
        if (left)
        {
            while (a < b && strip(s[a])) a++;
        }

        if (right)
        {
            while (b > a && strip(s[b - 1])) b--;
        }

        return s[a..b];
    }

    /// <summary><c>s.split(sep, maxsplit)</c>.</summary>
    public static List<string> Split(string s, string? sep, long maxSplit)
    {
        var result = new List<string>();
        if (maxSplit < 0) maxSplit = long.MaxValue;
        if (sep is null)
        {
            var i = 0;
            while (true)
            {
                while (i < s.Length && IsSpace(s[i])) i++;
                if (i >= s.Length) break;
                if (result.Count >= maxSplit)
                {
                    result.Add(s[i..]);
                    break;
                }

                var j = i;
                while (j < s.Length && !IsSpace(s[j])) j++;
                result.Add(s[i..j]);
                i = j;
            }

            return result;
        }

        if (sep.Length == 0) throw YaqlErrors.ValueError("empty separator");
        var start = 0;
        while (result.Count < maxSplit)
        {
            var idx = s.IndexOf(sep, start, StringComparison.Ordinal);
            if (idx < 0) break;
            result.Add(s[start..idx]);
            start = idx + sep.Length;
        }

        result.Add(s[start..]);
        return result;
    }

    /// <summary><c>s.rsplit(sep, maxsplit)</c>.</summary>
    public static List<string> RSplit(string s, string? sep, long maxSplit)
    {
        var result = new List<string>();
        if (maxSplit < 0) maxSplit = long.MaxValue;
        if (sep is null)
        {
            var i = s.Length;
            while (true)
            {
                while (i > 0 && IsSpace(s[i - 1])) i--;
                if (i <= 0) break;
                if (result.Count >= maxSplit)
                {
                    result.Add(s[..i]);
                    break;
                }

                var j = i;
                while (j > 0 && !IsSpace(s[j - 1])) j--;
                result.Add(s[j..i]);
                i = j;
            }

            result.Reverse();
            return result;
        }

        if (sep.Length == 0) throw YaqlErrors.ValueError("empty separator");
        var end = s.Length;
        while (result.Count < maxSplit && end >= sep.Length)
        {
            var idx = s.LastIndexOf(sep, end - 1, end, StringComparison.Ordinal);
            if (idx < 0) break;
            result.Add(s[(idx + sep.Length)..end]);
            end = idx;
        }

        result.Add(s[..end]);
        result.Reverse();
        return result;
    }

    /// <summary><c>s.replace(old, new, count)</c>; a negative count replaces all.</summary>
    public static string Replace(string s, string old, string replacement, long count)
    {
        if (count < 0) count = long.MaxValue;
        if (count == 0) return s;
        var sb = new StringBuilder();
        if (old.Length == 0)
        {
            // Python inserts the replacement before every character and at the end.
            var n = 0L;
            foreach (var ch in Characters(s))
            {
                if (n < count)
                {
                    sb.Append(replacement);
                    n++;
                }

                sb.Append((string)ch!);
            }

            if (n < count) sb.Append(replacement);
            return sb.ToString();
        }

        var start = 0;
        var done = 0L;
        while (done < count)
        {
            var idx = s.IndexOf(old, start, StringComparison.Ordinal);
            if (idx < 0) break;
            sb.Append(s, start, idx - start).Append(replacement);
            start = idx + old.Length;
            done++;
        }

        sb.Append(s, start, s.Length - start);
        return sb.ToString();
    }

    /// <summary><c>s * n</c>.</summary>
    public static string Repeat(string s, long n)
    {
        if (n <= 0 || s.Length == 0) return string.Empty;
        if (s.Length * (double)n > Interpreter.MaxStringLength) throw YaqlErrors.MemoryQuotaExceeded();
        var sb = new StringBuilder(s.Length * (int)n);
        for (var i = 0; i < n; i++) sb.Append(s);
        return sb.ToString();
    }
}
