using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Values;

public class DictValueTests
{
    [Fact]
    public void Set_NewAndExistingKeys_KeepsInsertionOrder()
    {
        var d = DictValue.Empty.Set("b", 1L).Set("a", 2L).Set("b", 3L);
        Assert.Equal(["b", "a"], d.Keys.Cast<string>());
        Assert.Equal(3L, d["b"]);
    }

    [Fact]
    public void Set_OnShared_LeavesOriginalUnchanged()
    {
        var original = DictValue.Empty.Set("x", 1L);
        var changed = original.Set("x", 2L).Set("y", 3L);
        Assert.Equal(1L, original["x"]);
        Assert.Single(original);
        Assert.Equal(2, changed.Count);
    }

    [Fact]
    public void Equals_DifferentOrderAndNumericTypes_AreEqual()
    {
        var a = DictValue.Empty.Set("a", 1L).Set("b", 2.0);
        var b = DictValue.Empty.Set("b", 2L).Set("a", 1.0);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Keys_IntegerAndFloatKeys_AreTheSameKey()
    {
        var d = DictValue.Empty.Set(1L, "int").Set(1.0, "float");
        Assert.Single(d);
        Assert.Equal("float", d[1L]);
    }

    [Fact]
    public void WithoutInternalKeys_HidesDunderNames()
    {
        var d = DictValue.Empty.Set("a", 1L).Set("__state", 2L);
        Assert.True(d.HasInternalKeys);
        Assert.Equal(["a"], d.WithoutInternalKeys().Keys.Cast<string>());
        Assert.Same(d.Remove("__state").WithoutInternalKeys().GetType(), typeof(DictValue));
    }

    [Fact]
    public void Remove_Key_DropsItAndKeepsOrder()
    {
        var d = DictValue.Empty.Set("a", 1L).Set("b", 2L).Set("c", 3L).Remove("b").Set("b", 4L);
        Assert.Equal(["a", "c", "b"], d.Keys.Cast<string>());
    }
}

public class DictValueLargeTests
{
    [Fact]
    public void SetAndRemove_AcrossTheSmallLimit_KeepOrderAndValues()
    {
        var d = DictValue.Empty;
        for (var i = 0; i < 20; i++) d = d.Set($"k{i}", (long)i);
        d = d.Set("k3", 33L).Remove("k5").Set("k5", 55L);
        var expected = Enumerable.Range(0, 20).Where(i => i != 5).Select(i => $"k{i}").Append("k5").ToList();
        Assert.Equal(expected, d.Keys.Cast<string>());
        Assert.Equal(33L, d["k3"]);
        Assert.Equal(55L, d["k5"]);
        Assert.Equal(20, d.Count);
    }

    [Fact]
    public void Equals_SmallAndLargeForms_CompareByContent()
    {
        var builder = new DictValue.Builder();
        for (var i = 0; i < 9; i++) builder.Set($"k{i}", (long)i);
        var large = builder.ToDict().Remove("k8");
        var small = DictValue.Empty;
        for (var i = 7; i >= 0; i--) small = small.Set($"k{i}", (long)i);
        Assert.Equal(small, large);
        Assert.Equal(small.GetHashCode(), large.GetHashCode());
    }

    [Fact]
    public void Builder_ManyKeys_LooksUpByIndex()
    {
        var builder = new DictValue.Builder();
        for (var i = 0; i < 1000; i++) builder.Set(i % 500 == 0 ? "dup" : $"k{i}", (long)i);
        var d = builder.ToDict();
        Assert.Equal(999, d.Count);
        Assert.Equal(500L, d["dup"]);
        Assert.Equal("dup", d.Keys.First());
    }

    // A one-entry map keeps its value in a field: every way in and out of that form.
    [Fact]
    public void OneEntry_SetReplaceAddRemove_BehavesAsAnyMap()
    {
        var one = DictValue.Empty.Set("x", 1L);
        Assert.Single(one);
        Assert.Equal(1L, one["x"]);
        Assert.Equal([1L], one.Values);
        Assert.Equal([new KeyValuePair<object, object?>("x", 1L)], one);

        var replaced = one.Set("x", 2L);
        Assert.Equal(2L, replaced["x"]);
        Assert.Equal(1L, one["x"]);
        Assert.Same(replaced, replaced.Set("x", replaced["x"]));

        var two = replaced.Set("y", null);
        Assert.Equal(["x", "y"], two.Keys);
        Assert.Equal([2L, null], two.Values);
        Assert.Equal(DictValue.Empty.Set("y", null).Set("x", 2L), two);

        var back = two.Remove("x");
        Assert.Single(back);
        Assert.True(back.TryGetValue("y", out var y));
        Assert.Null(y);
        Assert.Empty(back.Remove("y"));
        Assert.Equal(two.GetHashCode(), DictValue.From([new KeyValuePair<string, object?>("x", 2L), new KeyValuePair<string, object?>("y", null)]).GetHashCode());
        Assert.Equal("""{"x":2}""", JsonValues.Serialize(replaced));
    }
}
