using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// An insertion-ordered map from transition ids (<c>task__tN</c>) to values: a task entry's
/// inbound transitions (<see cref="TaskStateEntry.Prev"/>) and its evaluated outbound ones
/// (<see cref="TaskStateEntry.Next"/>). Setting an existing key keeps its position.
/// </summary>
/// <remarks>
/// Every task entry of a workflow holds two of these for the whole run, and nearly all of them
/// have one key: that one is kept in the map itself, further ones in a small array searched in
/// order, instead of a hash table per map. A map that grows past a few keys (the inbound
/// transitions of a wide join) gets an index, so setting and finding stay O(1).
/// </remarks>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class TransitionMap<TValue> : IReadOnlyDictionary<string, TValue>
{
    private const int IndexedFrom = 8;

    private KeyValuePair<string, TValue> _first;
    // The entries after the first, and the index of every entry past IndexedFrom keys: segments
    // and ints, so that a wide join's or split's map (10,000 transitions) makes no large array
    // (the large object heap is collected only with everything else; docs/decisions/0004).
    private SegmentedArray<KeyValuePair<string, TValue>> _rest;
    private int _count;
    private SegmentedArray<int>? _buckets;
    private SegmentedArray<int>? _chain;

    /// <summary>An empty map.</summary>
    public TransitionMap()
    {
        _rest = Empty;
    }

    /// <summary>A map with the entries of <paramref name="source"/>, in its order.</summary>
    public TransitionMap(IEnumerable<KeyValuePair<string, TValue>> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _rest = source is IReadOnlyCollection<KeyValuePair<string, TValue>> { Count: > 1 and var n } ? new SegmentedArray<KeyValuePair<string, TValue>>(n - 1) : Empty;
        foreach (var (key, value) in source) this[key] = value;
    }

    private static readonly SegmentedArray<KeyValuePair<string, TValue>> Empty = new(0);

    /// <inheritdoc />
    public int Count => _count;

    /// <summary>Makes room for <paramref name="capacity"/> keys at once (a wide join or split knows how many it will have).</summary>
    internal void EnsureCapacity(int capacity)
    {
        if (capacity - 1 > _rest.Length) Grow(capacity - 1);
        if (capacity >= IndexedFrom && (_chain is null || _chain.Length < capacity)) BuildIndex(capacity);
    }

    private void Grow(int restLength)
    {
        var rest = new SegmentedArray<KeyValuePair<string, TValue>>(restLength);
        for (var i = 0; i < _count - 1; i++) rest.At(i) = _rest.Get(i);
        _rest = rest;
    }

    // A chained hash index over the entries' positions: _buckets holds, per hash bucket, the
    // position + 1 of its last entry (0: none), _chain the position + 1 of the entry before it.
    private void BuildIndex(int capacity)
    {
        var buckets = 8;
        while (buckets < capacity) buckets <<= 1;
        _buckets = new SegmentedArray<int>(buckets);
        _chain = new SegmentedArray<int>(capacity);
        for (var j = 0; j < _count; j++) AddToIndex(j, At(j).Key);
    }

    private void AddToIndex(int position, string key)
    {
        ref var bucket = ref _buckets!.At(Bucket(key));
        _chain!.At(position) = bucket;
        bucket = position + 1;
    }

    private int Bucket(string key) => StringComparer.Ordinal.GetHashCode(key) & (_buckets!.Length - 1);

    /// <summary>The value of <paramref name="key"/>; setting a new key appends it.</summary>
    /// <exception cref="KeyNotFoundException">Getting a key that is not in the map.</exception>
    public TValue this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The transition '{key}' is not in the map.");
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            var i = IndexOf(key);
            if (i >= 0)
            {
                Set(i, new KeyValuePair<string, TValue>(At(i).Key, value));
                return;
            }

            if (_count > 0 && _count - 1 == _rest.Length) Grow(Math.Max(1, _rest.Length * 2));
            Set(_count, new KeyValuePair<string, TValue>(key, value));
            if (_chain is not null && _count < _chain.Length)
            {
                AddToIndex(_count, key);
            }
            else if (_count + 1 >= IndexedFrom)
            {
                // Built again for twice as many: the new key is indexed with the others.
                _count++;
                BuildIndex(Math.Max(IndexedFrom, _count * 2));
                return;
            }

            _count++;
        }
    }

    private KeyValuePair<string, TValue> At(int i) => i == 0 ? _first : _rest.Get(i - 1);

    private void Set(int i, KeyValuePair<string, TValue> entry)
    {
        if (i == 0) _first = entry;
        else _rest.At(i - 1) = entry;
    }

    /// <summary>The keys, in insertion order.</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return At(i).Key;
        }
    }

    /// <summary>The values, in insertion order.</summary>
    public IEnumerable<TValue> Values
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return At(i).Value;
        }
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = default;
            return false;
        }

        value = At(i).Value;
        return true;
    }

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_buckets is not null)
        {
            for (var p = _buckets.Get(Bucket(key)); p > 0; p = _chain!.Get(p - 1))
            {
                if (string.Equals(At(p - 1).Key, key, StringComparison.Ordinal)) return p - 1;
            }

            return -1;
        }

        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(At(i).Key, key, StringComparison.Ordinal)) return i;
        }

        return -1;
    }

    /// <summary>The entries, in insertion order (a struct enumerator: no allocation).</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, TValue>> IEnumerable<KeyValuePair<string, TValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates a <see cref="TransitionMap{TValue}"/> in insertion order.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, TValue>>
    {
        private readonly TransitionMap<TValue> _map;
        private int _position;

        internal Enumerator(TransitionMap<TValue> map)
        {
            _map = map;
            _position = -1;
        }

        /// <inheritdoc />
        public readonly KeyValuePair<string, TValue> Current => _map.At(_position);

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_position < _map._count;

        /// <inheritdoc />
        public void Reset() => _position = -1;

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}
