using System.Text.Json;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Values;

public class JsonValuesTests
{
    [Fact]
    public void Parse_Numbers_TellsIntegersFromFloats()
    {
        var v = (ListValue)JsonValues.Parse("[1, 1.0, 1e3, -7]")!;
        Assert.IsType<long>(v[0]);
        Assert.IsType<double>(v[1]);
        Assert.IsType<double>(v[2]);
        Assert.Equal(-7L, v[3]);
    }

    [Fact]
    public void Serialize_RoundTrip_KeepsOrderAndValues()
    {
        const string json = """{"b":[1,2.5,"x",null,true],"a":{"c":{}}}""";
        Assert.Equal(json, JsonValues.Serialize(JsonValues.Parse(json)));
    }

    [Fact]
    public void Dumps_SortKeys_UsesPythonLayout()
    {
        var v = JsonValues.Parse("""{"b": 1, "a": [1, "é"]}""");
        Assert.Equal("{\"a\": [1, \"\\u00e9\"], \"b\": 1}", JsonValues.Dumps(v, sortKeys: true));
    }

    [Fact]
    public void Parse_TooDeep_Throws()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        Assert.ThrowsAny<JsonException>(() => JsonValues.Parse(deep));
    }
}
