using Orquesta.Azure.Conductor.Conducting;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

public class TransitionMapTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(1000)]
    [InlineData(10_000)]
    public void Indexer_KeysSetAndReset_BehavesAsAnOrderedDictionary(int count)
    {
        var map = new TransitionMap<int>();
        var expected = new OrderedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            map["t" + i + "__t0"] = i;
            expected["t" + i + "__t0"] = i;
        }

        // Setting a key again keeps its position.
        for (var i = 0; i < count; i += 3)
        {
            map["t" + i + "__t0"] = -i;
            expected["t" + i + "__t0"] = -i;
        }

        Assert.Equal(expected.Count, map.Count);
        Assert.Equal(expected.ToList(), map.ToList());
        Assert.Equal(expected.Keys, map.Keys);
        Assert.Equal(expected.Values, map.Values);
        foreach (var (key, value) in expected)
        {
            Assert.True(map.ContainsKey(key));
            Assert.True(map.TryGetValue(key, out var found));
            Assert.Equal(value, found);
            Assert.Equal(value, map[key]);
        }

        Assert.False(map.ContainsKey("missing"));
        Assert.False(map.TryGetValue("missing", out _));
        Assert.Throws<KeyNotFoundException>(() => map["missing"]);
        Assert.Equal(map.ToList(), new TransitionMap<int>(map).ToList());
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 5)]
    [InlineData(1, 20)]
    [InlineData(9, 30)]
    [InlineData(600, 10_000)]
    public void EnsureCapacity_BeforeAndAfterKeys_KeepsOrderAndLookups(int before, int capacity)
    {
        var map = new TransitionMap<int>();
        for (var i = 0; i < before; i++) map["s" + i] = i;
        map.EnsureCapacity(capacity);
        for (var i = before; i < capacity + 2; i++) map["s" + i] = i;
        map["s0"] = -1;

        Assert.Equal(capacity + 2, map.Count);
        Assert.Equal(Enumerable.Range(0, capacity + 2).Select(i => "s" + i), map.Keys);
        Assert.Equal(-1, map["s0"]);
        for (var i = 1; i < capacity + 2; i++) Assert.Equal(i, map["s" + i]);
        Assert.False(map.ContainsKey("missing"));
    }
}
