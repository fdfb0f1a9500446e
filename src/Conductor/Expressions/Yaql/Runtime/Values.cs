using System.Collections;
using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

// The values a YAQL expression works with. yaql converts its input data: lists become tuples and
// dicts FrozenDicts. Here the workflow's ListValue and DictValue already are immutable, so they
// stand for the tuple and the FrozenDict without any copying. The Python objects that yaql's
// functions create besides those keep their Python kind here, because yaql's behaviour depends on
// it: a list (str.split, enumerate, groupBy) prints with brackets, is never equal to a tuple and
// cannot be hashed; a dict (toDict, ctx(), json()) cannot be hashed; sets, dict views, iterators
// (select, where, range) and sorted iterables (orderBy) each resolve functions differently.

/// <summary>yaql's <c>utils.NO_VALUE</c>: a skipped argument or an absent default.</summary>
internal sealed class NoValue
{
    public static readonly NoValue Instance = new();

    private NoValue()
    {
    }

    public override string ToString() => "<NoValue>";
}

/// <summary>A Python <c>list</c> made by a function (as opposed to a tuple, which is a <see cref="ListValue"/>).</summary>
internal sealed class YaqlList(object?[] items) : IReadOnlyList<object?>
{
    public static readonly YaqlList Empty = new([]);

    public object?[] Items { get; } = items;

    public int Count => Items.Length;

    public object? this[int index] => Items[index];

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();

    public override bool Equals(object? obj) => obj is YaqlList other && YaqlOps.SequenceEquals(Items, other.Items);

    // Never hashed as is: YaqlOps.RequireHashable rejects it first, as Python does.
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    public override string ToString() => YaqlRepr.Repr(this);
}

/// <summary>A Python <c>dict</c> made by a function (as opposed to a FrozenDict, which is a <see cref="DictValue"/>).</summary>
internal sealed class YaqlDict(DictValue dict)
{
    public DictValue Dict { get; } = dict;

    public override bool Equals(object? obj) => YaqlOps.AsMapping(obj) is { } other && YaqlOps.MappingEquals(Dict, other);

    // Never hashed as is: YaqlOps.RequireHashable rejects it first, as Python does.
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    public override string ToString() => YaqlRepr.Repr(this);
}

internal enum SetKind
{
    /// <summary>A <c>frozenset</c>.</summary>
    Frozen,

    /// <summary><c>dict.keys()</c>: a set-like view.</summary>
    Keys,

    /// <summary><c>dict.items()</c>: a set-like view of (key, value) tuples.</summary>
    Items,
}

/// <summary>A Python set: a <c>frozenset</c> or a set-like dict view (<c>keys()</c>, <c>items()</c>).</summary>
internal sealed class YaqlSet : IReadOnlyCollection<object?>
{
    private readonly List<object?> _items;
    private readonly HashSet<object?>? _lookup;
    private int _hash;

    private YaqlSet(SetKind kind, List<object?> items, HashSet<object?>? lookup, DictValue? source, bool sourceFrozen)
    {
        Kind = kind;
        _items = items;
        _lookup = lookup;
        Source = source;
        SourceFrozen = sourceFrozen;
    }

    public SetKind Kind { get; }

    /// <summary>For a view: the dict it shows.</summary>
    public DictValue? Source { get; }

    /// <summary>For a view: whether the dict is a FrozenDict (the view is then the abc's <c>KeysView</c>, else <c>dict_keys</c>).</summary>
    public bool SourceFrozen { get; }

    public int Count => _items.Count;

    /// <summary>A frozenset of the given items, in first-seen order; every item must be hashable.</summary>
    public static YaqlSet Frozen(IEnumerable<object?> items)
    {
        var list = new List<object?>();
        var lookup = new HashSet<object?>(YaqlOps.Comparer);
        foreach (var item in items)
        {
            YaqlOps.RequireHashable(item);
            if (lookup.Add(item)) list.Add(item);
            if (list.Count > Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
        }

        return new YaqlSet(SetKind.Frozen, PySetOrder.Order(list), lookup, null, false);
    }

    public static YaqlSet KeysOf(DictValue dict, bool frozen) => new(SetKind.Keys, [.. dict.Keys.Select(YaqlOps.FromDictKey)], null, dict, frozen);

    public static YaqlSet ItemsOf(DictValue dict, bool frozen) =>
        new(SetKind.Items, [.. dict.Select(e => (object?)ListValue.Of(YaqlOps.FromDictKey(e.Key), e.Value))], null, dict, frozen);

    public bool Contains(object? value)
    {
        switch (Kind)
        {
            case SetKind.Keys:
                YaqlOps.RequireHashable(value);
                return Source!.ContainsKey(YaqlOps.DictKey(value));
            case SetKind.Items:
                object? key, item;
                if (SourceFrozen)
                {
                    // collections.abc.ItemsView: "key, value = item", with Python's unpacking errors.
                    if (value is string or DictValue or YaqlDict || YaqlOps.IsIterable(value))
                    {
                        var parts = YaqlOps.Iterate(value).Take(3).ToArray();
                        if (parts.Length < 2) throw YaqlErrors.ValueError($"not enough values to unpack (expected 2, got {parts.Length})");
                        if (parts.Length > 2) throw YaqlErrors.ValueError("too many values to unpack (expected 2)");
                        (key, item) = (parts[0], parts[1]);
                    }
                    else
                    {
                        throw YaqlErrors.TypeError($"cannot unpack non-iterable {YaqlOps.TypeName(value)} object");
                    }
                }
                else
                {
                    // dict_items: only a (key, value) tuple can be in it.
                    if (value is not ListValue { Count: 2 } pair) return false;
                    (key, item) = (pair[0], pair[1]);
                }

                YaqlOps.RequireHashable(key);
                return Source!.TryGetValue(YaqlOps.DictKey(key), out var v) && (ReferenceEquals(v, item) || YaqlOps.Equal(v, item));
            default:
                YaqlOps.RequireHashable(value);
                return _lookup!.Contains(value);
        }
    }

    /// <summary>The Python type name, for messages.</summary>
    public string TypeName => Kind switch
    {
        SetKind.Keys => SourceFrozen ? "KeysView" : "dict_keys",
        SetKind.Items => SourceFrozen ? "ItemsView" : "dict_items",
        _ => "frozenset",
    };

    public IEnumerator<object?> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool SetEquals(YaqlSet other) => Count == other.Count && IsSubsetOf(other);

    public bool IsSubsetOf(YaqlSet other)
    {
        if (Count > other.Count) return false;
        foreach (var item in _items)
        {
            if (!other.Contains(item)) return false;
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is YaqlSet other && SetEquals(other);

    public override int GetHashCode()
    {
        // Views are never hashed: YaqlOps.RequireHashable rejects them first, as Python does.
        if (Kind != SetKind.Frozen) return System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
        if (_hash != 0) return _hash;
        var h = 0;
        foreach (var item in _items) h ^= YaqlOps.Hash(item);
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    public override string ToString() => YaqlRepr.Repr(this);
}

/// <summary>A Python iterator (map, filter, generator, range iterator, ...): consumed as it is read, once.</summary>
internal class YaqlIterator(IEnumerable<object?> source, string typeName) : IEnumerable<object?>
{
    private readonly IEnumerator<object?> _source = source.GetEnumerator();
    private bool _done;

    /// <summary>The Python type name (<c>map</c>, <c>filter</c>, <c>generator</c>, ...).</summary>
    public string TypeName { get; } = typeName;

    /// <summary>The next item, advancing the iterator.</summary>
    public bool TryNext(out object? item)
    {
        YaqlOps.EnsureStack();
        if (!_done && _source.MoveNext())
        {
            item = _source.Current;
            return true;
        }

        _done = true;
        item = null;
        return false;
    }

    /// <summary>Iterates what is left, consuming it.</summary>
    public virtual IEnumerator<object?> GetEnumerator()
    {
        while (TryNext(out var item)) yield return item;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => YaqlRepr.Repr(this);
}

/// <summary>yaql's <c>memorize()</c>: an iterator that remembers what it yielded, so that each iteration starts over.</summary>
internal sealed class MemorizedIterator(YaqlIterator inner) : YaqlIterator([], "RememberingIterator")
{
    private readonly List<object?> _seen = [];

    public override IEnumerator<object?> GetEnumerator()
    {
        var index = 0;
        while (true)
        {
            if (index < _seen.Count)
            {
                yield return _seen[index++];
                continue;
            }

            if (!inner.TryNext(out var item)) yield break;
            _seen.Add(item);
            index++;
            yield return item;
        }
    }
}

/// <summary>An iterable that is not a sequence, a set or an iterator: <c>dict.values()</c>, or <c>orderBy</c>'s sorted iterable.</summary>
internal class YaqlIterable(Func<IEnumerable<object?>> source, string typeName) : IEnumerable<object?>
{
    public string TypeName { get; } = typeName;

    /// <summary>For a values view: its length.</summary>
    public int? Length { get; init; }

    /// <summary>For a values view: the dict it shows.</summary>
    public DictValue? Source { get; init; }

    public virtual IEnumerator<object?> GetEnumerator()
    {
        YaqlOps.EnsureStack();
        return source().GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => YaqlRepr.Repr(this);
}

/// <summary>A compiled regular expression (Python's <c>re.Pattern</c>).</summary>
internal sealed class YaqlRegex(Regex regex, string pattern, int flags)
{
    public Regex Regex { get; } = regex;

    public string Pattern { get; } = pattern;

    /// <summary>Python's flag bits: IGNORECASE 2, MULTILINE 8, DOTALL 16, UNICODE 32.</summary>
    public int Flags { get; } = flags;

    /// <summary>The pattern's named groups and their numbers (counted left to right, as Python does).</summary>
    public IReadOnlyDictionary<string, int> GroupNames { get; init; } = new Dictionary<string, int>();

    /// <summary>How many capturing groups the pattern has.</summary>
    public int GroupCount { get; init; }

    public override bool Equals(object? obj) => obj is YaqlRegex other && other.Pattern == Pattern && other.Flags == Flags;

    public override int GetHashCode() => HashCode.Combine(Pattern, Flags);

    public override string ToString() => YaqlRepr.Repr(this);
}

/// <summary>yaql's <c>utils.MappingRule</c>: an evaluated <c>source =&gt; destination</c>.</summary>
internal sealed class MappingRule(object? source, object? destination)
{
    public object? Source { get; } = source;

    public object? Destination { get; } = destination;

    public override string ToString() => "<yaql.language.utils.MappingRule object>";
}

/// <summary>A callable: a converted lambda argument, a delegate to a function, or a <c>def</c>ined function.</summary>
internal sealed class Callable(Func<object?[], IReadOnlyDictionary<string, object?>?, object?> invoke)
{
    public object? Invoke(params object?[] args) => invoke(args, null);

    public object? Invoke(object?[] args, IReadOnlyDictionary<string, object?>? kwargs) => invoke(args, kwargs);

    public override string ToString() => "<function>";
}

/// <summary>
/// <c>None</c> as a dict key. Python allows it (<c>groupBy</c> on a missing field, <c>dict(null =&gt; 1)</c>);
/// the workflow dict has no null keys, so YAQL stores this marker and reads it back as <c>null</c>.
/// </summary>
internal sealed class NullKey
{
    public static readonly NullKey Instance = new();

    private NullKey()
    {
    }

    public override bool Equals(object? obj) => obj is NullKey;

    public override int GetHashCode() => 0x5f3759df;

    public override string ToString() => "None";
}
