using System.Globalization;
using System.Text;
using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>yaql/standard_library/strings.py.</summary>
internal static class StringsLibrary
{
    public static void Register(Registry r)
    {
        r.Function("#operator_>").P("left", T.String()).P("right", T.String()).Body(i => PyOps.CompareCodePoints(S(i[0]), S(i[1])) > 0);
        r.Function("#operator_<").P("left", T.String()).P("right", T.String()).Body(i => PyOps.CompareCodePoints(S(i[0]), S(i[1])) < 0);
        r.Function("#operator_>=").P("left", T.String()).P("right", T.String()).Body(i => PyOps.CompareCodePoints(S(i[0]), S(i[1])) >= 0);
        r.Function("#operator_<=").P("left", T.String()).P("right", T.String()).Body(i => PyOps.CompareCodePoints(S(i[0]), S(i[1])) <= 0);

        r.Extension("len").P("string", T.String()).Body(i => (long)PyOps.CodePointLength(S(i[0])));
        r.Method("toLower").P("string", T.String()).Body(i => S(i[0]).ToLowerInvariant());
        r.Method("toUpper").P("string", T.String()).Body(i => Upper(S(i[0])));
        r.Method("split").P("string", T.String()).P("separator", T.String(nullable: true), null).P("max_splits", T.Int(), -1L)
            .Body(i => Lib.List(PyStr.Split(S(i[0]), (string?)i[1], Lib.Long(i[2]))));
        r.Method("rightSplit").P("string", T.String()).P("separator", T.String(nullable: true), null).P("max_splits", T.Int(), -1L)
            .Body(i => Lib.List(PyStr.RSplit(S(i[0]), (string?)i[1], Lib.Long(i[2]))));
        r.Method("join").P("sequence", T.Iterable()).P("separator", T.String())
            .Body(i => Join(i, i[0], S(i[1])));
        r.Method("join").P("separator", T.String()).P("sequence", T.Iterable())
            .Body(i => Join(i, i[1], S(i[0])));
        r.Function("str").P("value", T.Any).Body(i => Lib.YaqlStr(i[0]));
        r.Function("concat").Star("args", T.String()).Body(i => Concat(i.Args));
        r.Function("#operator_+").Star("args", T.String()).Body(i => Concat(i.Args));
        r.Method("trim").P("string", T.String()).P("chars", T.String(nullable: true), null).Body(i => PyStr.Strip(S(i[0]), (string?)i[1], true, true));
        r.Method("trimLeft").P("string", T.String()).P("chars", T.String(nullable: true), null).Body(i => PyStr.Strip(S(i[0]), (string?)i[1], true, false));
        r.Method("trimRight").P("string", T.String()).P("chars", T.String(nullable: true), null).Body(i => PyStr.Strip(S(i[0]), (string?)i[1], false, true));
        r.Method("replace").P("string", T.String()).P("old", T.String()).P("new", T.String()).P("count", T.Int(), -1L)
            .Body(i => PyStr.Replace(S(i[0]), S(i[1]), S(i[2]), Lib.Long(i[3])));
        r.Method("replace").P("string", T.String()).P("replacements", T.Mapping).P("count", T.Int(), -1L)
            .Body(i =>
            {
                var text = S(i[0]);
                foreach (var (key, value) in YaqlOps.AsMapping(i[1])!)
                {
                    text = PyStr.Replace(text, (string)i.Call("str", Key(key))!, (string)i.Call("str", value)!, Lib.Long(i[2]));
                }

                return text;
            });
        r.Extension("isEmpty").P("string", T.String(nullable: true)).P("trim_spaces", T.Bool(), true).Alias("trim").P("chars", T.String(nullable: true), null)
            .Body(i =>
            {
                if (i[0] is not string s) return true;
                if ((bool)i[1]!) s = PyStr.Strip(s, (string?)i[2], true, true);
                return s.Length == 0;
            });
        r.Extension("norm").P("string", T.String(nullable: true)).P("chars", T.String(nullable: true), null)
            .Body(i =>
            {
                if (i[0] is not string s) return null;
                var value = PyStr.Strip(s, (string?)i[1], true, true);
                return value.Length == 0 ? null : value;
            });
        r.Function("#operator_*").P("left", T.String()).P("right", T.Int()).Body(i => PyStr.Repeat(S(i[0]), Lib.Long(i[1])));
        r.Function("#operator_*").P("left", T.Int()).P("right", T.String()).Body(i => PyStr.Repeat(S(i[1]), Lib.Long(i[0])));
        r.Function("#operator_in").P("left", T.String()).P("right", T.String()).Body(i => S(i[1]).Contains(S(i[0]), StringComparison.Ordinal));
        r.Method("substring").P("string", T.String()).P("start", T.Int()).P("length", T.Int(), -1L)
            .Body(i =>
            {
                var s = S(i[0]);
                var len = (long)PyOps.CodePointLength(s);
                var start = Lib.Long(i[1]);
                var length = Lib.Long(i[2]);
                if (length < 0) length = len;
                if (start < 0) start += len;
                return PyStr.Slice(s, start, start + length);
            });
        r.Method("indexOf").P("string", T.String()).P("sub", T.String()).P("start", T.Int(), 0L)
            .Body(i => PyStr.Find(S(i[0]), S(i[1]), Lib.Long(i[2]), null, false));
        r.Method("indexOf").P("string", T.String()).P("sub", T.String()).P("start", T.Int()).P("length", T.Int())
            .Body(i => FindRange(S(i[0]), S(i[1]), Lib.Long(i[2]), Lib.Long(i[3]), false));
        r.Method("lastIndexOf").P("string", T.String()).P("sub", T.String()).P("start", T.Int(), 0L)
            .Body(i => PyStr.Find(S(i[0]), S(i[1]), Lib.Long(i[2]), null, true));
        r.Method("lastIndexOf").P("string", T.String()).P("sub", T.String()).P("start", T.Int()).P("length", T.Int())
            .Body(i => FindRange(S(i[0]), S(i[1]), Lib.Long(i[2]), Lib.Long(i[3]), true));
        r.Method("toCharArray").P("string", T.String()).Body(i => Lib.Tuple(PyStr.Characters(S(i[0]))));
        r.Function("characters")
            .P("digits", T.Bool(nullable: true), false).P("hexdigits", T.Bool(nullable: true), false)
            .P("ascii_lowercase", T.Bool(nullable: true), false).P("ascii_uppercase", T.Bool(nullable: true), false)
            .P("ascii_letters", T.Bool(nullable: true), false).P("letters", T.Bool(nullable: true), false)
            .P("octdigits", T.Bool(nullable: true), false).P("punctuation", T.Bool(nullable: true), false)
            .P("printable", T.Bool(nullable: true), false).P("lowercase", T.Bool(nullable: true), false)
            .P("uppercase", T.Bool(nullable: true), false).P("whitespace", T.Bool(nullable: true), false)
            .Body(Characters);
        r.Function("isString").P("arg", T.Any).Body(i => i[0] is string);
        r.Method("startsWith").P("string", T.String()).Star("prefixes", T.String())
            .Body(i => i.Rest(1).Any(p => S(i[0]).StartsWith(S(p), StringComparison.Ordinal)));
        r.Method("endsWith").P("string", T.String()).Star("suffixes", T.String())
            .Body(i => i.Rest(1).Any(p => S(i[0]).EndsWith(S(p), StringComparison.Ordinal)));
        r.Function("hex").P("num", T.Number(nullable: true))
            .Body(i =>
            {
                if (i[0] is not long n) throw YaqlErrors.TypeError($"'{YaqlOps.TypeName(i[0])}' object cannot be interpreted as an integer");
                return n < 0 ? "-0x" + (-(System.Numerics.BigInteger)n).ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0') : "0x" + n.ToString("x", CultureInfo.InvariantCulture);
            });
    }

    private static string S(object? v) => (string)v!;

    private static object? Key(object key) => key is NullKey ? null : key;

    /// <summary>Python's <c>str.upper()</c>: the invariant mapping plus the special full case mapping of ß.</summary>
    private static string Upper(string s)
    {
        var upper = s.ToUpperInvariant();
        return upper.Contains('ß', StringComparison.Ordinal) ? upper.Replace("ß", "SS", StringComparison.Ordinal) : upper;
    }

    private static string Join(Invocation i, object? sequence, string separator)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var item in YaqlOps.Iterate(sequence))
        {
            if (!first) sb.Append(separator);
            first = false;
            sb.Append((string)i.Call("str", item)!);
            if (sb.Length > Interpreter.MaxStringLength) throw YaqlErrors.MemoryQuotaExceeded();
        }

        return sb.ToString();
    }

    private static string Concat(object?[] args)
    {
        var sb = new StringBuilder();
        foreach (var arg in args) sb.Append((string)arg!);
        if (sb.Length > Interpreter.MaxStringLength) throw YaqlErrors.MemoryQuotaExceeded();
        return sb.ToString();
    }

    private static long FindRange(string s, string sub, long start, long length, bool fromRight)
    {
        var len = (long)PyOps.CodePointLength(s);
        if (start < 0) start += len;
        if (length < 0) length = len - start;
        return PyStr.Find(s, sub, start, start + length, fromRight);
    }

    private static object? Characters(Invocation i)
    {
        var sb = new StringBuilder();
        string[] sets =
        [
            "0123456789", "0123456789abcdefABCDEF", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", string.Empty, "01234567",
            "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c",
            string.Empty, string.Empty, " \t\n\r\x0b\x0c",
        ];
        for (var k = 0; k < sets.Length; k++)
        {
            if (!YaqlOps.Truthy(i[k])) continue;

            // string.letters, string.lowercase and string.uppercase are Python 2 names: AttributeError on Python 3.
            if (k is 5 or 9 or 10)
            {
                var name = k == 5 ? "letters" : k == 9 ? "lowercase" : "uppercase";
                throw YaqlErrors.Attribute($"module 'string' has no attribute '{name}'");
            }

            sb.Append(sets[k]);
        }

        // tuple(set(string)): Python's set order is arbitrary; the characters come out sorted here.
        return Lib.Tuple(sb.ToString().Distinct().OrderBy(c => c).Select(c => (object?)c.ToString()));
    }
}
