using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Hosting;

namespace Orquesta.Azure.Engine.Benchmarks;

/// <summary>
/// Workflows of N no-op tasks end to end on the embedded Durable Task engine (the orchestrator,
/// one activity per task), beside hand-written orchestrations of the same graphs in the same run.
/// One workflow per operation, measured a few times: these take seconds.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class EngineBenchmarks : EngineBenchmarkBase
{
    [Params(100, 1000)]
    public int N { get; set; }

    protected override int Size => N;

    [Benchmark(Description = "orquesta sequential")]
    public Task<string> Sequential() => RunWorkflowAsync(Engine, SequentialDefinition, ++Run);

    [Benchmark(Description = "orquesta fan-out")]
    public Task<string> FanOut() => RunWorkflowAsync(Engine, FanOutDefinition, ++Run);

    [Benchmark(Description = "hand-written chain, one history (baseline)")]
    public Task<string> BaselineChain() => RunBaselineAsync(Engine, HandWritten.Chain, N, ++Run);

    [Benchmark(Description = "hand-written chain, episodes of 100 (baseline)")]
    public Task<string> BaselineChainEpisodes() => RunBaselineAsync(Engine, HandWritten.ChainEpisodes, N, ++Run);

    [Benchmark(Description = "hand-written fan-out (baseline)")]
    public Task<string> BaselineFanOut() => RunBaselineAsync(Engine, HandWritten.Fan, N, ++Run);

    internal static async Task<string> RunWorkflowAsync(IOrquestaEngine engine, string definition, int run, int episodeEvents = 0)
    {
        var id = $"bench-{run}-{Environment.ProcessId}";
        var input = new WorkflowRunInput { ExecutionId = id, WorkflowName = "bench", Definition = definition, Record = false, EpisodeEvents = episodeEvents };
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(OrchestrationNames.Workflow, input, new StartOrchestrationOptions { InstanceId = id });
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        var result = done.ReadOutputAs<WorkflowRunResult>();
        if (result?.Status != Statuses.Succeeded) throw new InvalidOperationException($"The workflow ended {result?.Status}: {result?.ErrorsJson} {done.FailureDetails?.ErrorMessage}");
        return result.Status;
    }

    internal static async Task<string> RunBaselineAsync(IOrquestaEngine engine, string name, int n, int run)
    {
        var id = $"base-{run}-{Environment.ProcessId}";
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(name, n, new StartOrchestrationOptions { InstanceId = id });
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed) throw new InvalidOperationException($"The baseline ended {done.RuntimeStatus}.");
        return id;
    }
}

/// <summary>
/// The same at N = 10,000, without the one-history chain, whose every step replays a history that
/// grows with the chain (minutes at this size: the cost the orchestrator's episodes avoid). One
/// warm-up run: the first run at this size in a process pays for growing the heap and the thread
/// pool (twice the time of the next, for every shape and baseline alike).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 2)]
public class EngineScaleBenchmarks : EngineBenchmarkBase
{
    [Params(10000)]
    public int N { get; set; }

    protected override int Size => N;

    [Benchmark(Description = "orquesta sequential")]
    public Task<string> Sequential() => EngineBenchmarks.RunWorkflowAsync(Engine, SequentialDefinition, ++Run);

    [Benchmark(Description = "orquesta fan-out")]
    public Task<string> FanOut() => EngineBenchmarks.RunWorkflowAsync(Engine, FanOutDefinition, ++Run);

    [Benchmark(Description = "hand-written chain, episodes of 100 (baseline)")]
    public Task<string> BaselineChainEpisodes() => EngineBenchmarks.RunBaselineAsync(Engine, HandWritten.ChainEpisodes, N, ++Run);

    [Benchmark(Description = "hand-written fan-out (baseline)")]
    public Task<string> BaselineFanOut() => EngineBenchmarks.RunBaselineAsync(Engine, HandWritten.Fan, N, ++Run);
}

/// <summary>What both benchmark classes share: one embedded engine with the baselines registered, and the two workflows.</summary>
public abstract class EngineBenchmarkBase
{
    protected EmbeddedEngine Engine { get; private set; } = null!;

    protected string SequentialDefinition { get; private set; } = null!;

    protected string FanOutDefinition { get; private set; } = null!;

    protected int Run { get; set; }

    protected abstract int Size { get; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Engine = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions { ConfigureTasks = HandWritten.Register });
        SequentialDefinition = Workflows.Sequential(Size);
        FanOutDefinition = Workflows.FanOut(Size);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await Engine.DisposeAsync();
}
