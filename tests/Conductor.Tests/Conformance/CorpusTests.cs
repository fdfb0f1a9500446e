using Orquesta.Azure.Conductor.Conformance;

namespace Orquesta.Azure.Conductor.Tests.Conformance;

/// <summary>
/// Every case of the reference's conformance corpus, one theory row each: the same cases the
/// <c>orquesta conformance</c> command runs.
/// </summary>
public class CorpusTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, ConformanceCase>> Inspections = new(() => ConformanceCorpus.Cases("inspections"));
    private static readonly Lazy<IReadOnlyDictionary<string, ConformanceCase>> Rehearsals = new(() => ConformanceCorpus.Cases("rehearsals"));
    private static readonly Lazy<IReadOnlyDictionary<string, ConformanceCase>> Traces = new(() => ConformanceCorpus.Cases("traces"));

    public static TheoryData<string> InspectionVectors => ConformanceCorpus.CaseNames("inspections");

    public static TheoryData<string> RehearsalSpecs => ConformanceCorpus.CaseNames("rehearsals");

    public static TheoryData<string> ConductorTraces => ConformanceCorpus.CaseNames("traces");

    private static void Check(Lazy<IReadOnlyDictionary<string, ConformanceCase>> cases, string name)
    {
        Assert.True(name != ConformanceCorpus.AbsentMarker, ConformanceCorpus.Require());
        var result = cases.Value[name].Run();
        Assert.True(result.Passed, result.Describe());
    }

    [Theory]
    [MemberData(nameof(InspectionVectors))]
    public void InspectionVector_InspectedHere_MatchesReference(string name) => Check(Inspections, name);

    [Theory]
    [MemberData(nameof(RehearsalSpecs))]
    public void RehearsalSpec_ConductedHere_MatchesReference(string name) => Check(Rehearsals, name);

    [Theory]
    [MemberData(nameof(ConductorTraces))]
    public void ConductorTrace_ReplayedHere_MatchesReference(string name) => Check(Traces, name);

    [Theory]
    [InlineData("inspections", "inspection", 47)]
    [InlineData("rehearsals", "rehearsal", 165)]
    [InlineData("traces", "trace", 170)]
    public void Corpus_Folder_HoldsItsCases(string folder, string kind, int atLeastFiles)
    {
        ConformanceCorpus.Require();
        var cases = folder switch { "inspections" => Inspections.Value, "rehearsals" => Rehearsals.Value, _ => Traces.Value };
        Assert.All(cases.Values, c => Assert.Equal(kind, c.Kind));
        var files = cases.Keys.Select(k => k.Split(':', '#')[0]).Distinct().Count();
        Assert.True(kind == "inspection" ? cases.Count >= atLeastFiles : files >= atLeastFiles, $"{folder}: {cases.Count} cases in {files} files");
    }
}
