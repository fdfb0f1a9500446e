using Orquesta.Azure.Conductor.Conducting;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>The task sequence's and the contexts' list: items by index and in order, across segments.</summary>
public class SegmentedListTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(0, 5)]
    [InlineData(0, SegmentedList<int>.SegmentLength)]
    [InlineData(0, SegmentedList<int>.SegmentLength + 1)]
    [InlineData(3, 5 * SegmentedList<int>.SegmentLength + 17)]
    [InlineData(10_000, 10_000)]
    public void Add_AnyNumberOfItems_IndexesAndEnumeratesThemInOrder(int capacity, int count)
    {
        var list = new SegmentedList<int>(capacity);
        for (var i = 0; i < count; i++) list.Add(i * 7);

        Assert.Equal(count, list.Count);
        for (var i = 0; i < count; i++) Assert.Equal(i * 7, list[i]);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 7), list);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 7), list.AsEnumerable().ToList());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void Indexer_OutsideTheList_ThrowsArgumentOutOfRange(int index)
    {
        var list = new SegmentedList<string> { "a", "b", "c" };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => list[index]);
        Assert.Contains("3 items", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetEnumerator_ListGrowsDuringEnumeration_Throws()
    {
        var list = new SegmentedList<int> { 1, 2 };
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var item in list) list.Add(item);
        });
    }

    [Fact]
    public void Constructor_NegativeCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentedList<int>(-1));
}
