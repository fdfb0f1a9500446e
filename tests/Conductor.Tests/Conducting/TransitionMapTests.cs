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
}
