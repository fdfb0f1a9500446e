using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>
/// Jinja's <c>StrictUndefined</c>: what a missing name, attribute or item evaluates to. It may be
/// passed around, tested with <c>is defined</c> and given a <c>default</c>; any other use raises
/// <c>UndefinedError</c> with the reference's message.
/// </summary>
internal sealed class Undefined : TemplateObject
{
    private static readonly object Missing = new();

    private readonly string? _hint;
    private readonly object? _obj;
    private readonly object? _name;

    public Undefined(string? hint = null, object? obj = null, bool hasObj = false, object? name = null, string errorType = "UndefinedError", bool strict = true)
    {
        _hint = hint;
        _obj = hasObj ? obj : Missing;
        _name = name;
        ErrorType = errorType;
        Strict = strict;
    }

    /// <summary>
    /// Whether this is a <c>StrictUndefined</c>. The implicit else of <c>a if b</c> is Jinja's lenient
    /// <c>Undefined</c>: it prints as nothing, is false, empty, and equal to another lenient undefined.
    /// </summary>
    public bool Strict { get; }

    /// <summary>An undefined name (<c>'x' is undefined</c>).</summary>
    public static Undefined ForName(string name) => new(name: name);

    /// <summary>A missing attribute or item of <paramref name="obj"/>.</summary>
    public static Undefined ForMember(object? obj, object? name) => new(obj: obj, hasObj: true, name: name);

    public string ErrorType { get; }

    /// <summary>Jinja's <c>_undefined_message</c>.</summary>
    public string Message
    {
        get
        {
            if (!string.IsNullOrEmpty(_hint)) return _hint;
            if (ReferenceEquals(_obj, Missing)) return $"{PyRepr.Repr(JinjaRuntime.Plain(_name))} is undefined";
            if (_name is not string s) return $"{JinjaRuntime.ObjectTypeRepr(_obj)} has no element {JinjaRuntime.Repr(_name)}";
            return $"{PyRepr.QuoteString(JinjaRuntime.ObjectTypeRepr(_obj))} has no attribute {PyRepr.QuoteString(s)}";
        }
    }

    /// <summary>The error any use of the value raises.</summary>
    public ExpressionRuntimeError Error() => new(ErrorType, Message);
}

/// <summary>MarkupSafe's <c>Markup</c>: a string already escaped for HTML.</summary>
internal sealed class Markup : TemplateObject
{
    public Markup(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>MarkupSafe's <c>escape</c>.</summary>
    public static Markup Escape(object? value)
    {
        if (value is Markup m) return m;
        var s = JinjaRuntime.Str(value);
        return new Markup(EscapeText(s));
    }

    public static string EscapeText(string s)
    {
        if (s.AsSpan().IndexOfAny("&<>'\"") < 0) return s;
        var sb = new StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '"': sb.Append("&#34;"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }
}

/// <summary>A Python generator: a lazy sequence that can be iterated once (what <c>select</c>, <c>map</c>, <c>unique</c> ... return).</summary>
internal sealed class Generator : TemplateObject
{
    private IEnumerable<object?>? _source;

    public Generator(IEnumerable<object?> source, string name = "generator")
    {
        _source = source;
        Name = name;
    }

    /// <summary>The Python type name (<c>generator</c>, <c>list_reverseiterator</c>, ...).</summary>
    public string Name { get; }

    /// <summary>The remaining items; a second iteration yields nothing, as in Python.</summary>
    public IEnumerable<object?> Consume()
    {
        var source = _source;
        _source = null;
        return source ?? [];
    }
}

/// <summary>Something a template can call: a global, an Orquesta function, a bound method.</summary>
internal abstract class JinjaCallable : TemplateObject
{
    /// <summary>What Python's <c>repr()</c> shows.</summary>
    public abstract string Repr { get; }

    public abstract object? Call(RenderContext context, object?[] args, KeyValuePair<string, object?>[] kwargs);
}

/// <summary>A callable made of a delegate.</summary>
internal sealed class FunctionCallable : JinjaCallable
{
    private readonly Func<RenderContext, object?[], KeyValuePair<string, object?>[], object?> _body;

    public FunctionCallable(string repr, Func<RenderContext, object?[], KeyValuePair<string, object?>[], object?> body)
    {
        Repr = repr;
        _body = body;
    }

    public override string Repr { get; }

    public override object? Call(RenderContext context, object?[] args, KeyValuePair<string, object?>[] kwargs) => _body(context, args, kwargs);
}

/// <summary>A method of a value (<c>'a'.upper</c>, <c>d.items</c>), bound to it.</summary>
internal sealed class BoundMethod : JinjaCallable
{
    public BoundMethod(object? self, string name)
    {
        Self = self;
        Name = name;
    }

    public object? Self { get; }

    public string Name { get; }

    public override string Repr => $"<built-in method {Name} of {PyOps.TypeName(JinjaRuntime.Plain(Self))} object>";

    public override object? Call(RenderContext context, object?[] args, KeyValuePair<string, object?>[] kwargs) =>
        JinjaMethods.Call(context, Self, Name, args, kwargs, out _);
}

/// <summary>Jinja's <c>namespace</c>: the one mutable object, assignable with <c>{% set ns.attr = ... %}</c>.</summary>
internal sealed class Namespace : TemplateObject
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);

    public string Repr()
    {
        var sb = new StringBuilder("<Namespace {");
        var first = true;
        foreach (var (key, value) in Attributes)
        {
            if (!first) sb.Append(", ");
            first = false;
            sb.Append(PyRepr.QuoteString(key)).Append(": ").Append(JinjaRuntime.Repr(value));
        }

        return sb.Append("}>").ToString();
    }
}

/// <summary>Jinja's <c>cycler</c>.</summary>
internal sealed class Cycler : TemplateObject
{
    private readonly object?[] _items;
    private int _pos;

    public Cycler(object?[] items) => _items = items;

    public object? Current => _items[_pos];

    public object? Next()
    {
        var rv = Current;
        _pos = (_pos + 1) % _items.Length;
        return rv;
    }

    public void Reset() => _pos = 0;
}

/// <summary>Jinja's <c>joiner</c>: empty the first time it is called, the separator afterwards.</summary>
internal sealed class Joiner : TemplateObject
{
    private readonly string _sep;
    private bool _used;

    public Joiner(string sep) => _sep = sep;

    public string Call()
    {
        if (!_used)
        {
            _used = true;
            return string.Empty;
        }

        return _sep;
    }
}

/// <summary>Jinja's <c>loop</c> variable inside <c>{% for %}</c>.</summary>
internal sealed class LoopContext : TemplateObject
{
    private static readonly object Marker = new();
    private readonly IReadOnlyList<object?> _items;
    private object? _lastChanged = Marker;

    public LoopContext(IReadOnlyList<object?> items, int depth0, ForNode? recursive)
    {
        _items = items;
        Depth0 = depth0;
        Recursive = recursive;
    }

    public int Index0 { get; set; }

    public int Depth0 { get; }

    public ForNode? Recursive { get; }

    public int Length => _items.Count;

    public object? Attribute(string name) => name switch
    {
        "index" => (long)(Index0 + 1),
        "index0" => (long)Index0,
        "revindex" => (long)(Length - Index0),
        "revindex0" => (long)(Length - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == Length - 1,
        "length" => (long)Length,
        "depth" => (long)(Depth0 + 1),
        "depth0" => (long)Depth0,
        "previtem" => Index0 > 0 ? _items[Index0 - 1] : new Undefined("there is no previous item"),
        "nextitem" => Index0 + 1 < Length ? _items[Index0 + 1] : new Undefined("there is no next item"),
        "cycle" => new FunctionCallable("<bound method LoopContext.cycle>", (_, args, _) =>
        {
            if (args.Length == 0) throw ExpressionRuntimeError.TypeError("no items for cycling given");
            return args[Index0 % args.Length];
        }),
        "changed" => new FunctionCallable("<bound method LoopContext.changed>", (_, args, _) =>
        {
            var value = JinjaRuntime.Tuple(args);
            if (_lastChanged != Marker && JinjaRuntime.Equal(_lastChanged, value)) return false;
            _lastChanged = value;
            return true;
        }),
        _ => null,
    };

    public static bool HasAttribute(string name) =>
        name is "index" or "index0" or "revindex" or "revindex0" or "first" or "last" or "length" or "depth" or "depth0"
            or "previtem" or "nextitem" or "cycle" or "changed";
}

/// <summary>A Python slice object (<c>a[1:3]</c>, <c>a[::2]</c>).</summary>
internal sealed class SliceValue : TemplateObject
{
    public SliceValue(object? start, object? stop, object? step)
    {
        Start = start;
        Stop = stop;
        Step = step;
    }

    public object? Start { get; }

    public object? Stop { get; }

    public object? Step { get; }
}

/// <summary>A value that exists only inside a template (never in workflow data): converted or rejected at the boundary.</summary>
internal abstract class TemplateObject
{
}
