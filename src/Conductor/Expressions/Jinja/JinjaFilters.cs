using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>Jinja's built-in filters (<c>filters.py</c> <c>FILTERS</c>) and Orquesta's functions registered as filters.</summary>
internal static partial class JinjaFilters
{
    public delegate object? Filter(RenderContext context, object? value, object?[] args, KeyValuePair<string, object?>[] kwargs);

    private static readonly Dictionary<string, Filter> Filters = new(StringComparer.Ordinal)
    {
        ["abs"] = (_, v, a, k) => Abs(v, a, k),
        ["attr"] = Attr,
        ["batch"] = (_, v, a, k) => Batch(v, a, k),
        ["capitalize"] = (_, v, a, k) => StrFilter("do_capitalize", v, a, k, PyStrings.Capitalize),
        ["center"] = (_, v, a, k) =>
        {
            var args = PyArgs.Bind("do_center", a, k, ["width"], [80L]);
            return PyStrings.Justify(SoftStr(v), "center", Int(args[0]), ' ');
        },
        ["count"] = (_, v, a, k) => Len(v, a, k),
        ["d"] = Default,
        ["default"] = Default,
        ["dictsort"] = (_, v, a, k) => DictSort(v, a, k),
        ["e"] = (_, v, a, k) => Escape(v, a, k),
        ["escape"] = (_, v, a, k) => Escape(v, a, k),
        ["filesizeformat"] = (_, v, a, k) => FileSizeFormat(v, a, k),
        ["first"] = First,
        ["float"] = (_, v, a, k) => Float(v, a, k),
        ["forceescape"] = (_, v, a, k) =>
        {
            PyArgs.Bind("do_forceescape", a, k, [], []);
            return new Markup(Markup.EscapeText(JinjaRuntime.Str(v)));
        },
        ["format"] = (_, v, a, k) => Format(v, a, k),
        ["groupby"] = GroupBy,
        ["indent"] = (_, v, a, k) => Indent(v, a, k),
        ["int"] = (_, v, a, k) => ToInt(v, a, k),
        ["items"] = (_, v, a, k) => ItemsFilter(v, a, k),
        ["join"] = Join,
        ["last"] = (_, v, a, k) =>
        {
            PyArgs.Bind("do_last", a, k, [], []);
            if (v is Generator g) throw ExpressionRuntimeError.TypeError($"'{g.Name}' object is not reversible");
            var items = JinjaRuntime.ToList(v);
            return items.Count > 0 ? items[^1] : new Undefined("No last item, sequence was empty.");
        },
        ["length"] = (_, v, a, k) => Len(v, a, k),
        ["list"] = (_, v, a, k) =>
        {
            PyArgs.Bind("do_list", a, k, [], []);
            if (v is ListValue { IsTuple: false } list) return list;
            var items = new List<object?>();
            foreach (var item in JinjaRuntime.Iterate(v)) items.Add(item);
            return JinjaRuntime.List([.. items]);
        },
        ["lower"] = (_, v, a, k) => StrFilter("do_lower", v, a, k, PyStrings.Lower),
        ["map"] = Map,
        ["max"] = (c, v, a, k) => MinMax(c, v, a, k, max: true),
        ["min"] = (c, v, a, k) => MinMax(c, v, a, k, max: false),
        ["pprint"] = (_, v, a, k) =>
        {
            PyArgs.Bind("do_pprint", a, k, [], []);
            return PyPrettyPrint.Format(v);
        },
        ["random"] = RandomFilter,
        ["reject"] = (c, v, a, k) => SelectOrReject(c, v, a, k, select: false, lookupAttr: false),
        ["rejectattr"] = (c, v, a, k) => SelectOrReject(c, v, a, k, select: false, lookupAttr: true),
        ["replace"] = (_, v, a, k) =>
        {
            var args = PyArgs.Bind("do_replace", a, k, ["old", "new", "count"], [PyArgs.Required, PyArgs.Required, null]);
            return PyStrings.Replace(JinjaRuntime.Str(v), JinjaRuntime.Str(args[0]), JinjaRuntime.Str(args[1]), args[2] is null ? -1 : Int(args[2]));
        },
        ["reverse"] = (_, v, a, k) => Reverse(v, a, k),
        ["round"] = (_, v, a, k) => Round(v, a, k),
        ["safe"] = (_, v, a, k) =>
        {
            PyArgs.Bind("do_mark_safe", a, k, [], []);
            return v as Markup ?? new Markup(JinjaRuntime.Str(v));
        },
        ["select"] = (c, v, a, k) => SelectOrReject(c, v, a, k, select: true, lookupAttr: false),
        ["selectattr"] = (c, v, a, k) => SelectOrReject(c, v, a, k, select: true, lookupAttr: true),
        ["slice"] = (_, v, a, k) => Slice(v, a, k),
        ["sort"] = Sort,
        ["string"] = (_, v, a, k) =>
        {
            PyArgs.Bind("soft_str", a, k, [], []);
            return v is Markup ? v : JinjaRuntime.Str(v);
        },
        ["striptags"] = (_, v, a, k) =>
        {
            PyArgs.Bind("do_striptags", a, k, [], []);
            return StripTags(JinjaRuntime.Str(v));
        },
        ["sum"] = Sum,
        ["title"] = (_, v, a, k) => StrFilter("do_title", v, a, k, Title),
        ["trim"] = (_, v, a, k) =>
        {
            var args = PyArgs.Bind("do_trim", a, k, ["chars"], [null]);
            return PyStrings.Strip(SoftStr(v), args[0] is null ? null : JinjaRuntime.Str(args[0]), true, true);
        },
        ["truncate"] = (_, v, a, k) => Truncate(v, a, k),
        ["unique"] = Unique,
        ["upper"] = (_, v, a, k) => StrFilter("do_upper", v, a, k, PyStrings.Upper),
        ["urlencode"] = (_, v, a, k) => UrlEncode(v, a, k),
        ["urlize"] = (_, v, a, k) => Urlize.Apply(v, a, k),
        ["wordcount"] = (_, v, a, k) =>
        {
            PyArgs.Bind("do_wordcount", a, k, [], []);
            return (long)WordRegex().Count(SoftStr(v));
        },
        ["wordwrap"] = (_, v, a, k) => TextWrap.WordWrap(v, a, k),
        ["xmlattr"] = (_, v, a, k) => XmlAttr(v, a, k),
        ["tojson"] = (_, v, a, k) =>
        {
            var args = PyArgs.Bind("do_tojson", a, k, ["indent"], [null]);
            return new Markup(PyJson.Dumps(v, args[0] is null ? null : (int)Int(args[0]), htmlSafe: true));
        },

        // Orquesta's functions, registered as filters by the reference.
        ["ctx"] = (c, v, a, k) => OrquestaFilters.Ctx(v, a, k),
        ["json"] = (_, v, a, k) =>
        {
            PyArgs.Bind("json_", a, k, [], []);
            return OrquestaFunctions.Json(JinjaGlobals.OrquestaArg(v));
        },
        ["zip"] = (c, v, a, k) => JinjaGlobals.Callables["zip"].Call(c, [v, .. a], k),
        ["item"] = (_, v, a, k) => OrquestaFilters.Item(v, a, k),
        ["task_status"] = (_, v, a, k) => OrquestaFilters.TaskStatus(v, a, k),
        ["succeeded"] = (_, v, a, k) => OrquestaFilters.Status(v, a, k, "succeeded_"),
        ["failed"] = (_, v, a, k) => OrquestaFilters.Status(v, a, k, "failed_"),
        ["completed"] = (_, v, a, k) => OrquestaFilters.Status(v, a, k, "completed_"),
        ["result"] = (_, v, a, k) => OrquestaFilters.Result(v, a, k),
    };

    /// <summary>Tuples made by <c>groupby</c>: their <c>grouper</c> and <c>list</c> attributes.</summary>
    private static readonly ConditionalWeakTable<ListValue, object> GroupTuples = [];

    public static Filter? Lookup(string name) => Filters.GetValueOrDefault(name);

    public static bool Exists(string name) => Filters.ContainsKey(name);

    /// <summary>Jinja's <c>environment.call_filter</c> (used by <c>map</c>).</summary>
    public static object? Call(RenderContext context, string name, object? value, object?[] args, KeyValuePair<string, object?>[] kwargs)
    {
        var filter = Lookup(name) ?? throw new ExpressionRuntimeError("TemplateRuntimeError", $"No filter named {PyRepr.QuoteString(name)}.");
        return filter(context, value, args, kwargs);
    }

    /// <summary>The <c>grouper</c>/<c>list</c> attribute of a <c>groupby</c> tuple.</summary>
    public static bool TryGroupAttribute(ListValue tuple, string name, out object? value)
    {
        value = null;
        if (!GroupTuples.TryGetValue(tuple, out _)) return false;
        switch (name)
        {
            case "grouper": value = tuple[0]; return true;
            case "list": value = tuple[1]; return true;
            default: return false;
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    /// <summary>MarkupSafe's <c>soft_str</c>: strings as they are, anything else through <c>str()</c>.</summary>
    public static string SoftStr(object? v) => JinjaRuntime.Str(v);

    public static long Int(object? v)
    {
        v = JinjaRuntime.Touch(v);
        return v is long or bool ? PyOps.ToLong(v) : throw ExpressionRuntimeError.TypeError($"'{JinjaRuntime.TypeName(v)}' object cannot be interpreted as an integer");
    }

    private static string StrFilter(string name, object? v, object?[] a, KeyValuePair<string, object?>[] k, Func<string, string> f)
    {
        PyArgs.Bind(name, a, k, [], []);
        return f(SoftStr(v));
    }

    private static long Len(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        PyArgs.Bind("len", a, k, [], []);
        return JinjaRuntime.Length(v);
    }

    /// <summary>Jinja's <c>make_attrgetter</c>: dotted attribute paths with integer parts, via <c>getitem</c>.</summary>
    public static Func<object?, object?> AttrGetter(RenderContext context, object? attribute, Func<object?, object?>? postprocess = null, object? fallback = null)
    {
        var parts = AttributeParts(attribute);
        if (parts is [string single] && postprocess is null && fallback is null)
        {
            // The common case (one key of dicts): straight to the dict.
            return item => item is DictValue dict && dict.TryGetValue(single, out var found) ? found : GetItemOrGroup(context, item, single);
        }

        return item =>
        {
            foreach (var part in parts)
            {
                item = GetItemOrGroup(context, item, part);
                if (fallback is not null && item is Undefined) item = fallback;
            }

            return postprocess is null ? item : postprocess(item);
        };
    }

    private static object? GetItemOrGroup(RenderContext context, object? item, object part)
    {
        if (item is ListValue { IsTuple: true } tuple && part is string name && TryGroupAttribute(tuple, name, out var value)) return value;
        return JinjaRuntime.GetItem(context, item, part);
    }

    private static object[] AttributeParts(object? attribute)
    {
        attribute = JinjaRuntime.Plain(attribute);
        return attribute switch
        {
            null => [],
            string s => s.Split('.').Select(p => p.Length > 0 && p.All(char.IsDigit) ? (object)long.Parse(p, CultureInfo.InvariantCulture) : p).ToArray(),
            _ => [attribute],
        };
    }

    private static object? IgnoreCase(object? v) => v switch
    {
        string s => PyStrings.Lower(s),
        Markup m => PyStrings.Lower(m.Value),
        _ => v,
    };

    /// <summary>Python's stable <c>sorted(items, key=key, reverse=reverse)</c>.</summary>
    public static List<object?> StableSort(IReadOnlyList<object?> items, Func<object?, object?> key, bool reverse)
    {
        var keyed = items.Select(item => (Key: key(item), Item: item)).ToList();

        // Reverse sorting keeps equal items in their original order, as Python's does.
        var sorted = JinjaRuntime.SortStable(keyed, reverse
            ? (x, y) => JinjaRuntime.CompareValues(y.Key, x.Key) < 0
            : (x, y) => JinjaRuntime.CompareValues(x.Key, y.Key) < 0);
        return sorted.Select(k => k.Item).ToList();
    }

    // ---- filters ----------------------------------------------------------------------------

    private static object Abs(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        PyArgs.Bind("abs", a, k, [], []);
        return JinjaRuntime.Touch(v) switch
        {
            long l when l == long.MinValue => throw new ExpressionRuntimeError("OverflowError", "integer result is too large (integers are 64-bit here)"),
            long l => (object)Math.Abs(l),
            bool b => b ? 1L : 0L,
            double d => Math.Abs(d),
            var other => throw ExpressionRuntimeError.TypeError($"bad operand type for abs(): '{JinjaRuntime.TypeName(other)}'"),
        };
    }

    private static object? Attr(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_attr", a, k, ["name"], [PyArgs.Required]);
        var name = JinjaRuntime.Plain(args[0]) as string ?? throw ExpressionRuntimeError.TypeError("attribute name must be string");
        if (v is Undefined u) throw u.Error();
        var isAttribute = JinjaMethods.IsMethod(v, name) || JinjaMethods.TryProperty(v, name, out _)
            || v is Namespace ns && ns.Attributes.ContainsKey(name) || v is LoopContext && LoopContext.HasAttribute(name)
            || v is ListValue { IsTuple: true } t && TryGroupAttribute(t, name, out _);
        if (!isAttribute)
        {
            return Undefined.ForMember(v, name);
        }

        if (v is ListValue { IsTuple: true } tuple && TryGroupAttribute(tuple, name, out var group)) return group;
        return JinjaRuntime.GetAttr(context, v, name);
    }

    private static Generator Batch(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_batch", a, k, ["linecount", "fill_with"], [PyArgs.Required, null]);
        var count = Int(args[0]);
        var fill = args[1];
        IEnumerable<object?> Run()
        {
            var tmp = new List<object?>();
            foreach (var item in JinjaRuntime.Iterate(v))
            {
                if (tmp.Count == count)
                {
                    yield return JinjaRuntime.List([.. tmp]);
                    tmp.Clear();
                }

                tmp.Add(item);
            }

            if (tmp.Count > 0)
            {
                if (fill is not null)
                {
                    while (tmp.Count < count) tmp.Add(fill);
                }

                yield return JinjaRuntime.List([.. tmp]);
            }
        }

        return new Generator(Run());
    }

    private static object? Default(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_default", a, k, ["default_value", "boolean"], [string.Empty, false]);
        if (v is Undefined || (JinjaRuntime.Truthy(args[1]) && !JinjaRuntime.Truthy(v))) return args[0];
        return v;
    }

    private static ListValue DictSort(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_dictsort", a, k, ["case_sensitive", "by", "reverse"], [false, "key", false]);
        var by = JinjaRuntime.Plain(args[1]);
        var pos = by switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw new ExpressionRuntimeError("FilterArgumentError", "You can only sort by either \"key\" or \"value\""),
        };
        var dict = JinjaRuntime.Touch(v) as DictValue ?? throw new ExpressionRuntimeError("AttributeError", $"'{JinjaRuntime.TypeName(v)}' object has no attribute 'items'");
        var caseSensitive = JinjaRuntime.Truthy(args[0]);
        var items = JinjaMethods.Items(dict);
        var sorted = StableSort(items, item =>
        {
            var value = ((ListValue)item!)[pos];
            return caseSensitive ? value : IgnoreCase(value);
        }, JinjaRuntime.Truthy(args[2]));
        return JinjaRuntime.List([.. sorted]);
    }

    private static Markup Escape(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        PyArgs.Bind("escape", a, k, [], []);
        return Markup.Escape(v);
    }

    private static string FileSizeFormat(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_filesizeformat", a, k, ["binary"], [false]);
        var bytes = PyFloat(v) ?? throw ExpressionRuntimeError.ValueError($"could not convert string to float: {JinjaRuntime.Repr(v)}");
        var binary = JinjaRuntime.Truthy(args[0]);
        var bas = binary ? 1024.0 : 1000.0;
        string[] prefixes = binary ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
        if (bytes == 1) return "1 Byte";
        if (bytes < bas) return $"{(long)bytes} Bytes";
        var unit = 0.0;
        var prefix = prefixes[0];
        for (var i = 0; i < prefixes.Length; i++)
        {
            unit = Math.Pow(bas, i + 2);
            prefix = prefixes[i];
            if (bytes < unit) break;
        }

        return PyFormat.FormatFloat(bas * bytes / unit, 'f', 1) + " " + prefix;
    }

    private static object? First(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        PyArgs.Bind("do_first", a, k, [], []);
        foreach (var item in JinjaRuntime.Iterate(v)) return item;
        return new Undefined("No first item, sequence was empty.");
    }

    /// <summary>Python's <c>float(value)</c>, or <see langword="null"/> where Python raises TypeError or ValueError.</summary>
    public static double? PyFloat(object? v)
    {
        switch (JinjaRuntime.Touch(v))
        {
            case long l: return l;
            case bool b: return b ? 1 : 0;
            case double d: return d;
            case string s:
                var t = PyStrings.Strip(s, null, true, true).Replace("_", string.Empty, StringComparison.Ordinal);
                if (s.Contains("__", StringComparison.Ordinal) || s.StartsWith('_') || s.EndsWith('_')) return null;
                switch (t.ToLowerInvariant())
                {
                    case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
                    case "-inf" or "-infinity": return double.NegativeInfinity;
                    case "nan" or "+nan" or "-nan": return double.NaN;
                }

                if (t.Length == 0 || t.Any(c => !(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-'))) return null;
                return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d2) ? d2 : null;
            default:
                return null;
        }
    }

    private static object? Float(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_float", a, k, ["default"], [0.0]);
        return PyFloat(v) ?? args[0];
    }

    private static string Format(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        if (a.Length > 0 && k.Length > 0) throw new ExpressionRuntimeError("FilterArgumentError", "can't handle positional and keyword arguments at the same time");
        object? args = k.Length > 0 ? DictValue.From(k.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value))) : JinjaRuntime.Tuple(a);
        return PyFormat.Percent(SoftStr(v), args);
    }

    private static ListValue GroupBy(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_groupby", a, k, ["attribute", "default", "case_sensitive"], [PyArgs.Required, null, false]);
        var caseSensitive = JinjaRuntime.Truthy(args[2]);
        var key = AttrGetter(context, args[0], caseSensitive ? null : IgnoreCase, args[1]);
        var sorted = StableSort(JinjaRuntime.ToList(v), key, reverse: false);
        var output = caseSensitive ? null : AttrGetter(context, args[0], null, args[1]);
        var groups = new List<object?>();
        var i = 0;
        while (i < sorted.Count)
        {
            var groupKey = key(sorted[i]);
            var members = new List<object?>();
            while (i < sorted.Count && JinjaRuntime.Equal(key(sorted[i]), groupKey)) members.Add(sorted[i++]);
            var grouper = output is null ? groupKey : output(members[0]);
            var tuple = JinjaRuntime.Tuple([grouper, JinjaRuntime.List([.. members])]);
            GroupTuples.AddOrUpdate(tuple, tuple);
            groups.Add(tuple);
        }

        return JinjaRuntime.List([.. groups]);
    }

    private static object? Indent(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_indent", a, k, ["width", "first", "blank"], [4L, false, false]);
        var indention = JinjaRuntime.Plain(args[0]) is string w ? w : new string(' ', (int)Math.Min(Int(args[0]), 10_000));
        var s = JinjaRuntime.Str(v) + "\n";
        var lines = PyStrings.SplitLines(s, false);
        string rv;
        if (JinjaRuntime.Truthy(args[2]))
        {
            rv = string.Join("\n" + indention, lines);
        }
        else
        {
            rv = lines.Count > 0 ? lines[0] : string.Empty;
            if (lines.Count > 1) rv += "\n" + string.Join("\n", lines.Skip(1).Select(line => line.Length > 0 ? indention + line : line));
        }

        if (JinjaRuntime.Truthy(args[1])) rv = indention + rv;
        return v is Markup ? new Markup(rv) : rv;
    }

    private static object? ToInt(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_int", a, k, ["default", "base"], [0L, 10L]);
        v = JinjaRuntime.Touch(v);
        switch (v)
        {
            case long l: return l;
            case bool b: return b ? 1L : 0L;
            case double d:
                if (double.IsNaN(d)) return args[0];
                if (double.IsInfinity(d)) throw new ExpressionRuntimeError("OverflowError", "cannot convert float infinity to integer");
                return TruncateToLong(d);
            case string s:
                if (TryParseInt(s, Int(args[1]), out var parsed)) return parsed;
                var f = PyFloat(s);
                if (f is { } fv && double.IsFinite(fv)) return TruncateToLong(fv);
                return args[0];
            default:
                return args[0];
        }
    }

    private static long TruncateToLong(double d)
    {
        var t = Math.Truncate(d);
        if (t >= 9.2233720368547758E+18 || t < -9.2233720368547758E+18) throw new ExpressionRuntimeError("OverflowError", "integer result is too large (integers are 64-bit here)");
        return (long)t;
    }

    /// <summary>Python's <c>int(text, base)</c>.</summary>
    public static bool TryParseInt(string text, long radix, out long value)
    {
        value = 0;
        var s = PyStrings.Strip(text, null, true, true);
        var negative = false;
        if (s.StartsWith('+') || s.StartsWith('-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length > 1 && s[0] == '0' && s[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            var prefixRadix = s[1] is 'x' or 'X' ? 16 : s[1] is 'o' or 'O' ? 8 : 2;
            if (radix == 0 || radix == prefixRadix)
            {
                radix = prefixRadix;
                s = s[2..];
                if (s.StartsWith('_')) s = s[1..];
            }
        }

        if (radix == 0)
        {
            radix = 10;
            if (s.Length > 1 && s[0] == '0' && s.Any(c => c != '0' && c != '_')) return false;
        }

        if (radix is < 2 or > 36 || s.Length == 0 || s.StartsWith('_') || s.EndsWith('_') || s.Contains("__", StringComparison.Ordinal)) return false;
        ulong acc = 0;
        foreach (var c in s)
        {
            if (c == '_') continue;
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) return false;
            acc = (acc * (ulong)radix) + (ulong)d;
            if (acc > (ulong)long.MaxValue + 1) throw new ExpressionRuntimeError("OverflowError", "integer result is too large (integers are 64-bit here)");
        }

        if (!negative && acc > long.MaxValue) throw new ExpressionRuntimeError("OverflowError", "integer result is too large (integers are 64-bit here)");
        value = negative ? (long)(0 - acc) : (long)acc;
        return true;
    }

    private static Generator ItemsFilter(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        PyArgs.Bind("do_items", a, k, [], []);
        if (v is Undefined) return new Generator([]);
        if (JinjaRuntime.Plain(v) is not DictValue dict) throw ExpressionRuntimeError.TypeError("Can only get item pairs from a mapping.");
        return new Generator(JinjaMethods.Items(dict));
    }

    private static string Join(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_join", a, k, ["d", "attribute"], [string.Empty, null]);
        IEnumerable<object?> items = JinjaRuntime.Iterate(v);
        if (args[1] is not null)
        {
            var getter = AttrGetter(context, args[1]);
            items = items.Select(getter);
        }

        var separator = JinjaRuntime.Str(args[0]);
        var sb = new StringBuilder();
        var first = true;
        foreach (var item in items)
        {
            context.Step();
            if (!first) sb.Append(separator);
            first = false;
            sb.Append(JinjaRuntime.Str(item));
            if (sb.Length > JinjaRuntime.MaxBuiltLength) throw new ExpressionRuntimeError("MemoryError", "the joined string is too long");
        }

        return sb.ToString();
    }

    private static Generator Map(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        // Jinja prepares the mapping only for a non-empty value.
        if (!JinjaRuntime.Truthy(v)) return new Generator([]);
        Func<object?, object?> func;
        if (a.Length == 0 && k.Any(p => p.Key == "attribute"))
        {
            var attribute = k.First(p => p.Key == "attribute").Value;
            var fallback = k.FirstOrDefault(p => p.Key == "default").Value;
            var unexpected = k.FirstOrDefault(p => p.Key is not ("attribute" or "default"));
            if (unexpected.Key is not null) throw new ExpressionRuntimeError("FilterArgumentError", $"Unexpected keyword argument {PyRepr.QuoteString(unexpected.Key)}");
            func = AttrGetter(context, attribute, null, fallback);
        }
        else
        {
            if (a.Length == 0) throw new ExpressionRuntimeError("FilterArgumentError", "map requires a filter argument");
            var name = JinjaRuntime.Str(a[0]);
            var rest = a[1..];
            func = item => Call(context, name, item, rest, k);
        }

        var truthy = JinjaRuntime.Truthy(v);
        IEnumerable<object?> Run()
        {
            if (!truthy) yield break;
            foreach (var item in JinjaRuntime.Iterate(v))
            {
                context.Step();
                yield return func(item);
            }
        }

        return new Generator(Run(), "generator");
    }

    private static object? MinMax(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k, bool max)
    {
        var args = PyArgs.Bind(max ? "do_max" : "do_min", a, k, ["case_sensitive", "attribute"], [false, null]);
        var items = JinjaRuntime.ToList(v);
        if (items.Count == 0)
        {
            return new Undefined("No aggregated item, sequence was empty.");
        }

        var key = AttrGetter(context, args[1], JinjaRuntime.Truthy(args[0]) ? null : IgnoreCase);
        var best = items[0];
        var bestKey = key(best);
        for (var i = 1; i < items.Count; i++)
        {
            var candidateKey = key(items[i]);
            var c = JinjaRuntime.CompareValues(candidateKey, bestKey, max ? ">" : "<");
            if (max ? c > 0 : c < 0)
            {
                best = items[i];
                bestKey = candidateKey;
            }
        }

        return best;
    }

    private static object? RandomFilter(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        PyArgs.Bind("do_random", a, k, [], []);
        v = JinjaRuntime.Touch(v);
        var length = v switch
        {
            ListValue l => l.Count,
            string s => s.Length,
            DictValue d => d.Count,
            _ => throw ExpressionRuntimeError.TypeError($"object of type '{JinjaRuntime.TypeName(v)}' has no len()"),
        };
        if (length == 0)
        {
            return new Undefined("No random item, sequence was empty.");
        }

        var index = context.Scope.Environment.NextInteger(0, length - 1);
        return v switch
        {
            ListValue l => l[(int)index],
            string s => s[(int)index].ToString(),
            _ => throw ExpressionRuntimeError.KeyError(JinjaRuntime.Int(index)),
        };
    }

    private static object? Reverse(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        PyArgs.Bind("do_reverse", a, k, [], []);
        switch (JinjaRuntime.Touch(v))
        {
            case string s:
                var points = JinjaRuntime.CodePoints(s);
                Array.Reverse(points);
                return string.Concat(points);
            case ListValue list:
                return new Generator(list.Reverse(), list.IsTuple ? "reversed" : "list_reverseiterator");
            case DictValue dict:
                return new Generator(dict.Keys.Reverse(), "dict_reversekeyiterator");
            case Generator g:
                var items = g.Consume().ToList();
                items.Reverse();
                return JinjaRuntime.List([.. items]);
            default:
                throw new ExpressionRuntimeError("FilterArgumentError", "argument must be iterable");
        }
    }

    private static object? Round(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_round", a, k, ["precision", "method"], [0L, "common"]);
        var method = JinjaRuntime.Plain(args[1]);
        if (method is not ("common" or "ceil" or "floor")) throw new ExpressionRuntimeError("FilterArgumentError", "method must be common, ceil or floor");
        var precision = Int(args[0]);
        v = JinjaRuntime.Touch(v);
        if (!PyOps.IsNumber(v)) throw ExpressionRuntimeError.TypeError($"type {JinjaRuntime.TypeName(v)} doesn't define __round__ method");
        if (method is "common")
        {
            if (v is long or bool) return RoundInt(PyOps.ToLong(v), precision);
            return PyRound.Round((double)v!, precision);
        }

        var scale = Math.Pow(10, precision);
        var scaled = PyOps.ToDouble(v) * scale;
        if (!double.IsFinite(scaled)) throw new ExpressionRuntimeError(double.IsNaN(scaled) ? "ValueError" : "OverflowError", "cannot convert float to integer");
        var rounded = method is "ceil" ? Math.Ceiling(scaled) : Math.Floor(scaled);
        return rounded / scale;
    }

    private static long RoundInt(long v, long precision)
    {
        if (precision >= 0) return v;
        if (precision < -18) return 0;
        var factor = (long)Math.Pow(10, -precision);
        var q = JinjaRuntime.FloorDiv(v, factor);
        var r = v - (q * factor);
        var twice = r * 2;
        if (twice > factor || (twice == factor && (q & 1) == 1)) q++;
        return q * factor;
    }

    private static Generator SelectOrReject(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k, bool select, bool lookupAttr)
    {
        // Jinja prepares the test only for a non-empty value.
        if (!JinjaRuntime.Truthy(v)) return new Generator([]);
        Func<object?, object?> transform = x => x;
        var offset = 0;
        if (lookupAttr)
        {
            if (a.Length == 0) throw new ExpressionRuntimeError("FilterArgumentError", "Missing parameter for attribute name");
            transform = AttrGetter(context, a[0]);
            offset = 1;
        }

        Func<object?, bool>? test = null;
        if (a.Length > offset)
        {
            var name = JinjaRuntime.Plain(a[offset]);
            var rest = a[(offset + 1)..];
            var resolved = name is string n ? JinjaTests.Lookup(n) : null;
            test = item =>
            {
                if (resolved is null) throw new ExpressionRuntimeError("TemplateRuntimeError", $"No test named {JinjaRuntime.Repr(name)}.");
                return JinjaRuntime.Truthy(resolved(context, item, rest, k));
            };
        }
        bool Keep(object? item)
        {
            context.Step();
            var subject = lookupAttr ? transform(item) : item;
            return (test is null ? JinjaRuntime.Truthy(subject) : test(subject)) == select;
        }

        IEnumerable<object?> Run()
        {
            if (v is ListValue list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (Keep(list[i])) yield return list[i];
                }

                yield break;
            }

            foreach (var item in JinjaRuntime.Iterate(v))
            {
                if (Keep(item)) yield return item;
            }
        }

        return new Generator(Run(), "generator");
    }

    private static Generator Slice(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_slice", a, k, ["slices", "fill_with"], [PyArgs.Required, null]);
        var slices = Int(args[0]);
        var fill = args[1];
        var seq = JinjaRuntime.ToList(v);
        if (slices == 0) throw new ExpressionRuntimeError("ZeroDivisionError", "integer division or modulo by zero");
        var length = seq.Count;
        var perSlice = JinjaRuntime.FloorDiv(length, slices);
        var withExtra = JinjaRuntime.FloorMod(length, slices);
        IEnumerable<object?> Run()
        {
            long offset = 0;
            for (long n = 0; n < Math.Min(slices, 1_000_000); n++)
            {
                var start = offset + (n * perSlice);
                if (n < withExtra) offset++;
                var end = offset + ((n + 1) * perSlice);
                var tmp = JinjaRuntime.SliceList(ListValue.From(seq), new SliceValue(start, end, null)).ToList();
                if (fill is not null && n >= withExtra) tmp.Add(fill);
                yield return JinjaRuntime.List([.. tmp]);
            }
        }

        return new Generator(Run());
    }

    private static ListValue Sort(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_sort", a, k, ["reverse", "case_sensitive", "attribute"], [false, false, null]);
        var caseSensitive = JinjaRuntime.Truthy(args[1]);
        var attribute = JinjaRuntime.Plain(args[2]);
        var parts = attribute is string s ? s.Split(',').Cast<object?>().ToArray() : [attribute];
        var getters = parts.Select(p => AttrGetter(context, p, caseSensitive ? null : IgnoreCase)).ToArray();
        Func<object?, object?> key = getters.Length == 1
            ? item => JinjaRuntime.List([getters[0](item)])
            : item => JinjaRuntime.List(getters.Select(g => g(item)).ToArray());
        var items = JinjaRuntime.ToList(v);
        context.Step(items.Count);
        return JinjaRuntime.List([.. StableSort(items, key, JinjaRuntime.Truthy(args[0]))]);
    }

    private static object? Sum(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_sum", a, k, ["attribute", "start"], [null, 0L]);
        IEnumerable<object?> items = JinjaRuntime.Iterate(v);
        if (args[0] is not null) items = items.Select(AttrGetter(context, args[0]));
        var total = args[1];
        if (total is string) throw ExpressionRuntimeError.TypeError("sum() can't sum strings [use ''.join(seq) instead]");
        foreach (var item in items)
        {
            context.Step();
            total = JinjaRuntime.Binary(BinaryOp.Add, total, item);
        }

        return total;
    }

    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var item in WordBeginningSplit().Split(s))
        {
            if (item.Length == 0) continue;
            sb.Append(PyStrings.Upper(item[0].ToString())).Append(PyStrings.Lower(item[1..]));
        }

        return sb.ToString();
    }

    private static string Truncate(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_truncate", a, k, ["length", "killwords", "end", "leeway"], [255L, false, "...", null]);
        var s = JinjaRuntime.Touch(v) as string ?? throw ExpressionRuntimeError.TypeError($"object of type '{JinjaRuntime.TypeName(v)}' has no len()");
        var length = Int(args[0]);
        var end = JinjaRuntime.Str(args[2]);
        var leeway = args[3] is null ? 5 : Int(args[3]);
        if (length < end.Length) throw new ExpressionRuntimeError("AssertionError", $"expected length >= {end.Length}, got {length}");
        if (leeway < 0) throw new ExpressionRuntimeError("AssertionError", $"expected leeway >= 0, got {leeway}");
        if (PyOps.CodePointLength(s) <= length + leeway) return s;
        var cut = JinjaRuntime.SliceString(s, new SliceValue(null, length - end.Length, null));
        if (JinjaRuntime.Truthy(args[1])) return cut + end;
        var space = cut.LastIndexOf(' ');
        return (space < 0 ? cut : cut[..space]) + end;
    }

    private static Generator Unique(RenderContext context, object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_unique", a, k, ["case_sensitive", "attribute"], [false, null]);
        var getter = AttrGetter(context, args[1], JinjaRuntime.Truthy(args[0]) ? null : IgnoreCase);
        IEnumerable<object?> Run()
        {
            var seen = new HashSet<object>(PyOps.KeyComparer);
            foreach (var item in JinjaRuntime.Iterate(v))
            {
                context.Step();
                var key = JinjaRuntime.Hashable(getter(item));
                if (seen.Add(key)) yield return item;
            }
        }

        return new Generator(Run());
    }

    private static string UrlEncode(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        PyArgs.Bind("do_urlencode", a, k, [], []);
        v = JinjaRuntime.Touch(v);
        if (v is string s || !JinjaRuntime.IsIterable(v)) return UrlQuote(v, forQuery: false);
        IEnumerable<object?> pairs = v is DictValue d ? JinjaMethods.Items(d) : JinjaRuntime.Iterate(v);
        return string.Join("&", pairs.Select(p =>
        {
            var kv = JinjaRuntime.ToList(p);
            if (kv.Count != 2) throw ExpressionRuntimeError.ValueError($"too many values to unpack (expected 2)");
            return UrlQuote(kv[0], true) + "=" + UrlQuote(kv[1], true);
        }));
    }

    /// <summary>Jinja's <c>url_quote</c>: UTF-8 percent-encoding, keeping <c>/</c> unless for a query string.</summary>
    public static string UrlQuote(object? v, bool forQuery)
    {
        var text = JinjaRuntime.Str(v);
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~' || (c == '/' && !forQuery)) sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        var rv = sb.ToString();
        return forQuery ? rv.Replace("%20", "+", StringComparison.Ordinal) : rv;
    }

    private static string XmlAttr(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("do_xmlattr", a, k, ["autospace"], [true]);
        var dict = JinjaRuntime.Touch(v) as DictValue ?? throw new ExpressionRuntimeError("AttributeError", $"'{JinjaRuntime.TypeName(v)}' object has no attribute 'items'");
        var items = new List<string>();
        foreach (var (key, value) in dict)
        {
            if (value is null or Undefined) continue;
            var name = JinjaRuntime.Str(key);
            if (name.Any(c => c is '/' or '>' or '=' || PyStrings.IsSpace(c) && c < 128)) throw ExpressionRuntimeError.ValueError($"Invalid character in attribute name: {PyRepr.QuoteString(name)}");
            items.Add($"{Markup.EscapeText(name)}=\"{Markup.Escape(value).Value}\"");
        }

        var rv = string.Join(" ", items);
        if (JinjaRuntime.Truthy(args[0]) && rv.Length > 0) rv = " " + rv;
        return rv;
    }

    /// <summary>MarkupSafe's <c>striptags</c>: comments and tags removed, whitespace collapsed, entities unescaped.</summary>
    public static string StripTags(string value)
    {
        while (true)
        {
            var start = value.IndexOf("<!--", StringComparison.Ordinal);
            if (start < 0) break;
            var end = value.IndexOf("-->", start, StringComparison.Ordinal);
            if (end < 0) break;
            value = value[..start] + value[(end + 3)..];
        }

        while (true)
        {
            var start = value.IndexOf('<', StringComparison.Ordinal);
            if (start < 0) break;
            var end = value.IndexOf('>', start);
            if (end < 0) break;
            value = value[..start] + value[(end + 1)..];
        }

        value = string.Join(" ", PyStrings.Split(value, null, -1));
        return System.Net.WebUtility.HtmlDecode(value);
    }

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"([-\s({\[<]+)", RegexOptions.CultureInvariant)]
    private static partial Regex WordBeginningSplit();
}

/// <summary>Orquesta's context functions used as filters: the filtered value plays the reference's context dict.</summary>
internal static class OrquestaFilters
{
    private static object? Index(object? context, string key)
    {
        context = JinjaRuntime.Touch(context);
        return context switch
        {
            DictValue d => d.TryGetValue(key, out var v) ? v : throw ExpressionRuntimeError.KeyError(PyRepr.QuoteString(key)),
            string or ListValue => throw ExpressionRuntimeError.TypeError($"{JinjaRuntime.TypeName(context)} indices must be integers or slices, not str"),
            _ => throw ExpressionRuntimeError.TypeError($"'{JinjaRuntime.TypeName(context)}' object is not subscriptable"),
        };
    }

    public static object? Ctx(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("ctx_", a, k, ["key"], [null]);
        var vars = Index(v, "__vars");
        var scope = new ExpressionScope(vars);
        return args[0] is null ? OrquestaFunctions.Ctx(scope) : OrquestaFunctions.Ctx(scope, JinjaGlobals.OrquestaArg(args[0]));
    }

    public static object? Item(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("item_", a, k, ["key"], [null]);
        if (!JinjaRuntime.Truthy(v)) throw new ExpressionRuntimeError("ExpressionEvaluationException", "The context is not set.");
        var current = Index(v, "__current_item");
        return OrquestaFunctions.Item(new ExpressionScope(null) { HasCurrentItem = true, CurrentItem = current }, JinjaGlobals.OrquestaArg(args[0]));
    }

    public static object? TaskStatus(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        PyArgs.Bind("task_status_", a, k, ["task_id", "route"], [PyArgs.Required, null]);
        JinjaRuntime.Truthy(v);
        return Statuses.Unset;
    }

    private static DictValue CurrentTask(object? v)
    {
        if (!JinjaRuntime.Truthy(v)) throw new ExpressionRuntimeError("ExpressionEvaluationException", "The context is not set.");
        var task = JinjaRuntime.Plain(v) is DictValue d ? d.GetValueOrDefault("__current_task") : Index(v, "__current_task");
        if (!JinjaRuntime.Truthy(task) || task is not DictValue current) throw new ExpressionRuntimeError("ExpressionEvaluationException", "The current task is not set in the context.");
        return current;
    }

    public static object? Status(object? v, object?[] a, KeyValuePair<string, object?>[] k, string name)
    {
        PyArgs.Bind(name, a, k, [], []);
        CurrentTask(v);
        return false;
    }

    public static object? Result(object? v, object?[] a, KeyValuePair<string, object?>[] k)
    {
        PyArgs.Bind("result_", a, k, [], []);
        return CurrentTask(v).GetValueOrDefault("result");
    }
}
