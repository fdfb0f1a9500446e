using Orquesta.Azure.Conductor.Inspection;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Specs;

/// <summary>
/// The reference's inspection results for every workflow in Orquesta's own spec tests
/// (inspections/orquesta-tests.jsonl), and every workflow of the corpus loaded and inspected.
/// </summary>
public class InspectionConformanceTests
{
    private const string VectorsFile = "orquesta-tests.jsonl";

    public static TheoryData<int> Vectors()
    {
        var data = new TheoryData<int>();
        var path = ConformanceCorpus.PathOf("inspections", VectorsFile);
        if (!File.Exists(path))
        {
            data.Add(-1);
            return data;
        }

        var count = File.ReadLines(path).Count(l => l.Trim().Length > 0);
        for (var i = 0; i < count; i++) data.Add(i);
        return data;
    }

    public static TheoryData<string> Workflows()
    {
        var data = new TheoryData<string>();
        var dir = ConformanceCorpus.PathOf("workflows");
        if (!Directory.Exists(dir))
        {
            data.Add(string.Empty);
            return data;
        }

        foreach (var file in Directory.EnumerateFiles(dir, "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void Corpus_IsPresent()
    {
        Assert.True(ConformanceCorpus.IsPresent, ConformanceCorpus.AbsentMessage);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Inspect_Vector_MatchesReference(int index)
    {
        if (index < 0) Assert.Fail(ConformanceCorpus.AbsentMessage);
        var line = File.ReadLines(ConformanceCorpus.PathOf("inspections", VectorsFile)).Where(l => l.Trim().Length > 0).ElementAt(index);
        var vector = (DictValue)JsonValues.Parse(line)!;
        var workflow = (DictValue)vector["workflow"]!;
        var expected = (DictValue)vector["errors"]!;

        var actual = WorkflowSpec.FromDefinition(workflow).Inspect().ToValue();

        AssertSameErrors(expected, actual);
    }

    // Fixtures the reference's own inspection rejects: `<% item(member), item(message) %>` is not
    // YAQL (yaql 3: "Parse error: unexpected ',' at position 12"). No rehearsal or trace uses them.
    private static readonly Dictionary<string, string> NotCleanWorkflows = new(StringComparer.Ordinal)
    {
        ["with-multi-items.yaml"] = "Parse error: unexpected ',' at position 12 of expression 'item(member), item(message)'",
        ["with-multi-items-concurrency.yaml"] = "Parse error: unexpected ',' at position 12 of expression 'item(member), item(message)'",
    };

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Load_CorpusWorkflow_LoadsAndInspectsAsTheReference(string file)
    {
        if (file.Length == 0) Assert.Fail(ConformanceCorpus.AbsentMessage);
        var spec = WorkflowSpec.Load(File.ReadAllBytes(ConformanceCorpus.PathOf("workflows", file)));

        Assert.True(spec.Tasks.Count > 0);
        var result = spec.Inspect();
        if (NotCleanWorkflows.TryGetValue(file, out var message))
        {
            var error = Assert.Single(result.Errors.SelectMany(e => e.Value));
            Assert.Equal(message, error.Message);
            Assert.Equal("expressions", Assert.Single(result.Errors.Keys));
        }
        else
        {
            Assert.Equal("{}", result.ToJson());
        }
    }

    // The corpus's pass rule: the same categories, the same entries in the same order, equal
    // paths, expressions and types; equal messages for semantics and context. Syntax messages
    // are compared exactly too (this port uses the recorded jsonschema wording); expression
    // messages come from the YAQL and Jinja parsers and must only be there.
    private static void AssertSameErrors(DictValue expected, DictValue actual)
    {
        var context = $"expected {JsonValues.Serialize(expected)}\nactual   {JsonValues.Serialize(actual)}";
        Assert.True(expected.Keys.SequenceEqual(actual.Keys), "categories differ: " + context);
        foreach (var (category, value) in expected)
        {
            var want = (ListValue)value!;
            var got = (ListValue)actual[category]!;
            Assert.True(want.Count == got.Count, $"{category}: {want.Count} errors expected, {got.Count} found: {context}");
            for (var i = 0; i < want.Count; i++)
            {
                var w = (DictValue)want[i]!;
                var g = (DictValue)got[i]!;
                foreach (var key in new[] { "spec_path", "schema_path", "expression", "type" })
                {
                    Assert.True(PyOps.ValueEquals(w.GetValueOrDefault(key), g.GetValueOrDefault(key)), $"{category}[{i}].{key} differs: {context}");
                }

                if ((string)category == InspectionCategory.Expressions)
                {
                    Assert.False(string.IsNullOrEmpty(g.GetValueOrDefault("message") as string), $"{category}[{i}] has no message: {context}");
                }
                else
                {
                    Assert.True(Equals(w["message"], g["message"]), $"{category}[{i}].message differs: {context}");
                }
            }
        }
    }
}
