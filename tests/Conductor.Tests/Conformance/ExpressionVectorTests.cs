using Orquesta.Azure.Conductor.Conformance;

namespace Orquesta.Azure.Conductor.Tests.Conformance;

public class ExpressionVectorTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, ConformanceCase>> AllCases = new(() => ConformanceCorpus.Cases("expressions"));

    public static TheoryData<string> Vectors => ConformanceCorpus.CaseNames("expressions");

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_EvaluatedHere_MatchesReference(string name)
    {
        Assert.True(name != ConformanceCorpus.AbsentMarker, ConformanceCorpus.Require());
        var result = AllCases.Value[name].Run();
        Assert.True(result.Passed, result.Describe());
    }

    [Fact]
    public void Corpus_ExpressionVectors_ArePresent()
    {
        ConformanceCorpus.Require();
        Assert.NotEmpty(AllCases.Value);
        Assert.All(AllCases.Value.Values, c => Assert.Equal("expression", c.Kind));
    }
}
