using System.Runtime.CompilerServices;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>Python's object protocol over YAQL values: equality, hashing, truthiness, iteration, type names.</summary>
internal static class YaqlOps
{
    /// <summary>Python equality and hashing, for sets and <c>distinct()</c>; hashing an unhashable value is a <c>TypeError</c>.</summary>
    public static readonly IEqualityComparer<object?> Comparer = new PyComparer();

    private const int NoneHash = 0x5f3759df;

    /// <summary>
    /// Raises Python's <c>RecursionError</c> when the stack runs low: values and iterators that YAQL
    /// builds can nest without limit (<c>range(100000).aggregate([$1], [])</c>), and walking them
    /// must fail the way Python does, never overflow the stack.
    /// </summary>
    public static void EnsureStack()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw YaqlErrors.Recursion();
    }

    /// <summary>Python <c>==</c>.</summary>
    public static bool Equal(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return a is not double d || !double.IsNaN(d);
        if (a is null || b is null) return false;
        EnsureStack();
        switch (a)
        {
            case string sa: return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case long or double or bool: return PyOps.IsNumber(b) && PyOps.ValueEquals(a, b);
            case ListValue la: return b is ListValue lb && SequenceEquals(la.AsSpan(), lb.AsSpan());
            case YaqlList ya: return b is YaqlList yb && SequenceEquals(ya.Items, yb.Items);
            case DictValue or YaqlDict: return AsMapping(b) is { } mb && MappingEquals(AsMapping(a)!, mb);
            case YaqlSet sa2: return b is YaqlSet sb2 && sa2.SetEquals(sb2);
            case DateTimeOffset dta: return b is DateTimeOffset dtb && dta.UtcTicks == dtb.UtcTicks;
            case TimeSpan tsa: return b is TimeSpan tsb && tsa == tsb;
            case YaqlRegex ra: return ra.Equals(b);
            default: return false;
        }
    }

    /// <summary>Element-wise equality with Python's identity shortcut for items.</summary>
    public static bool SequenceEquals(ReadOnlySpan<object?> a, ReadOnlySpan<object?> b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (!ReferenceEquals(a[i], b[i]) && !Equal(a[i], b[i])) return false;
        }

        return true;
    }

    /// <summary>Mapping equality: the same keys with equal values.</summary>
    public static bool MappingEquals(DictValue a, DictValue b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other)) return false;
            if (!ReferenceEquals(value, other) && !Equal(value, other)) return false;
        }

        return true;
    }

    /// <summary>A value as a dict key: <c>None</c> is stored as <see cref="NullKey"/>.</summary>
    public static object DictKey(object? key) => key ?? NullKey.Instance;

    /// <summary>A dict key as a value.</summary>
    public static object? FromDictKey(object key) => key is NullKey ? null : key;

    /// <summary>The dict behind a mapping (FrozenDict or dict), or null.</summary>
    public static DictValue? AsMapping(object? v) => v switch
    {
        DictValue d => d,
        YaqlDict y => y.Dict,
        _ => null,
    };

    /// <summary>Python <c>hash()</c>, consistent with <see cref="Equal"/>.</summary>
    /// <exception cref="ExpressionRuntimeError"><c>TypeError: unhashable type</c>.</exception>
    public static int Hash(object? v)
    {
        EnsureStack();
        switch (v)
        {
            case null: return NoneHash;
            case string or long or double or bool: return PyOps.ValueHash(v);
            case ListValue list:
                var h = new HashCode();
                foreach (var item in list.AsSpan()) h.Add(Hash(item));
                return h.ToHashCode();
            case DictValue dict:
                // FrozenDict.__hash__: the xor of the hashes of its (key, value) pairs.
                var x = 0;
                foreach (var (key, value) in dict) x ^= HashCode.Combine(Hash(FromDictKey(key)), Hash(value));
                return x;
            case YaqlSet { Kind: SetKind.Frozen } set: return set.GetHashCode();
            case YaqlList or YaqlDict or YaqlSet: throw YaqlErrors.Unhashable(v);
            case DateTimeOffset dt: return dt.UtcTicks.GetHashCode();
            case TimeSpan ts: return ts.Ticks.GetHashCode();
            case YaqlRegex regex: return regex.GetHashCode();
            default: return RuntimeHelpers.GetHashCode(v);
        }
    }

    /// <summary>Raises Python's <c>TypeError: unhashable type</c> for a value that cannot be a dict key or set member.</summary>
    public static void RequireHashable(object? v)
    {
        switch (v)
        {
            case null or string or long or double or bool: return;
            default: _ = Hash(v); return;
        }
    }

    /// <summary>Python truthiness.</summary>
    public static bool Truthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        ListValue l => l.Count > 0,
        YaqlList l => l.Count > 0,
        DictValue d => d.Count > 0,
        YaqlDict d => d.Dict.Count > 0,
        YaqlSet s => s.Count > 0,
        YaqlIterable { Length: { } n } => n > 0,
        TimeSpan t => t != TimeSpan.Zero,
        _ => true,
    };

    /// <summary><c>isinstance(v, collections.abc.Sequence) and not str</c>: a tuple or a list.</summary>
    public static bool IsSequence(object? v) => v is ListValue or YaqlList;

    public static bool IsMapping(object? v) => v is DictValue or YaqlDict;

    /// <summary><c>utils.is_iterable</c>: iterable, but neither a string nor a mapping.</summary>
    public static bool IsIterable(object? v) => v is ListValue or YaqlList or YaqlSet or YaqlIterator or YaqlIterable;

    /// <summary>The items of a sequence, or null.</summary>
    public static IReadOnlyList<object?>? AsSequence(object? v) => v switch
    {
        ListValue l => l,
        YaqlList l => l,
        _ => null,
    };

    /// <summary>Python <c>iter(v)</c> for anything iterable (dicts by key, strings by character).</summary>
    public static IEnumerable<object?> Iterate(object? v) => v switch
    {
        ListValue l => l,
        YaqlList l => l,
        YaqlSet s => s,
        YaqlIterator it => it,
        YaqlIterable it => it,
        DictValue d => d.Keys.Select(FromDictKey),
        YaqlDict d => d.Dict.Keys.Select(FromDictKey),
        string s => PyStr.Characters(s),
        _ => throw YaqlErrors.TypeError($"'{TypeName(v)}' object is not iterable"),
    };

    /// <summary>Python <c>len(v)</c>.</summary>
    public static int Len(object? v) => v switch
    {
        string s => PyOps.CodePointLength(s),
        ListValue l => l.Count,
        YaqlList l => l.Count,
        DictValue d => d.Count,
        YaqlDict d => d.Dict.Count,
        YaqlSet s => s.Count,
        YaqlIterable { Length: { } n } => n,
        _ => throw YaqlErrors.TypeError($"object of type '{TypeName(v)}' has no len()"),
    };

    /// <summary>Python <c>x in container</c>.</summary>
    public static bool Contains(object? container, object? value)
    {
        switch (container)
        {
            case YaqlSet set: return set.Contains(value);
            case DictValue or YaqlDict:
                RequireHashable(value);
                return AsMapping(container)!.ContainsKey(DictKey(value));
            case string s:
                if (value is not string sub) throw YaqlErrors.TypeError($"'in <string>' requires string as left operand, not {TypeName(value)}");
                return s.Contains(sub, StringComparison.Ordinal);
        }

        foreach (var item in Iterate(container))
        {
            if (ReferenceEquals(item, value) || Equal(item, value)) return true;
        }

        return false;
    }

    /// <summary>The Python type name of a value, as messages print it.</summary>
    public static string TypeName(object? v) => v switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        ListValue => "tuple",
        YaqlList => "list",
        DictValue => "FrozenDict",
        YaqlDict => "dict",
        YaqlSet s => s.TypeName,
        YaqlIterator it => it.TypeName,
        YaqlIterable it => it.TypeName,
        DateTimeOffset => "datetime",
        TimeSpan => "timedelta",
        YaqlRegex => "Pattern",
        YaqlContext => "Context",
        MappingRule => "MappingRule",
        Callable => "function",
        _ => v.GetType().Name,
    };

    /// <summary>Python's <c>str(type(v))</c>, for messages that print the class.</summary>
    public static string ClassRepr(object? v) => v switch
    {
        DictValue => "<class 'yaql.language.utils.FrozenDict'>",
        DateTimeOffset => "<class 'datetime.datetime'>",
        TimeSpan => "<class 'datetime.timedelta'>",
        YaqlContext => "<class 'yaql.language.contexts.Context'>",
        _ => $"<class '{TypeName(v)}'>",
    };

    private sealed class PyComparer : IEqualityComparer<object?>
    {
        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y) || Equal(x, y);

        public int GetHashCode(object? obj) => Hash(obj);
    }
}
