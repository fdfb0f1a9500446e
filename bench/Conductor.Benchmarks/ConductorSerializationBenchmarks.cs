using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Benchmarks;

/// <summary>
/// Serialize and deserialize the state of a finished 10,000-task workflow (target: the round trip
/// under 50 ms). The direct UTF-8 writer and reader (<see cref="WorkflowConductor.SerializeToUtf8(IBufferWriter{byte})"/>,
/// <see cref="WorkflowConductor.DeserializeFromUtf8"/>) beside the value tree
/// (<see cref="WorkflowConductor.Serialize"/> then <see cref="JsonValues"/>) as the baseline.
/// Deserializing is what every step of a durable orchestration pays, so it is measured alone too.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ConductorSerializationBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4 * 1024 * 1024);
    private WorkflowConductor _finished = null!;
    private byte[] _utf8 = [];
    private string _json = string.Empty;

    [Params("sequential", "fan-out")]
    public string Shape { get; set; } = "sequential";

    [GlobalSetup]
    public void Setup()
    {
        var spec = WorkflowSpec.Load(Shape == "sequential" ? Workflows.Sequential(10_000) : Workflows.FanOut(10_000));
        _finished = Workflows.Conduct(spec);
        _json = JsonValues.Serialize(_finished.Serialize());
        _utf8 = System.Text.Encoding.UTF8.GetBytes(_json);
        if (_finished.SerializeToJson() != _json) throw new InvalidOperationException("The direct writer and the value tree wrote different documents.");
        // Both readers restore the spec from the process's spec cache after their first document.
        _ = WorkflowConductor.DeserializeFromUtf8(_utf8);
    }

    [BenchmarkCategory("round trip"), Benchmark(Baseline = true, Description = "round trip, value tree")]
    public string RoundTripValueTree()
    {
        var json = JsonValues.Serialize(_finished.Serialize());
        return WorkflowConductor.Deserialize((DictValue)JsonValues.Parse(json)!).WorkflowStatus;
    }

    [BenchmarkCategory("round trip"), Benchmark(Description = "round trip, UTF-8 direct")]
    public string RoundTripUtf8()
    {
        _buffer.ResetWrittenCount();
        _finished.SerializeToUtf8(_buffer);
        return WorkflowConductor.DeserializeFromUtf8(_buffer.WrittenSpan).WorkflowStatus;
    }

    [BenchmarkCategory("deserialize"), Benchmark(Baseline = true, Description = "deserialize, value tree")]
    public string DeserializeValueTree() => WorkflowConductor.Deserialize((DictValue)JsonValues.Parse(_utf8)!).WorkflowStatus;

    [BenchmarkCategory("deserialize"), Benchmark(Description = "deserialize, UTF-8 direct")]
    public string DeserializeUtf8() => WorkflowConductor.DeserializeFromUtf8(_utf8).WorkflowStatus;

    [BenchmarkCategory("size"), Benchmark(Description = "serialized size in characters")]
    public int Size() => _json.Length;
}
