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
