namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// A transition map kept in the task entry or staged task that owns it: nearly every task has one
/// or two inbound transitions and one or two outbound ones (<c>succeeded</c> and <c>failed</c>),
/// so the first two keys and values are fields of the owner, and a <see cref="TransitionMap{TValue}"/>
/// exists only for a third key, or once something reads the map through the owner's public
/// property (from then on the map holds every key).
/// </summary>
/// <remarks>
/// A finished workflow keeps every entry to its end, and a wide split keeps its staged tasks until
/// they run: a map object less per transition map is less for the collector to copy as a large
/// workflow's state ages (docs/decisions/0004, "Transition slots").
/// </remarks>
/// <typeparam name="TValue">The value type.</typeparam>
internal struct TransitionSlots<TValue>
{
    private string? _key0;
    private string? _key1;
    private TValue _value0;
    private TValue _value1;
    private TransitionMap<TValue>? _map;

    /// <summary>Slots holding what <paramref name="map"/> holds: up to two entries inline, the map itself when it has more.</summary>
    public static TransitionSlots<TValue> From(TransitionMap<TValue>? map)
    {
        if (map is null || map.Count == 0) return default;
        if (map.Count > 2) return Over(map);
        var slots = default(TransitionSlots<TValue>);
        foreach (var (key, value) in map) slots.Set(key, value);
        return slots;
    }

    /// <summary>Slots backed by <paramref name="map"/> whatever its size (a join's map, sized for all its inbound transitions).</summary>
    public static TransitionSlots<TValue> Over(TransitionMap<TValue> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new TransitionSlots<TValue> { _map = map };
    }

    /// <summary>How many keys.</summary>
    public readonly int Count => _map?.Count ?? (_key0 is null ? 0 : _key1 is null ? 1 : 2);

    /// <summary>Slots with the same entries that share nothing with these.</summary>
    public readonly TransitionSlots<TValue> Copy() => _map is null ? this : Over(new TransitionMap<TValue>(_map));

    /// <summary>The map of every key, made now when the keys are inline (and used from then on).</summary>
    public TransitionMap<TValue> Materialize()
    {
        if (_map is not null) return _map;
        var map = new TransitionMap<TValue>();
        if (_key0 is not null) map[_key0] = _value0;
        if (_key1 is not null) map[_key1] = _value1;
        _key0 = _key1 = null;
        _value0 = _value1 = default!;
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
        else if (_key0 is null || string.Equals(_key0, key, StringComparison.Ordinal))
        {
            _key0 = key;
            _value0 = value;
        }
        else if (_key1 is null || string.Equals(_key1, key, StringComparison.Ordinal))
        {
            _key1 = key;
            _value1 = value;
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
        if (_key0 is not null && string.Equals(_key0, key, StringComparison.Ordinal))
        {
            value = _value0;
            return true;
        }

        if (_key1 is not null && string.Equals(_key1, key, StringComparison.Ordinal))
        {
            value = _value1;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>The entries in insertion order (no allocation).</summary>
    public readonly Enumerator GetEnumerator() => new(this);

    /// <summary>Enumerates the slots: the inline entries, or the map's entries.</summary>
    public struct Enumerator
    {
        private readonly TransitionSlots<TValue> _slots;
        private TransitionMap<TValue>.Enumerator _inner;
        private int _position;

        internal Enumerator(TransitionSlots<TValue> slots)
        {
            _slots = slots;
            _inner = slots._map is { } map ? map.GetEnumerator() : default;
            _position = -1;
            Current = default;
        }

        /// <summary>The current entry.</summary>
        public KeyValuePair<string, TValue> Current { get; private set; }

        /// <summary>Moves to the next entry.</summary>
        public bool MoveNext()
        {
            if (_slots._map is not null)
            {
                if (!_inner.MoveNext()) return false;
                Current = _inner.Current;
                return true;
            }

            _position++;
            if (_position == 0 && _slots._key0 is { } key0)
            {
                Current = new KeyValuePair<string, TValue>(key0, _slots._value0);
                return true;
            }

            if (_position == 1 && _slots._key1 is { } key1)
            {
                Current = new KeyValuePair<string, TValue>(key1, _slots._value1);
                return true;
            }

            return false;
        }
    }
}
