using System.Collections;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// A list that only grows, kept in segments of <see cref="SegmentLength"/> items instead of one
/// array: the task sequence and the published contexts of a workflow state.
/// </summary>
/// <remarks>
/// A <see cref="List{T}"/> keeps one array for the whole life of a workflow. In a large workflow
/// the collector promotes that array to its oldest generation while tasks are still being added,
/// and from then on every new entry is referenced from an old object. When the workflow ends,
/// the dead array stays in the old generation until the next full collection, and the young
/// collections before it keep alive, copy and promote every entry it references (and all they
/// reference: contexts, chains). A 10,000-task conductor promoted several times its own size
/// that way, run after run (docs/decisions/0004, "Segmented state lists"). A segment is filled
/// within a few hundred steps and promoted with the entries it holds, so an old segment rarely
/// references a young entry; only the small directory of segments does.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
public sealed class SegmentedList<T> : IReadOnlyList<T>
{
    /// <summary>How many items a segment holds (the first segment grows to it as a list would).</summary>
    public const int SegmentLength = 1 << SegmentShift;

    private const int SegmentShift = 9;
    private const int SegmentMask = SegmentLength - 1;

    private T[][] _segments;
    private int _count;

    /// <summary>An empty list.</summary>
    public SegmentedList()
        : this(0)
    {
    }

    /// <summary>An empty list with room for <paramref name="capacity"/> items without growing its directory.</summary>
    public SegmentedList(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _segments = new T[Math.Max(1, (capacity + SegmentMask) >> SegmentShift)][];
    }

    /// <summary>How many items the list has.</summary>
    public int Count => _count;

    /// <summary>The item at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {_count} items.");
            return _segments[index >> SegmentShift][index & SegmentMask];
        }
    }

    /// <summary>Appends <paramref name="item"/>.</summary>
    public void Add(T item)
    {
        var s = _count >> SegmentShift;
        var offset = _count & SegmentMask;
        if (s == _segments.Length) Array.Resize(ref _segments, _segments.Length * 2);
        var segment = _segments[s];
        if (segment is null)
        {
            // The first segment starts small and doubles, so that a small workflow's state stays small.
            segment = _segments[s] = new T[s == 0 ? 4 : SegmentLength];
        }
        else if (offset == segment.Length)
        {
            Array.Resize(ref segment, Math.Min(segment.Length * 2, SegmentLength));
            _segments[s] = segment;
        }

        segment[offset] = item;
        _count++;
    }

    /// <summary>An enumerator over the items in order (no allocation).</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates a <see cref="SegmentedList{T}"/>; the list must not change meanwhile.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly SegmentedList<T> _list;
        private readonly int _count;
        private int _index;

        internal Enumerator(SegmentedList<T> list)
        {
            _list = list;
            _count = list._count;
            _index = -1;
            Current = default!;
        }

        /// <inheritdoc />
        public T Current { get; private set; }

        readonly object? IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext()
        {
            if (_list._count != _count) throw new InvalidOperationException("The list changed during enumeration.");
            if (++_index >= _count) return false;
            Current = _list._segments[_index >> SegmentShift][_index & SegmentMask];
            return true;
        }

        /// <inheritdoc />
        public void Reset()
        {
            _index = -1;
            Current = default!;
        }

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}

/// <summary>
/// A fixed-length array kept in segments of <see cref="SegmentedList{T}.SegmentLength"/> items,
/// each made on the first write to it: a per-task index of a large workflow that is neither one
/// large array (the large object heap, collected only with everything else) nor made in full for
/// tasks that never run.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class SegmentedArray<T>
{
    private const int SegmentShift = 9;
    private const int SegmentMask = (1 << SegmentShift) - 1;

    private readonly T[]?[] _segments;

    /// <summary>An array of <paramref name="length"/> default items.</summary>
    public SegmentedArray(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _segments = new T[]?[(length + SegmentMask) >> SegmentShift];
    }

    /// <summary>How many items the array has.</summary>
    public int Length { get; }

    /// <summary>The item at <paramref name="index"/> (the default when nothing was written to its segment).</summary>
    public T Get(int index)
    {
        if ((uint)index >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(index), index, $"The array has {Length} items.");
        var segment = _segments[index >> SegmentShift];
        return segment is null ? default! : segment[index & SegmentMask];
    }

    /// <summary>The item at <paramref name="index"/>, to read or write (its segment is made if need be).</summary>
    public ref T At(int index)
    {
        if ((uint)index >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(index), index, $"The array has {Length} items.");
        ref var segment = ref _segments[index >> SegmentShift];
        segment ??= new T[Math.Min(1 << SegmentShift, Length - (index & ~SegmentMask))];
        return ref segment[index & SegmentMask];
    }
}
