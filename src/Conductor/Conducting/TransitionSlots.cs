namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// A task entry's transition map kept in the entry itself: nearly every entry has at most one
/// inbound and one evaluated outbound transition, so the first key and value are two fields and
/// a <see cref="TransitionMap{TValue}"/> exists only for a second key, or once something reads
/// the map through the entry's public property (from then on the map holds every key).
/// </summary>
/// <remarks>
/// A finished workflow keeps every entry to its end: two map objects less per entry is less for
/// the collector to copy as a large workflow's state ages (docs/decisions/0004, "Task entries").
/// </remarks>
/// <typeparam name="TValue">The value type.</typeparam>
internal struct TransitionSlots<TValue>
{
    private string? _key;
    private TValue _value;
    private TransitionMap<TValue>? _map;

    /// <summary>Slots holding what <paramref name="map"/> holds: its one entry inline, or the map itself when it has more.</summary>
    public static TransitionSlots<TValue> From(TransitionMap<TValue> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var slots = default(TransitionSlots<TValue>);
        if (map.Count > 1)
        {
            slots._map = map;
        }
        else if (map.Count == 1)
        {
            foreach (var (key, value) in map)
            {
                slots._key = key;
                slots._value = value;
            }
        }

        return slots;
    }

    /// <summary>How many keys.</summary>
    public readonly int Count => _map?.Count ?? (_key is null ? 0 : 1);

    /// <summary>The map of every key, made now when the keys are inline (and used from then on).</summary>
    public TransitionMap<TValue> Materialize()
    {
        if (_map is not null) return _map;
        var map = new TransitionMap<TValue>();
        if (_key is not null)
        {
            map[_key] = _value;
            _key = null;
            _value = default!;
        }

        _map = map;
        return map;
    }

    /// <summary>Sets <paramref name="key"/>: an existing key keeps its position, a new one comes last.</summary>
    public void Set(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_map is not null)
        {
            _map[key] = value;
        }
        else if (_key is null || string.Equals(_key, key, StringComparison.Ordinal))
        {
            _key = key;
            _value = value;
        }
        else
        {
            Materialize()[key] = value;
        }
    }

    /// <summary>The value of <paramref name="key"/>, when present.</summary>
    public readonly bool TryGetValue(string key, out TValue value)
    {
        if (_map is not null) return _map.TryGetValue(key, out value!);
        if (_key is not null && string.Equals(_key, key, StringComparison.Ordinal))
        {
            value = _value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>The entries in insertion order (no allocation).</summary>
    public readonly Enumerator GetEnumerator() => new(_key, _value, _map);

    /// <summary>Enumerates the slots: the inline entry, or the map's entries.</summary>
    public struct Enumerator
    {
        private readonly string? _key;
        private readonly TValue _value;
        private readonly bool _mapped;
        private TransitionMap<TValue>.Enumerator _inner;
        private bool _done;

        internal Enumerator(string? key, TValue value, TransitionMap<TValue>? map)
        {
            _key = key;
            _value = value;
            _mapped = map is not null;
            _inner = map is not null ? map.GetEnumerator() : default;
            _done = false;
            Current = default;
        }

        /// <summary>The current entry.</summary>
        public KeyValuePair<string, TValue> Current { get; private set; }

        /// <summary>Moves to the next entry.</summary>
        public bool MoveNext()
        {
            if (_mapped)
            {
                if (!_inner.MoveNext()) return false;
                Current = _inner.Current;
                return true;
            }

            if (_done || _key is null) return false;
            _done = true;
            Current = new KeyValuePair<string, TValue>(_key, _value);
            return true;
        }
    }
}
