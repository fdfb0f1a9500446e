using BenchmarkDotNet.Attributes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Hosting;

namespace Orquesta.Azure.Engine.Benchmarks;

/// <summary>
/// Workflows of N no-op tasks end to end on the embedded Durable Task engine (the orchestrator,
/// one activity per task), beside a hand-written orchestration of the same graph in the same run.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private EmbeddedEngine _engine = null!;
    private string _sequential = null!;
    private string _fanOut = null!;
    private int _run;

    [Params(100, 1000, 10000)]
    public int N { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _engine = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions { ConfigureTasks = HandWritten.Register });
        _sequential = Workflows.Sequential(N);
        _fanOut = Workflows.FanOut(N);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _engine.DisposeAsync();

    [Benchmark(Description = "orquesta sequential")]
    public Task<string> Sequential() => RunWorkflowAsync(_engine, _sequential, ++_run);

    [Benchmark(Description = "orquesta fan-out")]
    public Task<string> FanOut() => RunWorkflowAsync(_engine, _fanOut, ++_run);

    [Benchmark(Description = "hand-written chain (baseline)")]
    public Task<string> BaselineChain() => RunBaselineAsync(_engine, HandWritten.Chain, N, ++_run);

    [Benchmark(Description = "hand-written fan-out (baseline)")]
    public Task<string> BaselineFanOut() => RunBaselineAsync(_engine, HandWritten.Fan, N, ++_run);

    internal static async Task<string> RunWorkflowAsync(EmbeddedEngine engine, string definition, int run, int episodeEvents = 0)
    {
        var id = $"bench-{run}-{Environment.ProcessId}";
        var input = new WorkflowRunInput { ExecutionId = id, WorkflowName = "bench", Definition = definition, Record = false, EpisodeEvents = episodeEvents };
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(OrchestrationNames.Workflow, input, new StartOrchestrationOptions { InstanceId = id });
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        var result = done.ReadOutputAs<WorkflowRunResult>();
        if (result?.Status != Statuses.Succeeded) throw new InvalidOperationException($"The workflow ended {result?.Status}: {result?.ErrorsJson} {done.FailureDetails?.ErrorMessage}");
        return result.Status;
    }

    internal static async Task<string> RunBaselineAsync(EmbeddedEngine engine, string name, int n, int run)
    {
        var id = $"base-{run}-{Environment.ProcessId}";
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(name, n, new StartOrchestrationOptions { InstanceId = id });
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed) throw new InvalidOperationException($"The baseline ended {done.RuntimeStatus}.");
        return id;
    }
}
