using System.Collections;

namespace Orquesta.Azure.Conductor.Values;

/// <summary>
/// An immutable list of workflow values (JSON array, Python list or tuple). Immutable so that
/// contexts can share it between tasks and branches instead of deep-copying it.
/// </summary>
public sealed class ListValue : IReadOnlyList<object?>, IEquatable<ListValue>
{
    private readonly object?[] _items;
    private int _hash;

    /// <summary>The empty list.</summary>
    public static readonly ListValue Empty = new([]);

    private ListValue(object?[] items, bool isTuple = false)
    {
        _items = items;
        IsTuple = isTuple;
    }

    /// <summary>Takes ownership of <paramref name="items"/>: the caller must not change it afterwards.</summary>
    internal static ListValue Wrap(object?[] items) => items.Length == 0 ? Empty : new ListValue(items);

    /// <summary>
    /// Takes ownership of <paramref name="items"/> as a Python tuple: the same list everywhere,
    /// except that Python's <c>str()</c> and <c>repr()</c> print it as a tuple.
    /// </summary>
    internal static ListValue WrapTuple(object?[] items) => new(items, isTuple: true);

    /// <summary>Whether the list came from a Python tuple (it prints as one); equality ignores it, as JSON does.</summary>
    public bool IsTuple { get; }

    /// <summary>Builds a list from a sequence of values.</summary>
    public static ListValue From(IEnumerable<object?> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Wrap(items.ToArray());
    }

    /// <summary>Builds a list from values.</summary>
    public static ListValue Of(params object?[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Wrap((object?[])items.Clone());
    }

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public object? this[int index] => _items[index];

    /// <summary>The items as a read-only span, for fast iteration.</summary>
    public ReadOnlySpan<object?> AsSpan() => _items;

    /// <summary>A new list with <paramref name="value"/> appended.</summary>
    public ListValue Add(object? value)
    {
        var items = new object?[_items.Length + 1];
        _items.CopyTo(items, 0);
        items[^1] = value;
        return new ListValue(items);
    }

    /// <summary>A new list with <paramref name="other"/>'s items appended.</summary>
    public ListValue Concat(ListValue other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0) return this;
        if (Count == 0) return other;
        var items = new object?[_items.Length + other._items.Length];
        _items.CopyTo(items, 0);
        other._items.CopyTo(items, _items.Length);
        return new ListValue(items);
    }

    /// <summary>A new list with the item at <paramref name="index"/> replaced.</summary>
    public ListValue SetItem(int index, object? value)
    {
        var items = (object?[])_items.Clone();
        items[index] = value;
        return new ListValue(items);
    }

    /// <summary>A copy of the items as a new array.</summary>
    public object?[] ToArray() => (object?[])_items.Clone();

    /// <inheritdoc />
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>Python equality: same length and pairwise equal items.</summary>
    public bool Equals(ListValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._items.Length != _items.Length) return false;
        for (var i = 0; i < _items.Length; i++)
        {
            if (!PyOps.ValueEquals(_items[i], other._items[i])) return false;
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ListValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(PyOps.ValueHash(item));
        var h = hash.ToHashCode();
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    /// <summary>The Python <c>str()</c> of the list.</summary>
    public override string ToString() => PyRepr.Str(this);
}
