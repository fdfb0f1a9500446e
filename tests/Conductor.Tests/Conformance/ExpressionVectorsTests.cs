using Orquesta.Azure.Conductor.Conformance;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Conformance;

public class ExpressionVectorsTests
{
    [Theory]
    [InlineData("Unable to evaluate expression '<% [].isEmpty() %>'. NoMatchingMethodException: No method", "Unable to evaluate expression '<% [].isEmpty() %>'. NoMatchingMethodException: other words", true)]
    [InlineData("Unable to evaluate expression '<% x %>'. TypeError: a", "Unable to evaluate expression '<% x %>'. ValueError: a", false)]
    [InlineData("Unable to evaluate expression '<% x %>'. TypeError: a", "Unable to evaluate expression '<% x %>'. TypeErrorX: a", false)]
    [InlineData("There are unresolved variables: ctx().foo", "There are unresolved variables: ctx().foo", true)]
    [InlineData("There are unresolved variables: ctx().foo", "There are unresolved variables: ctx().bar", false)]
    public void MessageMatches_ReferenceRule_ComparesUpToInnerExceptionName(string expected, string actual, bool matches) =>
        Assert.Equal(matches, ExpressionVectors.MessageMatches(expected, actual));

    [Fact]
    public void Run_WrongResult_FailsWithExpectedAndActual()
    {
        var vector = ExpressionVectors.ParseLine("""{"language": "yaql", "expr": "plain text", "data": {}, "result": "other"}""");
        var result = ExpressionVectors.Run("x:1", vector);
        Assert.False(result.Passed);
        Assert.Contains("expected result \"other\", actual result \"plain text\"", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TextWithoutExpressions_PassesWhenUnchanged()
    {
        var vector = ExpressionVectors.ParseLine("""{"language": "yaql", "expr": "plain text", "data": {}, "result": "plain text"}""");
        Assert.True(ExpressionVectors.Run("x:1", vector).Passed);
    }

    [Theory]
    [InlineData("5", "5.0", true)]
    [InlineData("true", "1", false)]
    [InlineData("""{"a": 1, "b": 2}""", """{"b": 2, "a": 1}""", true)]
    [InlineData("[1, 2]", "[2, 1]", false)]
    [InlineData("null", "\"\"", false)]
    public void AreEqual_JsonValues_ComparesByValue(string a, string b, bool equal) =>
        Assert.Equal(equal, JsonEquality.AreEqual(JsonValues.Parse(a), JsonValues.Parse(b)));
}
