using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Specs;

public class InlineParametersTests
{
    private static string List(object? text) => JsonValues.Serialize(InlineParameters.ParseList(text));

    [Theory]
    [InlineData("x=null", """[{"x":null}]""")]
    [InlineData("x=123", """[{"x":123}]""")]
    [InlineData("x=-123", """[{"x":-123}]""")]
    [InlineData("x=0.123", """[{"x":0.123}]""")]
    [InlineData("x=-0.123", """[{"x":-0.123}]""")]
    [InlineData("x=true", """[{"x":true}]""")]
    [InlineData("y=True", """[{"y":true}]""")]
    [InlineData("c=TRUE", """[{"c":true}]""")]
    [InlineData("x=false", """[{"x":false}]""")]
    [InlineData("c=FALSE", """[{"c":false}]""")]
    [InlineData("x=\"abc\"", """[{"x":"abc"}]""")]
    [InlineData("x='abc'", """[{"x":"abc"}]""")]
    public void ParseList_Scalars_AreTyped(string text, string expected)
    {
        Assert.Equal(expected, List(text));
    }

    [Theory]
    [InlineData("x=\"true\"", """[{"x":"true"}]""")]
    [InlineData("d=\"123\"", """[{"d":"123"}]""")]
    [InlineData("f=\"\"", """[{"f":""}]""")]
    [InlineData("c='FALSE'", """[{"c":"FALSE"}]""")]
    [InlineData("d='123'", """[{"d":"123"}]""")]
    [InlineData("f=''", """[{"f":""}]""")]
    public void ParseList_QuotedValues_StayStrings(string text, string expected)
    {
        Assert.Equal(expected, List(text));
    }

    [Fact]
    public void ParseList_QuotedJsonObject_IsParsed()
    {
        Assert.Equal("""[{"x":{"a":1}}]""", List("x='{\"a\": 1}'"));
    }

    [Fact]
    public void ParseList_BracketedList_IsParsedUnlessItHoldsQuotes()
    {
        Assert.Equal("""[{"x":[1,2]}]""", List("x=[1, 2]"));
        Assert.Equal("""[{"x":"[1, \"a\"]"}]""", List("x=[1, \"a\"]"));
    }

    [Theory]
    [InlineData("x=<% $.abc %>", """[{"x":"<% $.abc %>"}]""")]
    [InlineData("x={{ _.abc }}", """[{"x":"{{ _.abc }}"}]""")]
    public void ParseList_Expressions_AreKeptAsText(string text, string expected)
    {
        Assert.Equal(expected, List(text));
    }

    [Theory]
    [InlineData("x=\"abc\" y=\"def\"")]
    [InlineData("x=\"abc\", y=\"def\"")]
    [InlineData("x=\"abc\"; y=\"def\"")]
    public void ParseList_Several_KeepOrder(string text)
    {
        Assert.Equal("""[{"x":"abc"},{"y":"def"}]""", List(text));
    }

    [Fact]
    public void ParseList_Combination_MatchesReference()
    {
        const string text = "i=123 j=\"abc\" k=true x=<% $.abc %> y={{ _.abc }} z='{\"a\": 1}'";
        Assert.Equal("""[{"i":123},{"j":"abc"},{"k":true},{"x":"<% $.abc %>"},{"y":"{{ _.abc }}"},{"z":{"a":1}}]""", List(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData(123L)]
    [InlineData(true)]
    [InlineData("no parameters here")]
    public void ParseList_NothingToParse_IsEmpty(object? value)
    {
        Assert.Equal("[]", List(value));
    }

    [Fact]
    public void ParseDict_RepeatedName_KeepsFirstPlaceAndLastValue()
    {
        Assert.Equal("""{"a":3,"b":2}""", JsonValues.Serialize(InlineParameters.ParseDict("a=1 b=2 a=3")));
    }

    [Fact]
    public void ParseList_LongWordWithoutEquals_StaysFast()
    {
        var text = new string('a', 1_000_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("[]", List(text));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}: a hang guard (catastrophic backtracking or expansion would take far longer), not a speed claim");
    }

    [Theory]
    [InlineData("x=[1] y=[2]", """[{"x":"[1] y=[2]"}]""")]
    [InlineData("x={{ a }} y=<% b %>", """[{"x":"{{ a }}"},{"y":"<% b %>"}]""")]
    [InlineData("x={{ a\n}}", "[]")]
    [InlineData("x=1.5 y=-.5 z=.5", """[{"x":1.5},{"y":"-.5"},{"z":".5"}]""")]
    [InlineData("x=1abc=2", """[{"x":1},{"abc":2}]""")]
    [InlineData("x=truey=1", """[{"x":true},{"y":1}]""")]
    [InlineData("a-b=1", """[{"b":1}]""")]
    [InlineData("x=00", """[{"x":"00"}]""")]
    public void ParseList_Matching_FollowsPythonFindall(string text, string expected)
    {
        Assert.Equal(expected, List(text));
    }

    [Theory]
    [InlineData("k={{")]
    [InlineData("k=[")]
    [InlineData("k=\"")]
    [InlineData("k=<%")]
    public void ParseList_RepeatedUnclosedValues_StaysLinear(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 200_000));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        InlineParameters.ParseList(text);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}: a hang guard (catastrophic backtracking or expansion would take far longer), not a speed claim");
    }
}
