using System.Globalization;
using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>
/// The Python methods of <c>str</c>, <c>list</c>, <c>tuple</c>, <c>dict</c>, <c>int</c> and <c>float</c>
/// that the sandbox lets templates call. Values are immutable here: a mutating method
/// (<c>append</c>, <c>update</c>, ...) returns the changed container beside its result, and the
/// caller rebinds it where the template can name it.
/// </summary>
internal static class JinjaMethods
{
    private static readonly HashSet<string> StrMethods =
    [
        "capitalize", "casefold", "center", "count", "endswith", "expandtabs", "find", "format", "format_map", "index",
        "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable",
        "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix",
        "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith",
        "strip", "swapcase", "title", "upper", "zfill",
    ];

    private static readonly HashSet<string> ListMethods =
        ["append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"];

    private static readonly HashSet<string> TupleMethods = ["count", "index"];

    private static readonly HashSet<string> DictMethods =
        ["clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"];

    private static readonly HashSet<string> IntMethods = ["bit_length", "conjugate", "bit_count"];

    private static readonly HashSet<string> FloatMethods = ["conjugate", "is_integer"];

    /// <summary>The methods that change their list or dict.</summary>
    public static readonly HashSet<string> Mutators =
        ["append", "clear", "extend", "insert", "pop", "remove", "reverse", "sort", "popitem", "setdefault", "update"];

    /// <summary>Whether <paramref name="name"/> is a method of <paramref name="obj"/>'s Python type.</summary>
    public static bool IsMethod(object? obj, string name) => obj switch
    {
        string or Markup => StrMethods.Contains(name),
        ListValue { IsTuple: true } => TupleMethods.Contains(name),
        ListValue => ListMethods.Contains(name),
        DictValue => DictMethods.Contains(name),
        long or bool => IntMethods.Contains(name),
        double => FloatMethods.Contains(name),
        _ => false,
    };

    /// <summary>Data attributes of numbers (<c>real</c>, <c>imag</c>, <c>numerator</c>, <c>denominator</c>).</summary>
    public static bool TryProperty(object? obj, string name, out object? value)
    {
        value = null;
        switch (obj)
        {
            case long or bool:
                var l = PyOps.ToLong(obj);
                switch (name)
                {
                    case "real" or "numerator": value = l; return true;
                    case "imag": value = 0L; return true;
                    case "denominator": value = 1L; return true;
                }

                return false;
            case double d:
                switch (name)
                {
                    case "real": value = d; return true;
                    case "imag": value = 0.0; return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Calls a method; <paramref name="changed"/> is the mutated container for a mutating method.</summary>
    public static object? Call(RenderContext context, object? self, string name, object?[] args, KeyValuePair<string, object?>[] kwargs, out object? changed)
    {
        changed = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is Undefined u && name is not ("get" or "append" or "insert" or "setdefault" or "count" or "index" or "format")) throw u.Error();
        }

        return self switch
        {
            string s => StrMethod(context, s, name, args, kwargs),
            Markup m => StrMethod(context, m.Value, name, args, kwargs),
            ListValue list => ListMethod(list, name, args, kwargs, out changed),
            DictValue dict => DictMethod(dict, name, args, kwargs, out changed),
            long or bool => IntMethod(PyOps.ToLong(self), name, args, kwargs),
            double d => FloatMethod(d, name, args, kwargs),
            _ => throw new ExpressionRuntimeError("AttributeError", $"'{JinjaRuntime.TypeName(self)}' object has no attribute '{name}'"),
        };
    }

    private static object?[] Bind(string type, string name, object?[] args, KeyValuePair<string, object?>[] kwargs, string[] names, object?[] defaults) =>
        PyArgs.Bind($"{type}.{name}", args, kwargs, names, defaults);

    private static string StrArg(object? v, string what)
    {
        v = JinjaRuntime.Plain(v);
        return v as string ?? throw ExpressionRuntimeError.TypeError($"{what} must be str, not {JinjaRuntime.TypeName(v)}");
    }

    private static long IntArg(object? v, string what = "an integer")
    {
        v = JinjaRuntime.Plain(v);
        return v is long or bool ? PyOps.ToLong(v) : throw ExpressionRuntimeError.TypeError($"'{JinjaRuntime.TypeName(v)}' object cannot be interpreted as {what}");
    }

    // ---- str --------------------------------------------------------------------------------

    private static object? StrMethod(RenderContext context, string s, string name, object?[] args, KeyValuePair<string, object?>[] kwargs)
    {
        object?[] a;
        switch (name)
        {
            case "upper": PyArgs.None0("str.upper", args, kwargs); return PyStrings.Upper(s);
            case "lower": PyArgs.None0("str.lower", args, kwargs); return PyStrings.Lower(s);
            case "casefold": PyArgs.None0("str.casefold", args, kwargs); return PyStrings.Lower(s);
            case "title": PyArgs.None0("str.title", args, kwargs); return PyStrings.Title(s);
            case "capitalize": PyArgs.None0("str.capitalize", args, kwargs); return PyStrings.Capitalize(s);
            case "swapcase":
                PyArgs.None0("str.swapcase", args, kwargs);
                return string.Concat(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.IsLower(c) ? char.ToUpperInvariant(c) : c));
            case "strip" or "lstrip" or "rstrip":
                a = Bind("str", name, args, kwargs, ["chars"], [null]);
                var chars = a[0] is null ? null : StrArg(a[0], $"{name} arg");
                return name switch
                {
                    "strip" => PyStrings.Strip(s, chars, true, true),
                    "lstrip" => PyStrings.Strip(s, chars, true, false),
                    _ => PyStrings.Strip(s, chars, false, true),
                };
            case "split" or "rsplit":
                a = Bind("str", name, args, kwargs, ["sep", "maxsplit"], [null, -1L]);
                var sep = a[0] is null ? null : StrArg(a[0], "must be str or None, not");
                if (sep is { Length: 0 }) throw ExpressionRuntimeError.ValueError("empty separator");
                var parts = name == "split" ? PyStrings.Split(s, sep, IntArg(a[1])) : PyStrings.RSplit(s, sep, IntArg(a[1]));
                return JinjaRuntime.List(parts.Cast<object?>().ToArray());
            case "splitlines":
                a = Bind("str", name, args, kwargs, ["keepends"], [false]);
                return JinjaRuntime.List(PyStrings.SplitLines(s, JinjaRuntime.Truthy(a[0])).Cast<object?>().ToArray());
            case "replace":
                a = Bind("str", name, args, kwargs, ["old", "new", "count"], [PyArgs.Required, PyArgs.Required, -1L]);
                return PyStrings.Replace(s, StrArg(a[0], "replace() argument 1"), StrArg(a[1], "replace() argument 2"), IntArg(a[2]));
            case "startswith" or "endswith":
                a = Bind("str", name, args, kwargs, ["prefix", "start", "end"], [PyArgs.Required, null, null]);
                var (ss, _) = PyStrings.SubRange(s, a[1], a[2]);
                var candidates = JinjaRuntime.Plain(a[0]) switch
                {
                    string one => [one],
                    ListValue { IsTuple: true } t => t.Select(x => StrArg(x, "tuple for startswith must only contain str, not")).ToArray(),
                    var other => throw ExpressionRuntimeError.TypeError($"{name} first arg must be str or a tuple of str, not {JinjaRuntime.TypeName(other)}"),
                };
                return candidates.Any(c => name == "startswith" ? ss.StartsWith(c, StringComparison.Ordinal) : ss.EndsWith(c, StringComparison.Ordinal));
            case "find" or "rfind" or "index" or "rindex" or "count":
                a = Bind("str", name, args, kwargs, ["sub", "start", "end"], [PyArgs.Required, null, null]);
                var sub = StrArg(a[0], "must be str, not");
                var (range, offset) = PyStrings.SubRange(s, a[1], a[2]);
                if (name == "count") return PyStrings.Count(range, sub);
                var found = name is "find" or "index" ? range.IndexOf(sub, StringComparison.Ordinal) : range.LastIndexOf(sub, StringComparison.Ordinal);
                if (found < 0)
                {
                    if (name is "index" or "rindex") throw ExpressionRuntimeError.ValueError("substring not found");
                    return -1L;
                }

                return (long)PyOps.CodePointLength(s[..(found + offset)]);
            case "join":
                a = Bind("str", name, args, kwargs, ["iterable"], [PyArgs.Required]);
                var items = new List<string>();
                var n = 0;
                foreach (var item in JinjaRuntime.Iterate(a[0]))
                {
                    var plain = JinjaRuntime.Plain(item);
                    items.Add(plain as string ?? throw ExpressionRuntimeError.TypeError($"sequence item {n}: expected str instance, {JinjaRuntime.TypeName(item)} found"));
                    n++;
                }

                return string.Join(s, items);
            case "center" or "ljust" or "rjust":
                a = Bind("str", name, args, kwargs, ["width", "fillchar"], [PyArgs.Required, " "]);
                var fill = StrArg(a[1], "The fill character");
                if (fill.Length != 1) throw ExpressionRuntimeError.TypeError("The fill character must be exactly one character long");
                return PyStrings.Justify(s, name, IntArg(a[0]), fill[0]);
            case "zfill":
                a = Bind("str", name, args, kwargs, ["width"], [PyArgs.Required]);
                return PyStrings.ZFill(s, IntArg(a[0]));
            case "partition" or "rpartition":
                a = Bind("str", name, args, kwargs, ["sep"], [PyArgs.Required]);
                var psep = StrArg(a[0], "must be str, not");
                if (psep.Length == 0) throw ExpressionRuntimeError.ValueError("empty separator");
                var at = name == "partition" ? s.IndexOf(psep, StringComparison.Ordinal) : s.LastIndexOf(psep, StringComparison.Ordinal);
                if (at < 0) return JinjaRuntime.Tuple(name == "partition" ? [s, string.Empty, string.Empty] : [string.Empty, string.Empty, s]);
                return JinjaRuntime.Tuple([s[..at], psep, s[(at + psep.Length)..]]);
            case "removeprefix":
                a = Bind("str", name, args, kwargs, ["prefix"], [PyArgs.Required]);
                var prefix = StrArg(a[0], "removeprefix() argument");
                return s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s;
            case "removesuffix":
                a = Bind("str", name, args, kwargs, ["suffix"], [PyArgs.Required]);
                var suffix = StrArg(a[0], "removesuffix() argument");
                return suffix.Length > 0 && s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s;
            case "expandtabs":
                a = Bind("str", name, args, kwargs, ["tabsize"], [8L]);
                return PyStrings.ExpandTabs(s, IntArg(a[0]));
            case "format":
                var kw = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (k, v) in kwargs) kw[k] = v;
                return PyFormat.Format(context, s, args, kw);
            case "format_map":
                a = Bind("str", name, args, kwargs, ["mapping"], [PyArgs.Required]);
                if (JinjaRuntime.Plain(a[0]) is not DictValue map) throw ExpressionRuntimeError.TypeError("format_map() argument must be a mapping");
                var mapped = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (k, v) in map)
                {
                    if (k is string ks) mapped[ks] = v;
                }

                return PyFormat.Format(context, s, [], mapped);
            default:
                PyArgs.None0("str." + name, args, kwargs);
                return PyStrings.Predicate(s, name);
        }
    }

    // ---- list and tuple ---------------------------------------------------------------------

    private static object? ListMethod(ListValue list, string name, object?[] args, KeyValuePair<string, object?>[] kwargs, out object? changed)
    {
        changed = null;
        var type = list.IsTuple ? "tuple" : "list";
        object?[] a;
        switch (name)
        {
            case "count":
                a = Bind(type, name, args, kwargs, ["value"], [PyArgs.Required]);
                return (long)list.Count(x => JinjaRuntime.Equal(x, a[0]));
            case "index":
                a = Bind(type, name, args, kwargs, ["value", "start", "stop"], [PyArgs.Required, 0L, long.MaxValue]);
                var start = IntArg(a[1]);
                var stop = IntArg(a[2]);
                if (start < 0) start = Math.Max(0, start + list.Count);
                if (stop < 0) stop = Math.Max(0, stop + list.Count);
                for (var i = (int)Math.Min(start, list.Count); i < Math.Min(stop, list.Count); i++)
                {
                    if (JinjaRuntime.Equal(list[i], a[0])) return (long)i;
                }

                throw ExpressionRuntimeError.ValueError(list.IsTuple ? "tuple.index(x): x not in tuple" : $"{JinjaRuntime.Repr(a[0])} is not in list");
            case "copy":
                PyArgs.None0("list.copy", args, kwargs);
                return list;
        }

        var items = list.ToList();
        object? result = null;
        switch (name)
        {
            case "append":
                a = Bind(type, name, args, kwargs, ["object"], [PyArgs.Required]);
                items.Add(a[0]);
                break;
            case "extend":
                a = Bind(type, name, args, kwargs, ["iterable"], [PyArgs.Required]);
                items.AddRange(JinjaRuntime.Iterate(a[0]));
                break;
            case "insert":
                a = Bind(type, name, args, kwargs, ["index", "object"], [PyArgs.Required, PyArgs.Required]);
                var at = IntArg(a[0]);
                if (at < 0) at = Math.Max(0, at + items.Count);
                items.Insert((int)Math.Min(at, items.Count), a[1]);
                break;
            case "pop":
                a = Bind(type, name, args, kwargs, ["index"], [-1L]);
                if (items.Count == 0) throw ExpressionRuntimeError.IndexError("pop from empty list");
                var index = IntArg(a[0]);
                if (index < 0) index += items.Count;
                if (index < 0 || index >= items.Count) throw ExpressionRuntimeError.IndexError("pop index out of range");
                result = items[(int)index];
                items.RemoveAt((int)index);
                break;
            case "remove":
                a = Bind(type, name, args, kwargs, ["value"], [PyArgs.Required]);
                var found = items.FindIndex(x => JinjaRuntime.Equal(x, a[0]));
                if (found < 0) throw ExpressionRuntimeError.ValueError("list.remove(x): x not in list");
                items.RemoveAt(found);
                break;
            case "reverse":
                PyArgs.None0("list.reverse", args, kwargs);
                items.Reverse();
                break;
            case "clear":
                PyArgs.None0("list.clear", args, kwargs);
                items.Clear();
                break;
            case "sort":
                a = Bind(type, name, [], kwargs, ["key", "reverse"], [null, false]);
                if (args.Length > 0) throw ExpressionRuntimeError.TypeError("sort() takes no positional arguments");
                if (a[0] is not null) throw ExpressionRuntimeError.TypeError("sort() key functions are not supported in templates");
                var sorted = JinjaFilters.StableSort(items, x => x, JinjaRuntime.Truthy(a[1]));
                items = [.. sorted];
                break;
        }

        changed = JinjaRuntime.List([.. items]);
        return result;
    }

    // ---- dict -------------------------------------------------------------------------------

    private static object? DictMethod(DictValue dict, string name, object?[] args, KeyValuePair<string, object?>[] kwargs, out object? changed)
    {
        changed = null;
        object?[] a;
        switch (name)
        {
            case "keys":
                PyArgs.None0("dict.keys", args, kwargs);
                return JinjaRuntime.List(dict.Keys.Cast<object?>().ToArray());
            case "values":
                PyArgs.None0("dict.values", args, kwargs);
                return JinjaRuntime.List(dict.Values.ToArray());
            case "items":
                PyArgs.None0("dict.items", args, kwargs);
                return Items(dict);
            case "get":
                a = Bind("dict", name, args, kwargs, ["key", "default"], [PyArgs.Required, null]);
                var key = JinjaRuntime.Hashable(a[0]);
                return key is not JinjaRuntime.NullKey && dict.TryGetValue(key, out var value) ? value : a[1];
            case "copy":
                PyArgs.None0("dict.copy", args, kwargs);
                return dict;
            case "fromkeys":
                a = Bind("dict", name, args, kwargs, ["iterable", "value"], [PyArgs.Required, null]);
                var builder = new DictValue.Builder();
                foreach (var k in JinjaRuntime.Iterate(a[0])) builder.Set(DictKey(k), JinjaRuntime.Note(a[1]));
                return builder.ToDict();
            case "pop":
                if (kwargs.Length > 0) throw ExpressionRuntimeError.TypeError("dict.pop() takes no keyword arguments");
                if (args.Length is < 1 or > 2) throw ExpressionRuntimeError.TypeError($"pop expected at most 2 arguments, got {args.Length}");
                var popKey = DictKey(args[0]);
                if (dict.TryGetValue(popKey, out var popped))
                {
                    changed = dict.Remove(popKey);
                    return popped;
                }

                if (args.Length == 2) return args[1];
                throw ExpressionRuntimeError.KeyError(JinjaRuntime.Repr(args[0]));
            case "popitem":
                PyArgs.None0("dict.popitem", args, kwargs);
                if (dict.Count == 0) throw ExpressionRuntimeError.KeyError("'popitem(): dictionary is empty'");
                var last = dict.Last();
                changed = dict.Remove(last.Key);
                return JinjaRuntime.Tuple([last.Key, last.Value]);
            case "setdefault":
                a = Bind("dict", name, args, kwargs, ["key", "default"], [PyArgs.Required, null]);
                var sk = DictKey(a[0]);
                if (dict.TryGetValue(sk, out var existing)) return existing;
                changed = dict.Set(sk, JinjaRuntime.Note(a[1]));
                return a[1];
            case "update":
                if (args.Length > 1) throw ExpressionRuntimeError.TypeError($"update expected at most 1 argument, got {args.Length}");
                var updated = dict;
                if (args.Length == 1)
                {
                    switch (JinjaRuntime.Plain(args[0]))
                    {
                        case DictValue other:
                            updated = updated.Merge(other);
                            break;
                        case var pairs:
                            var n = 0;
                            foreach (var pair in JinjaRuntime.Iterate(pairs))
                            {
                                var kv = JinjaRuntime.ToList(pair);
                                if (kv.Count != 2) throw ExpressionRuntimeError.ValueError($"dictionary update sequence element #{n} has length {kv.Count}; 2 is required");
                                updated = updated.Set(DictKey(kv[0]), JinjaRuntime.Note(kv[1]));
                                n++;
                            }

                            break;
                    }
                }

                foreach (var (k, v) in kwargs) updated = updated.Set(k, JinjaRuntime.Note(v));
                changed = updated;
                return null;
            case "clear":
                PyArgs.None0("dict.clear", args, kwargs);
                changed = DictValue.Empty;
                return null;
            default:
                throw new ExpressionRuntimeError("AttributeError", $"'dict' object has no attribute '{name}'");
        }
    }

    /// <summary>A dict's <c>items()</c> as a list of (key, value) tuples.</summary>
    public static ListValue Items(DictValue dict)
    {
        var items = new object?[dict.Count];
        var i = 0;
        foreach (var (k, v) in dict) items[i++] = JinjaRuntime.Tuple([k, v]);
        return JinjaRuntime.List(items);
    }

    /// <summary>A value usable as a dict key (Python's hashability rule); <c>None</c> is not representable here.</summary>
    public static object DictKey(object? v)
    {
        var key = JinjaRuntime.Hashable(v);
        if (key is JinjaRuntime.NullKey) throw ExpressionRuntimeError.TypeError("None cannot be a key of a workflow dict");
        return key;
    }

    // ---- numbers ----------------------------------------------------------------------------

    private static long IntMethod(long v, string name, object?[] args, KeyValuePair<string, object?>[] kwargs)
    {
        PyArgs.None0("int." + name, args, kwargs);
        return name switch
        {
            "bit_length" => (long)(v == 0 ? 0 : 64 - long.LeadingZeroCount(v < 0 ? (v == long.MinValue ? long.MaxValue : -v) : v)) + (v == long.MinValue ? 1 : 0),
            "bit_count" => (long)long.PopCount(v < 0 ? (v == long.MinValue ? v : -v) : v),
            _ => v,
        };
    }

    private static object? FloatMethod(double v, string name, object?[] args, KeyValuePair<string, object?>[] kwargs)
    {
        PyArgs.None0("float." + name, args, kwargs);
        return name switch
        {
            "is_integer" => double.IsFinite(v) && Math.Floor(v) == v,
            _ => v,
        };
    }
}

/// <summary>Python's <c>str</c> algorithms that .NET does differently.</summary>
internal static class PyStrings
{
    /// <summary>Python's <c>str.isspace()</c> for one character.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is '\x1c' or '\x1d' or '\x1e' or '\x1f';

    private static readonly System.Buffers.SearchValues<char> FullCaseMapped = System.Buffers.SearchValues.Create("\u00df\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06");

    /// <summary>Python's <c>str.upper()</c>: full case mapping where it differs from one-to-one (ß, ligatures).</summary>
    public static string Upper(string s)
    {
        var upper = s.ToUpperInvariant();
        if (upper.AsSpan().IndexOfAny(FullCaseMapped) < 0) return upper;
        return upper.Replace("\u00df", "SS", StringComparison.Ordinal).Replace("\ufb00", "FF", StringComparison.Ordinal)
            .Replace("\ufb01", "FI", StringComparison.Ordinal).Replace("\ufb02", "FL", StringComparison.Ordinal)
            .Replace("\ufb03", "FFI", StringComparison.Ordinal).Replace("\ufb04", "FFL", StringComparison.Ordinal)
            .Replace("\ufb05", "ST", StringComparison.Ordinal).Replace("\ufb06", "ST", StringComparison.Ordinal);
    }

    public static string Lower(string s) => s.ToLowerInvariant();

    public static string Strip(string s, string? chars, bool left, bool right)
    {
        var start = 0;
        var end = s.Length;
        Func<char, bool> strip = chars is null ? IsSpace : c => chars.Contains(c, StringComparison.Ordinal);
        if (left)
        {
            while (start < end && strip(s[start])) start++;
        }

        if (right)
        {
            while (end > start && strip(s[end - 1])) end--;
        }

        return s[start..end];
    }

    /// <summary>Python's <c>str.title()</c>: a letter after a cased letter is lowered, any other is uppered.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            if (char.IsLetter(c))
            {
                sb.Append(previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
                previousCased = char.IsUpper(c) || char.IsLower(c) || char.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter;
            }
            else
            {
                sb.Append(c);
                previousCased = false;
            }
        }

        return sb.ToString();
    }

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

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
                    result.Add(Strip(s[i..], null, false, true));
                    break;
                }

                var start = i;
                while (i < s.Length && !IsSpace(s[i])) i++;
                result.Add(s[start..i]);
            }

            return result;
        }

        var pos = 0;
        while (result.Count < maxSplit)
        {
            var at = s.IndexOf(sep, pos, StringComparison.Ordinal);
            if (at < 0) break;
            result.Add(s[pos..at]);
            pos = at + sep.Length;
        }

        result.Add(s[pos..]);
        return result;
    }

    public static List<string> RSplit(string s, string? sep, long maxSplit)
    {
        if (maxSplit < 0) return Split(s, sep, -1);
        var result = new List<string>();
        if (sep is null)
        {
            var i = s.Length;
            while (true)
            {
                while (i > 0 && IsSpace(s[i - 1])) i--;
                if (i <= 0) break;
                if (result.Count >= maxSplit)
                {
                    result.Add(Strip(s[..i], null, true, false));
                    break;
                }

                var end = i;
                while (i > 0 && !IsSpace(s[i - 1])) i--;
                result.Add(s[i..end]);
            }

            result.Reverse();
            return result;
        }

        var pos = s.Length;
        while (result.Count < maxSplit)
        {
            var at = pos - sep.Length < 0 ? -1 : s.LastIndexOf(sep, pos - sep.Length, StringComparison.Ordinal);
            if (at < 0) break;
            result.Add(s[(at + sep.Length)..pos]);
            pos = at;
        }

        result.Add(s[..pos]);
        result.Reverse();
        return result;
    }

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';

    public static List<string> SplitLines(string s, bool keepEnds)
    {
        var result = new List<string>();
        var start = 0;
        var i = 0;
        while (i < s.Length)
        {
            if (!IsLineBreak(s[i]))
            {
                i++;
                continue;
            }

            var eol = i;
            i += s[i] == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
            result.Add(keepEnds ? s[start..i] : s[start..eol]);
            start = i;
        }

        if (start < s.Length) result.Add(s[start..]);
        return result;
    }

    public static string Replace(string s, string old, string replacement, long count)
    {
        if (count < 0) count = long.MaxValue;
        if (count == 0) return s;
        if (old.Length == 0)
        {
            var sb = new StringBuilder();
            var n = 0L;
            for (var i = 0; i <= s.Length; i++)
            {
                if (n < count)
                {
                    sb.Append(replacement);
                    n++;
                }

                if (i < s.Length) sb.Append(s[i]);
            }

            return sb.ToString();
        }

        var result = new StringBuilder();
        var pos = 0;
        var done = 0L;
        while (done < count)
        {
            var at = s.IndexOf(old, pos, StringComparison.Ordinal);
            if (at < 0) break;
            result.Append(s, pos, at - pos).Append(replacement);
            pos = at + old.Length;
            done++;
            if (result.Length > JinjaRuntime.MaxBuiltLength) throw new ExpressionRuntimeError("MemoryError", "the result is too long");
        }

        result.Append(s, pos, s.Length - pos);
        return result.ToString();
    }

    public static long Count(string s, string sub)
    {
        if (sub.Length == 0) return PyOps.CodePointLength(s) + 1;
        long n = 0;
        var pos = 0;
        while (true)
        {
            var at = s.IndexOf(sub, pos, StringComparison.Ordinal);
            if (at < 0) return n;
            n++;
            pos = at + sub.Length;
        }
    }

    /// <summary>The part of <paramref name="s"/> between Python slice bounds, and its offset.</summary>
    public static (string Range, int Offset) SubRange(string s, object? start, object? end)
    {
        if (start is null && end is null) return (s, 0);
        var slice = new SliceValue(start, end, null);
        var (a, b, _) = JinjaRuntime.SliceIndices(slice, s.Length);
        if (b < a) return (string.Empty, (int)a);
        return (s[(int)a..(int)b], (int)a);
    }

    public static string Justify(string s, string how, long width, char fill)
    {
        var length = PyOps.CodePointLength(s);
        if (width <= length) return s;
        if (width > JinjaRuntime.MaxBuiltLength) throw new ExpressionRuntimeError("MemoryError", "the result is too long");
        var pad = (int)width - length;
        switch (how)
        {
            case "ljust": return s + new string(fill, pad);
            case "rjust": return new string(fill, pad) + s;
            default:
                // CPython's centering puts the extra space on the left when the width is odd.
                var left = (pad / 2) + (int)(pad & width & 1);
                return new string(fill, left) + s + new string(fill, pad - left);
        }
    }

    public static string ZFill(string s, long width)
    {
        if (width <= s.Length) return s;
        var pad = new string('0', (int)width - s.Length);
        return s.Length > 0 && s[0] is '+' or '-' ? s[0] + pad + s[1..] : pad + s;
    }

    public static string ExpandTabs(string s, long tabSize)
    {
        var sb = new StringBuilder();
        var column = 0;
        foreach (var c in s)
        {
            if (c == '\t')
            {
                if (tabSize > 0)
                {
                    var spaces = (int)(tabSize - (column % tabSize));
                    sb.Append(' ', spaces);
                    column += spaces;
                }
            }
            else
            {
                sb.Append(c);
                column = c is '\n' or '\r' ? 0 : column + 1;
            }
        }

        return sb.ToString();
    }

    public static bool Predicate(string s, string name)
    {
        switch (name)
        {
            case "isspace": return s.Length > 0 && s.All(IsSpace);
            case "isalpha": return s.Length > 0 && s.All(char.IsLetter);
            case "isalnum": return s.Length > 0 && s.All(char.IsLetterOrDigit);
            case "isdigit" or "isdecimal": return s.Length > 0 && s.All(char.IsDigit);
            case "isnumeric": return s.Length > 0 && s.All(char.IsNumber);
            case "isascii": return s.All(c => c < 128);
            case "isidentifier":
                return s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_');
            case "isprintable": return s.All(c => !char.IsControl(c));
            case "islower": return s.Any(char.IsLower) && !s.Any(char.IsUpper);
            case "isupper": return s.Any(char.IsUpper) && !s.Any(char.IsLower);
            case "istitle":
                var cased = false;
                var previousCased = false;
                foreach (var c in s)
                {
                    if (char.IsUpper(c))
                    {
                        if (previousCased) return false;
                        previousCased = cased = true;
                    }
                    else if (char.IsLower(c))
                    {
                        if (!previousCased) return false;
                        previousCased = cased = true;
                    }
                    else
                    {
                        previousCased = false;
                    }
                }

                return cased;
            default:
                throw new ExpressionRuntimeError("AttributeError", $"'str' object has no attribute '{name}'");
        }
    }
}
