using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Values;

public class PyReprTests
{
    [Theory]
    [InlineData(2.5, "2.5")]
    [InlineData(2.0, "2.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1.5e-5, "1.5e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(-3.25, "-3.25")]
    [InlineData(123456789.123, "123456789.123")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    public void FormatFloat_PythonRepr_Matches(double value, string expected) =>
        Assert.Equal(expected, PyRepr.FormatFloat(value));

    [Fact]
    public void Str_NestedValues_PrintsPythonLiterals()
    {
        var dict = DictValue.Empty.Set("a", 1L).Set("b", ListValue.Of(true, null, "it's", 2.0));
        Assert.Equal("{'a': 1, 'b': [True, None, \"it's\", 2.0]}", PyRepr.Str(dict));
    }

    [Fact]
    public void Str_ListsAsTuples_PrintsTuples()
    {
        Assert.Equal("(4, 1)", PyRepr.Str(ListValue.Of(4L, 1L), listsAsTuples: true));
        Assert.Equal("(4,)", PyRepr.Str(ListValue.Of(4L), listsAsTuples: true));
    }
}
