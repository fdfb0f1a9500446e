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
    // Small maps (at most SmallLimit entries) are two exact-size arrays, copied on write: most
    // workflow dicts are small, and arrays beat the persistent trees there by a wide margin.
    // Larger maps switch to the persistent form (_map and _order), which shares structure.
    private const int SmallLimit = 8;

    private readonly object[]? _smallKeys;
    // A small map of one entry (a published variable, a task's result) keeps its value here, not
    // in an array of one: one object less for each, and a large workflow keeps one per task.
    private readonly object?[]? _smallValues;
    private readonly object? _value0;
    private readonly ImmutableDictionary<object, Slot>? _map;
    private readonly ImmutableSortedDictionary<long, object>? _order;
    private readonly long _next;
    private readonly int _dunderCount;
    private int _hash;

    private readonly record struct Slot(object? Value, long Ordinal);

    private static readonly ImmutableDictionary<object, Slot> EmptyMap = ImmutableDictionary.Create<object, Slot>(PyOps.KeyComparer);

    /// <summary>The empty map.</summary>
    public static readonly DictValue Empty = new([], [], 0);

    private DictValue(object[] keys, object?[] values, int dunderCount)
    {
        _smallKeys = keys;
        if (values.Length == 1) _value0 = values[0];
        else _smallValues = values;
        _dunderCount = dunderCount;
    }

    private DictValue(object[] singleKey, object? value, int dunderCount)
    {
        _smallKeys = singleKey;
        _value0 = value;
        _dunderCount = dunderCount;
    }

    // The small map's values: its array, or its one value.
    private ReadOnlySpan<object?> SmallValues => _smallValues ?? new ReadOnlySpan<object?>(in _value0);

    private object? SmallValueAt(int i) => _smallValues is null ? _value0 : _smallValues[i];

    private DictValue(ImmutableDictionary<object, Slot> map, ImmutableSortedDictionary<long, object> order, long next, int dunderCount)
    {
        _map = map;
        _order = order;
        _next = next;
        _dunderCount = dunderCount;
    }

    private bool IsSmall => _smallKeys is not null;

    /// <inheritdoc />
    public int Count => _smallKeys?.Length ?? _map!.Count;

    private int IndexOfSmall(object key)
    {
        var keys = _smallKeys!;
        if (key is string s)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i] is string k && string.Equals(k, s, StringComparison.Ordinal)) return i;
            }

            return -1;
        }

        for (var i = 0; i < keys.Length; i++)
        {
            if (PyOps.ValueEquals(keys[i], key)) return i;
        }

        return -1;
    }

    /// <summary>
    /// A map over keys and values the caller hands over (it must not change them afterwards).
    /// A repeated key keeps its first position and last value, as with <see cref="Builder"/>.
    /// </summary>
    internal static DictValue FromArrays(object[] keys, object?[] values)
    {
        if (keys.Length == 0) return Empty;
        var dunder = 0;
        foreach (var key in keys)
        {
            if (IsInternalKey(key)) dunder++;
        }

        if (keys.Length <= SmallLimit)
        {
            // Repeated keys are rare (JSON allows them); fall back to the builder when there are any.
            for (var i = 1; i < keys.Length; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (PyOps.ValueEquals(keys[i], keys[j])) return Rebuild(keys, values);
                }
            }

            return new DictValue(keys, values, dunder);
        }

        var seen = new HashSet<object>(keys.Length, PyOps.KeyComparer);
        foreach (var key in keys)
        {
            if (!seen.Add(key)) return Rebuild(keys, values);
        }

        return Large(keys, values, dunder);
    }

    private static DictValue Rebuild(object[] keys, object?[] values)
    {
        var builder = new Builder();
        for (var i = 0; i < keys.Length; i++) builder.Set(keys[i], values[i]);
        return builder.ToDict();
    }

    private static DictValue Large(object[] keys, object?[] values, int dunderCount)
    {
        var map = EmptyMap.ToBuilder();
        var order = ImmutableSortedDictionary.CreateBuilder<long, object>();
        for (var i = 0; i < keys.Length; i++)
        {
            map.Add(keys[i], new Slot(values[i], i));
            order.Add(i, keys[i]);
        }

        return new DictValue(map.ToImmutable(), order.ToImmutable(), keys.Length, dunderCount);
    }

    /// <summary>
    /// The entries of a small map as its two arrays (read only), for hot loops that should not
    /// allocate an enumerator; <see langword="false"/> for the persistent form.
    /// </summary>
    internal bool TryGetSmall(out ReadOnlySpan<object> keys, out ReadOnlySpan<object?> values)
    {
        keys = _smallKeys;
        values = IsSmall ? SmallValues : default;
        return IsSmall;
    }

    /// <summary>Whether any key is a string that starts with <c>__</c> (internal names <c>ctx()</c> hides).</summary>
    public bool HasInternalKeys => _dunderCount > 0;

    /// <summary>The keys, in insertion order.</summary>
    public IEnumerable<object> Keys => IsSmall ? _smallKeys! : _order!.Values;

    /// <summary>The values, in insertion order.</summary>
    public IEnumerable<object?> Values
    {
        get
        {
            if (IsSmall)
            {
                for (var i = 0; i < _smallKeys!.Length; i++) yield return SmallValueAt(i);
                yield break;
            }

            foreach (var key in _order!.Values) yield return _map![key].Value;
        }
    }

    /// <summary>Whether the map has <paramref name="key"/>.</summary>
    public bool ContainsKey(object key) => IsSmall ? IndexOfSmall(key) >= 0 : _map!.ContainsKey(key);

    /// <summary>Looks up <paramref name="key"/>.</summary>
    public bool TryGetValue(object key, out object? value)
    {
        if (IsSmall)
        {
            var i = IndexOfSmall(key);
            value = i >= 0 ? SmallValueAt(i) : null;
            return i >= 0;
        }

        if (_map!.TryGetValue(key, out var slot))
        {
            value = slot.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The value of <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
    public object? GetValueOrDefault(object key, object? fallback = null) =>
        TryGetValue(key, out var value) ? value : fallback;

    /// <summary>The value of <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> if absent.</summary>
    public object? this[object key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The key '{PyRepr.Str(key)}' is not in the dict.");

    /// <summary>A map with <paramref name="key"/> set; an existing key keeps its position.</summary>
    public DictValue Set(object key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsSmall)
        {
            var keys = _smallKeys!;
            var i = IndexOfSmall(key);
            if (i >= 0)
            {
                if (ReferenceEquals(SmallValueAt(i), value)) return this;
                if (_smallValues is null) return new DictValue(keys, value, _dunderCount);
                var values = (object?[])_smallValues.Clone();
                values[i] = value;
                return new DictValue(keys, values, _dunderCount);
            }

            var newKeys = new object[keys.Length + 1];
            var newValues = new object?[keys.Length + 1];
            keys.CopyTo(newKeys, 0);
            SmallValues.CopyTo(newValues);
            newKeys[^1] = key;
            newValues[^1] = value;
            var dunder = _dunderCount + (IsInternalKey(key) ? 1 : 0);
            return newKeys.Length <= SmallLimit ? new DictValue(newKeys, newValues, dunder) : Large(newKeys, newValues, dunder);
        }

        if (_map!.TryGetValue(key, out var slot))
        {
            if (ReferenceEquals(slot.Value, value)) return this;
            return new DictValue(_map.SetItem(key, slot with { Value = value }), _order!, _next, _dunderCount);
        }

        return new DictValue(
            _map.Add(key, new Slot(value, _next)),
            _order!.Add(_next, key),
            _next + 1,
            _dunderCount + (IsInternalKey(key) ? 1 : 0));
    }

    /// <summary>A map without <paramref name="key"/>.</summary>
    public DictValue Remove(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsSmall)
        {
            var i = IndexOfSmall(key);
            if (i < 0) return this;
            var keys = _smallKeys!;
            var newKeys = new object[keys.Length - 1];
            var newValues = new object?[keys.Length - 1];
            for (int from = 0, to = 0; from < keys.Length; from++)
            {
                if (from == i) continue;
                newKeys[to] = keys[from];
                newValues[to++] = SmallValueAt(from);
            }

            return new DictValue(newKeys, newValues, _dunderCount - (IsInternalKey(keys[i]) ? 1 : 0));
        }

        if (!_map!.TryGetValue(key, out var slot)) return this;
        var ordinalKey = _order![slot.Ordinal];
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
        if (IsSmall)
        {
            for (var i = 0; i < _smallKeys!.Length; i++) yield return new KeyValuePair<object, object?>(_smallKeys[i], SmallValueAt(i));
            yield break;
        }

        foreach (var key in _order!.Values) yield return new KeyValuePair<object, object?>(key, _map![key].Value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Python equality: the same keys with equal values, in any order.</summary>
    public bool Equals([NotNullWhen(true)] DictValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Count != Count) return false;
        foreach (var (key, value) in this)
        {
            if (!other.TryGetValue(key, out var theirs) || !PyOps.ValueEquals(value, theirs)) return false;
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
        foreach (var (key, value) in this) h += HashCode.Combine(PyOps.ValueHash(key), PyOps.ValueHash(value));
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    /// <summary>The Python <c>str()</c> of the dict.</summary>
    public override string ToString() => PyRepr.Str(this);

    /// <summary>Builds a map in place, then freezes it.</summary>
    public sealed class Builder
    {
        private readonly List<object> _keys = [];
        private readonly List<object?> _values = [];
        private Dictionary<object, int>? _index;
        private int _dunderCount;

        /// <summary>The number of entries so far.</summary>
        public int Count => _keys.Count;

        private int IndexOf(object key)
        {
            if (_index is not null) return _index.TryGetValue(key, out var i) ? i : -1;
            for (var i = 0; i < _keys.Count; i++)
            {
                if (PyOps.ValueEquals(_keys[i], key)) return i;
            }

            return -1;
        }

        /// <summary>Sets <paramref name="key"/>; an existing key keeps its position.</summary>
        public Builder Set(object key, object? value)
        {
            ArgumentNullException.ThrowIfNull(key);
            var i = IndexOf(key);
            if (i >= 0)
            {
                _values[i] = value;
                return this;
            }

            _keys.Add(key);
            _values.Add(value);
            if (IsInternalKey(key)) _dunderCount++;
            if (_index is not null)
            {
                _index[key] = _keys.Count - 1;
            }
            else if (_keys.Count > SmallLimit)
            {
                _index = new Dictionary<object, int>(PyOps.KeyComparer);
                for (var k = 0; k < _keys.Count; k++) _index[_keys[k]] = k;
            }

            return this;
        }

        /// <summary>Whether the builder has <paramref name="key"/>.</summary>
        public bool ContainsKey(object key) => IndexOf(key) >= 0;

        /// <summary>The finished map.</summary>
        public DictValue ToDict()
        {
            if (_keys.Count == 0) return Empty;
            var keys = _keys.ToArray();
            var values = _values.ToArray();
            return keys.Length <= SmallLimit ? new DictValue(keys, values, _dunderCount) : Large(keys, values, _dunderCount);
        }
    }
}
