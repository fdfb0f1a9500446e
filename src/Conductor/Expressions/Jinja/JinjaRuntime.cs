using System.Globalization;
using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>
/// Python's semantics as Jinja's sandbox applies them to workflow values: attribute and item
/// lookup (each falling back to the other), operators, comparisons, iteration, <c>str()</c>.
/// </summary>
internal static class JinjaRuntime
{
    /// <summary>The longest string or list an operator may build.</summary>
    public const int MaxBuiltLength = 16 * 1024 * 1024;

    /// <summary>
    /// Set (per thread, per evaluation) when a template-only value (undefined, markup, generator,
    /// callable, ...) was put into a list or dict, so that only then the result is walked to
    /// convert such values at the boundary.
    /// </summary>
    [ThreadStatic]
    private static bool _specialInContainer;

    public static bool SpecialInContainer
    {
        get => _specialInContainer;
        set => _specialInContainer = value;
    }

    /// <summary>A list made by the template, noting template-only values in it.</summary>
    public static ListValue List(object?[] items)
    {
        Note(items);
        return ListValue.Wrap(items);
    }

    /// <summary>A tuple made by the template, noting template-only values in it.</summary>
    public static ListValue Tuple(object?[] items)
    {
        Note(items);
        return ListValue.WrapTuple(items);
    }

    private static void Note(object?[] items)
    {
        if (_specialInContainer) return;
        foreach (var item in items)
        {
            if (IsSpecial(item))
            {
                _specialInContainer = true;
                return;
            }
        }
    }

    /// <summary>Notes a value stored into a dict made by the template.</summary>
    public static object? Note(object? value)
    {
        if (!_specialInContainer && IsSpecial(value)) _specialInContainer = true;
        return value;
    }

    // ---- conversions ------------------------------------------------------------------------

    /// <summary>The value with markup made a plain string.</summary>
    public static object? Plain(object? v) => v is Markup m ? m.Value : v;

    /// <summary>Raises the undefined's error if <paramref name="v"/> is undefined; otherwise the plain value.</summary>
    public static object? Touch(object? v) => v switch
    {
        Undefined { Strict: false } => null,
        Undefined u => throw u.Error(),
        Markup m => m.Value,
        _ => v,
    };

    /// <summary>Python's <c>str()</c>.</summary>
    public static string Str(object? v) => v switch
    {
        string s => s,
        Markup m => m.Value,
        Undefined { Strict: false } => string.Empty,
        Undefined u => throw u.Error(),
        _ => Repr(v),
    };

    /// <summary>Python's <c>repr()</c>.</summary>
    public static string Repr(object? v) => v switch
    {
        Markup m => "Markup(" + PyRepr.QuoteString(m.Value) + ")",
        Undefined => "Undefined",
        JinjaCallable c => c.Repr,
        Generator g => $"<{g.Name} object>",
        Namespace n => n.Repr(),
        LoopContext l => $"<LoopContext {l.Index0 + 1}/{l.Length}>",
        Cycler => "<jinja2.utils.Cycler object>",
        Joiner => "<jinja2.utils.Joiner object>",
        SliceValue s => $"slice({Repr(s.Start)}, {Repr(s.Stop)}, {Repr(s.Step)})",
        ListValue or DictValue => ContainsSpecial(v, 0) ? ReprSpecial(v) : PyRepr.Repr(v),
        _ => PyRepr.Repr(v),
    };

    private static bool ContainsSpecial(object? v, int depth)
    {
        if (depth > 512) return false;
        switch (v)
        {
            case ListValue list:
                foreach (var item in list)
                {
                    if (IsSpecial(item) || ContainsSpecial(item, depth + 1)) return true;
                }

                return false;
            case DictValue dict:
                foreach (var (key, item) in dict)
                {
                    if (IsSpecial(key) || IsSpecial(item) || ContainsSpecial(item, depth + 1)) return true;
                }

                return false;
            default:
                return false;
        }
    }

    private static bool IsSpecial(object? v) => v is TemplateObject;

    private static string ReprSpecial(object? v)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, v, 0);
        return sb.ToString();
    }

    private static void AppendRepr(StringBuilder sb, object? v, int depth)
    {
        if (depth > 512) throw ExpressionRuntimeError.ValueError("the value is nested too deeply to print");
        switch (v)
        {
            case ListValue list:
                sb.Append(list.IsTuple ? '(' : '[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AppendRepr(sb, list[i], depth + 1);
                }

                if (list.IsTuple && list.Count == 1) sb.Append(',');
                sb.Append(list.IsTuple ? ')' : ']');
                break;
            case DictValue dict:
                sb.Append('{');
                var first = true;
                foreach (var (key, item) in dict)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    AppendRepr(sb, key, depth + 1);
                    sb.Append(": ");
                    AppendRepr(sb, item, depth + 1);
                }

                sb.Append('}');
                break;
            default:
                sb.Append(Repr(v));
                break;
        }
    }

    /// <summary>Python's type name, as error messages print it.</summary>
    public static string TypeName(object? v) => v switch
    {
        ListValue { IsTuple: true } => "tuple",
        Markup => "Markup",
        Undefined => "StrictUndefined",
        Generator g => g.Name,
        BoundMethod or FunctionCallable => "builtin_function_or_method",
        Namespace => "Namespace",
        LoopContext => "LoopContext",
        Cycler => "Cycler",
        Joiner => "Joiner",
        SliceValue => "slice",
        _ => PyOps.TypeName(v),
    };

    /// <summary>Jinja's <c>object_type_repr</c>: <c>dict object</c>, <c>None</c>, <c>markupsafe.Markup object</c>.</summary>
    public static string ObjectTypeRepr(object? obj) => obj switch
    {
        null => "None",
        Markup => "markupsafe.Markup object",
        Namespace => "jinja2.utils.Namespace object",
        LoopContext => "jinja2.runtime.LoopContext object",
        Cycler => "jinja2.utils.Cycler object",
        Joiner => "jinja2.utils.Joiner object",
        _ => TypeName(obj) + " object",
    };

    /// <summary>Python truthiness; an undefined value raises.</summary>
    public static bool Truthy(object? v) => v switch
    {
        bool b => b,
        null => false,
        Undefined { Strict: false } => false,
        Undefined u => throw u.Error(),
        Markup m => m.Value.Length > 0,
        string s => s.Length > 0,
        _ => PyOps.IsTruthy(v),
    };

    /// <summary>Python <c>==</c>; an undefined operand raises.</summary>
    public static bool Equal(object? a, object? b) => Equal(a, b, 0);

    /// <summary>The deepest nesting compared or ordered; deeper values (only a template can build them) are Python's RecursionError.</summary>
    private const int MaxCompareDepth = 1000;

    private static bool Equal(object? a, object? b, int depth)
    {
        if (a is Undefined { Strict: true } ua) throw ua.Error();
        if (b is Undefined { Strict: true } ub) throw ub.Error();
        if (a is Undefined || b is Undefined) return a is Undefined && b is Undefined;
        a = Plain(a);
        b = Plain(b);
        if (a is string sa) return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
        if (a is ListValue or DictValue || b is ListValue or DictValue)
        {
            if (ReferenceEquals(a, b)) return true;
            if (depth > MaxCompareDepth) throw new ExpressionRuntimeError("RecursionError", "maximum recursion depth exceeded in comparison");
            switch (a)
            {
                case ListValue la when b is ListValue lb:
                    if (la.Count != lb.Count) return false;
                    for (var i = 0; i < la.Count; i++)
                    {
                        if (!Equal(la[i], lb[i], depth + 1)) return false;
                    }

                    return true;
                case DictValue da when b is DictValue db:
                    if (da.Count != db.Count) return false;
                    foreach (var (key, value) in da)
                    {
                        if (!db.TryGetValue(key, out var other) || !Equal(value, other, depth + 1)) return false;
                    }

                    return true;
                default:
                    return false;
            }
        }

        if (a is null || b is null) return a is null && b is null;
        if (PyOps.IsNumber(a) && PyOps.IsNumber(b)) return PyOps.ValueEquals(a, b);
        return ReferenceEquals(a, b) || (a is not (Namespace or JinjaCallable or Generator) && a.Equals(b));
    }

    /// <summary>Python's <c>hash()</c> precondition: lists and dicts are unhashable.</summary>
    public static object Hashable(object? v) => Hashable(v, 0);

    private static object Hashable(object? v, int depth)
    {
        switch (v)
        {
            case Undefined u: throw u.Error();
            case Markup m: return m.Value;
            case ListValue { IsTuple: true } t:
                if (depth > MaxCompareDepth) throw new ExpressionRuntimeError("RecursionError", "maximum recursion depth exceeded while hashing");
                foreach (var item in t) Hashable(item, depth + 1);
                return t;
            case ListValue or DictValue or Namespace:
                throw ExpressionRuntimeError.TypeError($"unhashable type: '{TypeName(v)}'");
            case null: return NullKey.Instance;
            default: return v;
        }
    }

    /// <summary>A stand-in for <c>None</c> as a set member (dict keys cannot be null in the value model).</summary>
    internal sealed class NullKey
    {
        public static readonly NullKey Instance = new();

        public override string ToString() => "None";
    }

    // ---- iteration --------------------------------------------------------------------------

    /// <summary>Python's <c>iter()</c>: lists, tuples, dict keys, string characters, generators.</summary>
    public static IEnumerable<object?> Iterate(object? v) => v switch
    {
        ListValue list => list,
        DictValue dict => dict.Keys,
        string s => StringChars(s),
        Markup m => StringChars(m.Value).Select(c => (object?)new Markup((string)c!)),
        Generator g => g.Consume(),
        Undefined { Strict: false } => [],
        Undefined u => throw u.Error(),
        Namespace => throw ExpressionRuntimeError.TypeError("'Namespace' object is not iterable"),
        _ => throw ExpressionRuntimeError.TypeError($"'{TypeName(v)}' object is not iterable"),
    };

    /// <summary>Python's <c>list()</c> of an iterable, without copying lists.</summary>
    public static IReadOnlyList<object?> ToList(object? v) => v switch
    {
        ListValue list => list,
        _ => Iterate(v).ToArray(),
    };

    /// <summary>Whether Python could iterate <paramref name="v"/>.</summary>
    public static bool IsIterable(object? v) => v is ListValue or DictValue or string or Markup or Generator;

    private static IEnumerable<object?> StringChars(string s)
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

    /// <summary>The code points of a string, for indexing and slicing.</summary>
    public static string[] CodePoints(string s)
    {
        if (!HasSurrogates(s))
        {
            var chars = new string[s.Length];
            for (var i = 0; i < s.Length; i++) chars[i] = s[i].ToString();
            return chars;
        }

        return StringChars(s).Cast<string>().ToArray();
    }

    public static bool HasSurrogates(string s)
    {
        foreach (var c in s)
        {
            if (char.IsSurrogate(c)) return true;
        }

        return false;
    }

    /// <summary>Python's <c>len()</c>.</summary>
    public static long Length(object? v) => v switch
    {
        string s => PyOps.CodePointLength(s),
        Markup m => PyOps.CodePointLength(m.Value),
        ListValue list => list.Count,
        DictValue dict => dict.Count,
        Undefined { Strict: false } => 0,
        Undefined u => throw u.Error(),
        Namespace => throw ExpressionRuntimeError.TypeError("object of type 'Namespace' has no len()"),
        LoopContext l => l.Length,
        _ => throw ExpressionRuntimeError.TypeError($"object of type '{TypeName(v)}' has no len()"),
    };

    // ---- attribute and item lookup ---------------------------------------------------------

    /// <summary>The sandbox's <c>getattr</c>: a Python attribute (a method, mostly), else the item of that name.</summary>
    public static object? GetAttr(RenderContext context, object? obj, string name)
    {
        switch (obj)
        {
            case DictValue dict:
                if (JinjaMethods.IsMethod(obj, name)) return new BoundMethod(obj, name);
                if (dict.TryGetValue(name, out var value)) return value;
                break;
            case Undefined u:
                throw u.Error();
            case Namespace ns:
                if (ns.Attributes.TryGetValue(name, out var attr)) return attr;
                break;
            case LoopContext loop:
                if (LoopContext.HasAttribute(name)) return loop.Attribute(name);
                break;
            case Cycler cycler:
                switch (name)
                {
                    case "current": return cycler.Current;
                    case "next": return new FunctionCallable("<bound method Cycler.next>", (_, _, _) => cycler.Next());
                    case "reset": return new FunctionCallable("<bound method Cycler.reset>", (_, _, _) => { cycler.Reset(); return null; });
                }

                break;
            default:
                if (JinjaMethods.IsMethod(obj, name)) return new BoundMethod(obj, name);
                if (JinjaMethods.TryProperty(obj, name, out var prop)) return prop;
                if (obj is ListValue { IsTuple: true } tuple && JinjaFilters.TryGroupAttribute(tuple, name, out var group)) return group;
                break;
        }

        if (IsDunder(name) && (obj is not DictValue || ObjectDunders.Contains(name))) return UnsafeUndefined(context, obj, name);
        return Undefined.ForMember(obj, name);
    }

    /// <summary>Attributes every Python object has; any other dunder name of a dict falls back to its items.</summary>
    private static readonly HashSet<string> ObjectDunders =
    [
        "__class__", "__doc__", "__init__", "__new__", "__repr__", "__str__", "__hash__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
        "__ge__", "__len__", "__iter__", "__contains__", "__getitem__", "__setitem__", "__delitem__", "__sizeof__", "__reduce__", "__reduce_ex__",
        "__format__", "__dir__", "__getattribute__", "__setattr__", "__delattr__", "__subclasshook__", "__init_subclass__", "__class_getitem__",
        "__or__", "__ror__", "__ior__", "__reversed__",
    ];

    private static bool IsDunder(string name) => name.Length > 4 && name.StartsWith("__", StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal);

    private static Undefined UnsafeUndefined(RenderContext context, object? obj, string name)
    {
        return new Undefined($"access to attribute {PyRepr.QuoteString(name)} of {PyRepr.QuoteString(TypeName(obj))} object is unsafe.", obj, true, name, "SecurityError");
    }

    /// <summary>The sandbox's <c>getitem</c>: the item, else the attribute of that name for a string key.</summary>
    public static object? GetItem(RenderContext context, object? obj, object? key)
    {
        if (obj is Undefined u) throw u.Error();
        key = Plain(key);
        if (key is Undefined uk)
        {
            // dict lookups hash the key (raising); sequence indexing raises TypeError, then undefined.
            if (obj is DictValue) throw uk.Error();
            return Undefined.ForMember(obj, key);
        }

        switch (obj)
        {
            case DictValue dict:
                if (key is not (ListValue { IsTuple: false } or DictValue) && key is not null && dict.TryGetValue(key, out var value)) return value;
                break;
            case ListValue list:
                if (key is SliceValue slice) return SliceList(list, slice);
                if (key is long or bool)
                {
                    var i = PyOps.ToLong(key);
                    if (i < 0) i += list.Count;
                    if (i >= 0 && i < list.Count) return list[(int)i];
                }

                break;
            case string or Markup:
                var s = (string)Plain(obj)!;
                if (key is SliceValue strSlice)
                {
                    var sliced = SliceString(s, strSlice);
                    return obj is Markup ? new Markup(sliced) : sliced;
                }

                if (key is long or bool)
                {
                    var i = PyOps.ToLong(key);
                    var points = HasSurrogates(s) ? CodePoints(s) : null;
                    var n = points?.Length ?? s.Length;
                    if (i < 0) i += n;
                    if (i >= 0 && i < n)
                    {
                        var ch = points is null ? s[(int)i].ToString() : points[i];
                        return obj is Markup ? new Markup(ch) : ch;
                    }
                }

                break;
            case LoopContext or Namespace or Cycler:
                break;
        }

        if (key is string name && obj is not DictValue)
        {
            var attr = GetAttrOnly(context, obj, name);
            if (attr.Found) return attr.Value;
        }
        else if (key is string dictName && obj is DictValue && JinjaMethods.IsMethod(obj, dictName))
        {
            return new BoundMethod(obj, dictName);
        }

        return Undefined.ForMember(obj, key);
    }

    private static (bool Found, object? Value) GetAttrOnly(RenderContext context, object? obj, string name)
    {
        switch (obj)
        {
            case Namespace ns when ns.Attributes.TryGetValue(name, out var attr): return (true, attr);
            case LoopContext loop when LoopContext.HasAttribute(name): return (true, loop.Attribute(name));
            case Cycler when name is "current" or "next" or "reset": return (true, GetAttr(context, obj, name));
        }

        if (JinjaMethods.IsMethod(obj, name)) return (true, new BoundMethod(obj, name));
        if (JinjaMethods.TryProperty(obj, name, out var prop)) return (true, prop);
        if (obj is ListValue { IsTuple: true } tuple && JinjaFilters.TryGroupAttribute(tuple, name, out var group)) return (true, group);
        if (IsDunder(name)) return (true, UnsafeUndefined(context, obj, name));
        return (false, null);
    }

    /// <summary>Python's <c>slice.indices(length)</c>.</summary>
    public static (long Start, long Stop, long Step) SliceIndices(SliceValue slice, long length)
    {
        var step = slice.Step is null ? 1 : SliceInt(slice.Step);
        if (step == 0) throw ExpressionRuntimeError.ValueError("slice step cannot be zero");
        long start, stop;
        if (step > 0)
        {
            start = slice.Start is null ? 0 : Clamp(SliceInt(slice.Start), length, 0, length);
            stop = slice.Stop is null ? length : Clamp(SliceInt(slice.Stop), length, 0, length);
        }
        else
        {
            start = slice.Start is null ? length - 1 : Clamp(SliceInt(slice.Start), length, -1, length - 1);
            stop = slice.Stop is null ? -1 : Clamp(SliceInt(slice.Stop), length, -1, length - 1);
        }

        return (start, stop, step);
    }

    private static long Clamp(long i, long length, long lower, long upper)
    {
        if (i < 0) i += length;
        return Math.Min(Math.Max(i, lower), upper);
    }

    private static long SliceInt(object? v) => Plain(v) switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        Undefined u => throw u.Error(),
        var other => throw ExpressionRuntimeError.TypeError("slice indices must be integers or None or have an __index__ method"),
    };

    private static IEnumerable<long> SliceRange(SliceValue slice, long length)
    {
        var (start, stop, step) = SliceIndices(slice, length);
        if (step > 0)
        {
            for (var i = start; i < stop; i += step) yield return i;
        }
        else
        {
            for (var i = start; i > stop; i += step) yield return i;
        }
    }

    public static ListValue SliceList(ListValue list, SliceValue slice)
    {
        var items = SliceRange(slice, list.Count).Select(i => list[(int)i]).ToArray();
        return list.IsTuple ? JinjaRuntime.Tuple(items) : JinjaRuntime.List(items);
    }

    public static string SliceString(string s, SliceValue slice)
    {
        if (!HasSurrogates(s) && (slice.Step is null || Plain(slice.Step) is 1L))
        {
            var (start, stop, _) = SliceIndices(slice, s.Length);
            return stop > start ? s[(int)start..(int)stop] : string.Empty;
        }

        var points = CodePoints(s);
        var sb = new StringBuilder();
        foreach (var i in SliceRange(slice, points.Length)) sb.Append(points[i]);
        return sb.ToString();
    }

    // ---- operators --------------------------------------------------------------------------

    private static string OpSymbol(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.FloorDiv => "//",
        BinaryOp.Mod => "%",
        _ => "** or pow()",
    };

    private static ExpressionRuntimeError Unsupported(BinaryOp op, object? a, object? b) =>
        ExpressionRuntimeError.TypeError($"unsupported operand type(s) for {OpSymbol(op)}: '{TypeName(a)}' and '{TypeName(b)}'");

    public static object? Binary(BinaryOp op, object? a, object? b)
    {
        if (a is Undefined ua) throw ua.Error();
        if (b is Undefined ub) throw ub.Error();
        if (PyOps.IsNumber(a) && PyOps.IsNumber(b)) return Arithmetic(op, a!, b!);
        switch (op)
        {
            case BinaryOp.Add:
                if (a is Markup ma) return new Markup(ma.Value + (b is Markup mb1 ? mb1.Value : b is string sb1 ? Markup.EscapeText(sb1) : throw ConcatError(a, b)));
                if (a is string sa)
                {
                    // Markup's reflected __radd__ wins over str.__add__ (a subclass): the str side is escaped.
                    if (b is Markup mb) return new Markup(Markup.EscapeText(sa) + mb.Value);
                    if (b is string sb) return CheckLength(sa.Length + (long)sb.Length) ? sa + sb : null;
                    throw ConcatError(a, b);
                }

                if (a is ListValue la)
                {
                    if (b is ListValue lb && la.IsTuple == lb.IsTuple)
                    {
                        CheckLength(la.Count + (long)lb.Count);
                        var items = new object?[la.Count + lb.Count];
                        for (var i = 0; i < la.Count; i++) items[i] = la[i];
                        for (var i = 0; i < lb.Count; i++) items[la.Count + i] = lb[i];
                        return la.IsTuple ? JinjaRuntime.Tuple(items) : JinjaRuntime.List(items);
                    }

                    throw ConcatError(a, b);
                }

                break;
            case BinaryOp.Mul:
                if (IsSequence(a) && b is long or bool) return Repeat(a, PyOps.ToLong(b));
                if (IsSequence(b) && a is long or bool) return Repeat(b, PyOps.ToLong(a));
                if (IsSequence(a) || IsSequence(b))
                {
                    var other = IsSequence(a) ? b : a;
                    if (other is not (ListValue or string or Markup or DictValue) || IsSequence(a) != IsSequence(b))
                    {
                        throw ExpressionRuntimeError.TypeError($"can't multiply sequence by non-int of type '{TypeName(other)}'");
                    }
                }

                break;
            case BinaryOp.Mod:
                if (a is string fmt) return PyFormat.Percent(fmt, b);
                if (a is Markup mfmt) return new Markup(PyFormat.Percent(mfmt.Value, EscapeArgs(b)));
                break;
        }

        throw Unsupported(op, a, b);
    }

    private static object? EscapeArgs(object? b) => b switch
    {
        ListValue { IsTuple: true } t => JinjaRuntime.Tuple(t.Select(x => x is string s ? new Markup(Markup.EscapeText(s)) : x).ToArray()),
        string s => new Markup(Markup.EscapeText(s)),
        _ => b,
    };

    private static bool IsSequence(object? v) => v is string or Markup or ListValue;

    private static ExpressionRuntimeError ConcatError(object? a, object? b) =>
        ExpressionRuntimeError.TypeError($"can only concatenate {TypeName(a) switch { "Markup" => "str", var t => t }} (not \"{TypeName(b)}\") to {TypeName(a) switch { "Markup" => "str", var t => t }}");

    private static bool CheckLength(long length)
    {
        if (length > MaxBuiltLength) throw new ExpressionRuntimeError("MemoryError", $"the result would hold {length} items, more than the {MaxBuiltLength} allowed");
        return true;
    }

    private static object Repeat(object? seq, long n)
    {
        if (n < 0) n = 0;
        switch (seq)
        {
            case string s:
                CheckLength(s.Length * n);
                return n == 0 || s.Length == 0 ? string.Empty : new StringBuilder(s.Length * (int)n).Insert(0, s, (int)n).ToString();
            case Markup m:
                CheckLength(m.Value.Length * n);
                return new Markup(n == 0 ? string.Empty : new StringBuilder().Insert(0, m.Value, (int)n).ToString());
            default:
                var list = (ListValue)seq!;
                CheckLength(list.Count * n);
                var items = new object?[list.Count * n];
                for (var k = 0; k < n; k++)
                {
                    for (var i = 0; i < list.Count; i++) items[(k * list.Count) + i] = list[i];
                }

                return list.IsTuple ? JinjaRuntime.Tuple(items) : JinjaRuntime.List(items);
        }
    }

    private static object Arithmetic(BinaryOp op, object a, object b)
    {
        if (a is double || b is double)
        {
            var x = PyOps.ToDouble(a);
            var y = PyOps.ToDouble(b);
            switch (op)
            {
                case BinaryOp.Add: return x + y;
                case BinaryOp.Sub: return x - y;
                case BinaryOp.Mul: return x * y;
                case BinaryOp.Div:
                    if (y == 0) throw new ExpressionRuntimeError("ZeroDivisionError", "float division by zero");
                    return x / y;
                case BinaryOp.FloorDiv:
                    if (y == 0) throw new ExpressionRuntimeError("ZeroDivisionError", "float floor division by zero");
                    return FloatFloorDiv(x, y);
                case BinaryOp.Mod:
                    if (y == 0) throw new ExpressionRuntimeError("ZeroDivisionError", "float modulo");
                    return FloatMod(x, y);
                default:
                    return FloatPow(x, y);
            }
        }

        var i = PyOps.ToLong(a);
        var j = PyOps.ToLong(b);
        try
        {
            checked
            {
                switch (op)
                {
                    case BinaryOp.Add: return i + j;
                    case BinaryOp.Sub: return i - j;
                    case BinaryOp.Mul: return i * j;
                    case BinaryOp.Div:
                        if (j == 0) throw new ExpressionRuntimeError("ZeroDivisionError", "division by zero");
                        return (double)i / j;
                    case BinaryOp.FloorDiv:
                        if (j == 0) throw new ExpressionRuntimeError("ZeroDivisionError", "integer division or modulo by zero");
                        return FloorDiv(i, j);
                    case BinaryOp.Mod:
                        if (j == 0) throw new ExpressionRuntimeError("ZeroDivisionError", "integer division or modulo by zero");
                        return FloorMod(i, j);
                    default:
                        if (j < 0)
                        {
                            if (i == 0) throw new ExpressionRuntimeError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                            return Math.Pow(i, j);
                        }

                        return IntPow(i, j);
                }
            }
        }
        catch (OverflowException)
        {
            throw new ExpressionRuntimeError("OverflowError", "integer result is too large (integers are 64-bit here)");
        }
    }

    public static long FloorDiv(long i, long j)
    {
        if (i == long.MinValue && j == -1) throw new OverflowException();
        var q = i / j;
        if ((i % j != 0) && ((i < 0) != (j < 0))) q--;
        return q;
    }

    public static long FloorMod(long i, long j)
    {
        if (j == -1) return 0;
        var r = i % j;
        if (r != 0 && ((r < 0) != (j < 0))) r += j;
        return r;
    }

    public static double FloatMod(double x, double y)
    {
        var r = x % y;
        if (r != 0)
        {
            if ((r < 0) != (y < 0)) r += y;
        }
        else
        {
            r = y < 0 ? -0.0 : 0.0;
        }

        return r;
    }

    public static double FloatFloorDiv(double x, double y)
    {
        var mod = x % y;
        var div = (x - mod) / y;
        if (mod != 0 && ((y < 0) != (mod < 0))) div -= 1.0;
        if (div == 0) return x / y < 0 ? -0.0 : 0.0;
        var floor = Math.Floor(div);
        if (div - floor > 0.5) floor += 1.0;
        return floor;
    }

    private static double FloatPow(double x, double y)
    {
        if (x == 0 && y < 0) throw new ExpressionRuntimeError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
        if (x < 0 && Math.Floor(y) != y) throw ExpressionRuntimeError.ValueError("a negative number raised to a fractional power has a complex result, which is not supported");
        var r = Math.Pow(x, y);
        if (double.IsInfinity(r) && double.IsFinite(x) && double.IsFinite(y)) throw new ExpressionRuntimeError("OverflowError", "(34, 'Numerical result out of range')");
        return r;
    }

    private static long IntPow(long b, long e)
    {
        long result = 1;
        checked
        {
            while (e > 0)
            {
                if ((e & 1) == 1) result *= b;
                e >>= 1;
                if (e > 0) b *= b;
            }
        }

        return result;
    }

    public static object? Unary(bool negate, object? v)
    {
        switch (v)
        {
            case Undefined u: throw u.Error();
            case long l:
                if (!negate) return l;
                if (l == long.MinValue) throw new ExpressionRuntimeError("OverflowError", "integer result is too large (integers are 64-bit here)");
                return -l;
            case bool b: return negate ? -(b ? 1L : 0L) : b ? 1L : 0L;
            case double d: return negate ? -d : d;
            default: throw ExpressionRuntimeError.TypeError($"bad operand type for unary {(negate ? '-' : '+')}: '{TypeName(v)}'");
        }
    }

    /// <summary>Python's ordering comparisons, with the operator in the error.</summary>
    public static bool Order(CompareOp op, object? a, object? b)
    {
        if (a is Undefined ua) throw ua.Error();
        if (b is Undefined ub) throw ub.Error();
        a = Plain(a);
        b = Plain(b);
        var symbol = op switch
        {
            CompareOp.Lt => "<",
            CompareOp.LtEq => "<=",
            CompareOp.Gt => ">",
            _ => ">=",
        };
        var c = CompareValues(a, b, symbol);
        return op switch
        {
            CompareOp.Lt => c < 0,
            CompareOp.LtEq => c <= 0,
            CompareOp.Gt => c > 0,
            _ => c >= 0,
        };
    }

    /// <summary>A three-way Python comparison (for sorting as well); NaN compares as unordered (false both ways).</summary>
    public static int CompareValues(object? a, object? b, string symbol = "<") => CompareValues(a, b, symbol, 0);

    private static int CompareValues(object? a, object? b, string symbol, int depth)
    {
        if (depth > MaxCompareDepth) throw new ExpressionRuntimeError("RecursionError", "maximum recursion depth exceeded in comparison");
        a = Plain(a);
        b = Plain(b);
        if (PyOps.IsNumber(a) && PyOps.IsNumber(b))
        {
            if (a is double || b is double)
            {
                var x = PyOps.ToDouble(a);
                var y = PyOps.ToDouble(b);
                return x < y ? -1 : x > y ? 1 : 0;
            }

            return PyOps.ToLong(a).CompareTo(PyOps.ToLong(b));
        }

        if (a is string sa && b is string sb) return PyOps.CompareCodePoints(sa, sb);
        if (a is ListValue la && b is ListValue lb && la.IsTuple == lb.IsTuple)
        {
            for (var i = 0; i < Math.Min(la.Count, lb.Count); i++)
            {
                if (Equal(la[i], lb[i], depth + 1)) continue;
                return CompareValues(la[i], lb[i], symbol, depth + 1);
            }

            return la.Count.CompareTo(lb.Count);
        }

        if (a is Undefined ua) throw ua.Error();
        if (b is Undefined ub) throw ub.Error();
        throw ExpressionRuntimeError.TypeError($"'{symbol}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    /// <summary>Python's <c>in</c>.</summary>
    public static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case Undefined { Strict: false }: return false;
            case Undefined u: throw u.Error();
            case string or Markup:
                var s = (string)Plain(container)!;
                if (item is Undefined ui) throw ui.Error();
                if (Plain(item) is not string sub) throw ExpressionRuntimeError.TypeError($"'in <string>' requires string as left operand, not {TypeName(item)}");
                return s.Contains(sub, StringComparison.Ordinal);
            case ListValue list:
                foreach (var x in list)
                {
                    if (ReferenceEquals(x, item) && x is not Undefined) return true;
                    if (Equal(x, item)) return true;
                }

                return false;
            case DictValue dict:
                var key = Hashable(item);
                return key is not NullKey && dict.ContainsKey(key);
            case Generator g:
                foreach (var x in g.Consume())
                {
                    if (Equal(x, item)) return true;
                }

                return false;
            default:
                throw ExpressionRuntimeError.TypeError($"argument of type '{TypeName(container)}' is not iterable");
        }
    }

    /// <summary>
    /// A stable merge sort asking only "is <c>b</c> before <c>a</c>" (Python's sort asks <c>later &lt; earlier</c>),
    /// so that a comparison error surfaces as it is, not wrapped.
    /// </summary>
    public static List<T> SortStable<T>(IReadOnlyList<T> items, Func<T, T, bool> lessThan)
    {
        var a = items.ToArray();
        var b = new T[a.Length];
        for (var width = 1; width < a.Length; width *= 2)
        {
            for (var lo = 0; lo < a.Length; lo += 2 * width)
            {
                var mid = Math.Min(lo + width, a.Length);
                var hi = Math.Min(lo + (2 * width), a.Length);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) b[k++] = lessThan(a[j], a[i]) ? a[j++] : a[i++];
                while (i < mid) b[k++] = a[i++];
                while (j < hi) b[k++] = a[j++];
            }

            (a, b) = (b, a);
        }

        return [.. a];
    }

    /// <summary>Formats an integer for messages.</summary>
    public static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);
}

internal enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
}

internal enum CompareOp
{
    Eq,
    Ne,
    Lt,
    LtEq,
    Gt,
    GtEq,
    In,
    NotIn,
}
