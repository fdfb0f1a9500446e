using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Orquesta.Azure.Conductor.Values;

/// <summary>
/// An immutable, insertion-ordered map of workflow values (JSON object, Python dict). The
/// reference's dicts keep insertion order, and results such as <c>keys()</c> or the order of
/// published variables depend on it.
/// </summary>
/// <remarks>
/// Persistent: <see cref="Set"/> and <see cref="Remove"/> return a new map that shares almost
/// all of its structure with the old one, in O(log n). Contexts are merged on every task, and
/// the reference spends most of its time deep-copying them; sharing makes that cost vanish.
/// Keys are compared with Python equality (<c>1 == 1.0 == True</c>); JSON gives string keys.
/// </remarks>
public sealed class DictValue : IReadOnlyCollection<KeyValuePair<object, object?>>, IEquatable<DictValue>
{
    private readonly ImmutableDictionary<object, Slot> _map;
    private readonly ImmutableSortedDictionary<long, object> _order;
    private readonly long _next;
    private readonly int _dunderCount;
    private int _hash;

    private readonly record struct Slot(object? Value, long Ordinal);

    /// <summary>The empty map.</summary>
    public static readonly DictValue Empty = new(
        ImmutableDictionary.Create<object, Slot>(PyOps.KeyComparer),
        ImmutableSortedDictionary<long, object>.Empty,
        0,
        0);

    private DictValue(ImmutableDictionary<object, Slot> map, ImmutableSortedDictionary<long, object> order, long next, int dunderCount)
    {
        _map = map;
        _order = order;
        _next = next;
        _dunderCount = dunderCount;
    }

    /// <inheritdoc />
    public int Count => _map.Count;

    /// <summary>Whether any key is a string that starts with <c>__</c> (internal names <c>ctx()</c> hides).</summary>
    public bool HasInternalKeys => _dunderCount > 0;

    /// <summary>The keys, in insertion order.</summary>
    public IEnumerable<object> Keys => _order.Values;

    /// <summary>The values, in insertion order.</summary>
    public IEnumerable<object?> Values
    {
        get
        {
            foreach (var key in _order.Values) yield return _map[key].Value;
        }
    }

    /// <summary>Whether the map has <paramref name="key"/>.</summary>
    public bool ContainsKey(object key) => _map.ContainsKey(key);

    /// <summary>Looks up <paramref name="key"/>.</summary>
    public bool TryGetValue(object key, out object? value)
    {
        if (_map.TryGetValue(key, out var slot))
        {
            value = slot.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The value of <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
    public object? GetValueOrDefault(object key, object? fallback = null) =>
        _map.TryGetValue(key, out var slot) ? slot.Value : fallback;

    /// <summary>The value of <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> if absent.</summary>
    public object? this[object key] => _map[key].Value;

    /// <summary>A map with <paramref name="key"/> set; an existing key keeps its position.</summary>
    public DictValue Set(object key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_map.TryGetValue(key, out var slot))
        {
            if (ReferenceEquals(slot.Value, value)) return this;
            return new DictValue(_map.SetItem(key, slot with { Value = value }), _order, _next, _dunderCount);
        }

        return new DictValue(
            _map.Add(key, new Slot(value, _next)),
            _order.Add(_next, key),
            _next + 1,
            _dunderCount + (IsInternalKey(key) ? 1 : 0));
    }

    /// <summary>A map without <paramref name="key"/>.</summary>
    public DictValue Remove(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_map.TryGetValue(key, out var slot)) return this;
        var ordinalKey = _order[slot.Ordinal];
        return new DictValue(
            _map.Remove(key),
            _order.Remove(slot.Ordinal),
            _next,
            _dunderCount - (IsInternalKey(ordinalKey) ? 1 : 0));
    }

    /// <summary>This map with every entry of <paramref name="other"/> set on it, in <paramref name="other"/>'s order.</summary>
    public DictValue Merge(DictValue other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0) return this;
        if (Count == 0) return other;
        var result = this;
        foreach (var (key, value) in other) result = result.Set(key, value);
        return result;
    }

    /// <summary>This map without string keys that start with <c>__</c>; itself when it has none.</summary>
    public DictValue WithoutInternalKeys()
    {
        if (_dunderCount == 0) return this;
        var builder = new Builder();
        foreach (var (key, value) in this)
        {
            if (!IsInternalKey(key)) builder.Set(key, value);
        }

        return builder.ToDict();
    }

    /// <summary>Whether <paramref name="key"/> is an internal name (a string that starts with <c>__</c>).</summary>
    public static bool IsInternalKey(object key) => key is string s && s.StartsWith("__", StringComparison.Ordinal);

    /// <summary>Builds a map from key-value pairs; a repeated key keeps its first position and last value.</summary>
    public static DictValue From(IEnumerable<KeyValuePair<object, object?>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var builder = new Builder();
        foreach (var (key, value) in entries) builder.Set(key, value);
        return builder.ToDict();
    }

    /// <summary>Builds a map from string keys and values.</summary>
    public static DictValue From(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var builder = new Builder();
        foreach (var (key, value) in entries) builder.Set(key, value);
        return builder.ToDict();
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<object, object?>> GetEnumerator()
    {
        foreach (var key in _order.Values) yield return new KeyValuePair<object, object?>(key, _map[key].Value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Python equality: the same keys with equal values, in any order.</summary>
    public bool Equals([NotNullWhen(true)] DictValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Count != Count) return false;
        foreach (var (key, slot) in _map)
        {
            if (!other._map.TryGetValue(key, out var theirs) || !PyOps.ValueEquals(slot.Value, theirs.Value)) return false;
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DictValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var h = 0;
        foreach (var (key, slot) in _map) h += HashCode.Combine(PyOps.ValueHash(key), PyOps.ValueHash(slot.Value));
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    /// <summary>The Python <c>str()</c> of the dict.</summary>
    public override string ToString() => PyRepr.Str(this);

    /// <summary>Builds a map in place, then freezes it.</summary>
    public sealed class Builder
    {
        private readonly ImmutableDictionary<object, Slot>.Builder _map = ImmutableDictionary.CreateBuilder<object, Slot>(PyOps.KeyComparer);
        private readonly ImmutableSortedDictionary<long, object>.Builder _order = ImmutableSortedDictionary.CreateBuilder<long, object>();
        private long _next;
        private int _dunderCount;

        /// <summary>The number of entries so far.</summary>
        public int Count => _map.Count;

        /// <summary>Sets <paramref name="key"/>; an existing key keeps its position.</summary>
        public Builder Set(object key, object? value)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (_map.TryGetValue(key, out var slot))
            {
                _map[key] = slot with { Value = value };
            }
            else
            {
                _map.Add(key, new Slot(value, _next));
                _order.Add(_next, key);
                _next++;
                if (IsInternalKey(key)) _dunderCount++;
            }

            return this;
        }

        /// <summary>Whether the builder has <paramref name="key"/>.</summary>
        public bool ContainsKey(object key) => _map.ContainsKey(key);

        /// <summary>The finished map.</summary>
        public DictValue ToDict() =>
            _map.Count == 0 ? Empty : new DictValue(_map.ToImmutable(), _order.ToImmutable(), _next, _dunderCount);
    }
}
