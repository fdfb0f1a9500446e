using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Conformance;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Hosting;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Engine.Tests.Durable;

/// <summary>Two embedded engines: one keeps orchestrator runs between replays, one rebuilds every replay.</summary>
public sealed class ReplayFixture : IAsyncLifetime
{
    internal MockActionRunner KeepingMocks { get; } = new();

    internal MockActionRunner RebuildingMocks { get; } = new();

    internal InMemoryEngineStore KeepingStore { get; } = new();

    internal InMemoryEngineStore RebuildingStore { get; } = new();

    public EmbeddedEngine Keeping { get; private set; } = null!;

    public EmbeddedEngine Rebuilding { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Keeping = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions { Store = KeepingStore, Runners = [KeepingMocks] });
        Rebuilding = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions { Store = RebuildingStore, Runners = [RebuildingMocks], ReplaySessions = false });
    }

    public async Task DisposeAsync()
    {
        await Keeping.DisposeAsync();
        await Rebuilding.DisposeAsync();
    }
}

/// <summary>
/// Determinism: every rehearsal runs twice, once on an engine whose replays adopt the resting
/// run (the fast path) and once on an engine where every replay rebuilds the conductor from the
/// input and handles the whole history again (what the durable runtime does after a restart or
/// on another machine). Both must end in the same state, task for task, and the durable runtime's
/// own non-determinism checks must not fire in either.
/// </summary>
public sealed class ReplayTests : IClassFixture<ReplayFixture>
{
    private readonly ReplayFixture _fixture;

    public ReplayTests(ReplayFixture fixture) => _fixture = fixture;

    public static TheoryData<string> Specs() => RehearsalOrchestrationTests.Specs();

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task Replay_KeptAndRebuilt_EndInTheSameState(string file)
    {
        Assert.False(file == Corpus.AbsentMarker, Corpus.AbsentMarker);
        var path = Path.Combine(Corpus.Directory!, "rehearsals", file);
        var spec = (DictValue)YamlValues.Parse(File.ReadAllText(path))!;
        if (spec.ContainsKey("expected_inspection_errors")) return;
        var definition = File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, (string)spec["workflow"]!));
        var mocks = (spec.GetValueOrDefault("mock_action_executions") as ListValue ?? ListValue.Empty).Select(m => (DictValue)m!).ToList();

        var id = "replay-" + Path.GetFileNameWithoutExtension(file).Replace('.', '-');
        // The same instance id on both engines: expressions' randomness is seeded from it.
        var kept = await RunAsync(_fixture.Keeping, _fixture.KeepingMocks, _fixture.KeepingStore, id, definition, spec, mocks);
        var rebuilt = await RunAsync(_fixture.Rebuilding, _fixture.RebuildingMocks, _fixture.RebuildingStore, id, definition, spec, mocks);
        Assert.Equal(rebuilt, kept);
    }

    [Fact]
    public void Engines_SessionCaches_WorkAsConfigured()
    {
        var keeping = (WorkflowSessionCache)_fixture.Keeping.Services.GetService(typeof(WorkflowSessionCache))!;
        var rebuilding = (WorkflowSessionCache)_fixture.Rebuilding.Services.GetService(typeof(WorkflowSessionCache))!;
        Assert.True(keeping.Enabled);
        Assert.False(rebuilding.Enabled);
    }

    private static async Task<string> RunAsync(EmbeddedEngine engine, MockActionRunner runner, InMemoryEngineStore store, string id, string definition, DictValue spec, List<DictValue> mocks)
    {
        runner.Plan(id, [.. mocks.Select(MockActionExecution.Parse)]);
        // A mock that leaves its action running would keep the workflow from ending; here the
        // end state is what is compared, so such actions end (succeeded, no result) at once.
        runner.Release(id);
        var input = new WorkflowRunInput
        {
            ExecutionId = id,
            WorkflowName = id,
            Definition = definition,
            InputJson = spec.GetValueOrDefault("inputs") is { } inputs ? JsonValues.Serialize(inputs) : null,
            EpisodeEvents = 5,
            Waves = true,
        };
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(OrchestrationNames.Workflow, input, new StartOrchestrationOptions { InstanceId = id });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var metadata = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"orchestration {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        var state = EngineState.Parse((await store.GetLatestSnapshotAsync(id))!.Document);
        foreach (var record in state.Tasks)
        {
            if (record is null) continue;
            record.Started = null;
            record.Ended = null;
        }

        return state.ToJson() + "\n" + metadata.SerializedOutput;
    }
}
