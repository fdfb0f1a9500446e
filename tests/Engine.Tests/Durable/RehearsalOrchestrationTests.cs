using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Conformance;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine.Durable;

namespace Orquesta.Azure.Engine.Tests.Durable;

/// <summary>
/// Every public rehearsal spec, run end to end through the durable orchestrator on the embedded
/// engine with the spec's mocks as the action runner: the same status, errors and output as the
/// conductor alone, and the same task sequence up to the order of tasks that ran at the same time.
/// </summary>
public sealed class RehearsalOrchestrationTests : IClassFixture<EngineFixture>
{
    private readonly EngineFixture _fixture;

    public RehearsalOrchestrationTests(EngineFixture fixture) => _fixture = fixture;

    public static TheoryData<string> Specs()
    {
        var data = new TheoryData<string>();
        foreach (var row in Corpus.Rehearsals()) data.Add(row);
        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task Orchestrator_Rehearsal_MatchesReference(string file)
    {
        Assert.False(file == Corpus.AbsentMarker, Corpus.AbsentMarker);
        var path = Path.Combine(Corpus.Directory!, "rehearsals", file);
        var spec = (DictValue)YamlValues.Parse(File.ReadAllText(path))!;
        var definition = File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, (string)spec["workflow"]!));
        if (spec.ContainsKey("expected_inspection_errors"))
        {
            Assert.True(WorkflowSpec.Load(definition).Inspect().HasErrors);
            return;
        }

        var id = "rehearsal-" + Path.GetFileNameWithoutExtension(file).Replace('.', '-');
        var mocks = Mocks(spec);
        _fixture.Mocks.Plan(id, mocks);
        var input = new WorkflowRunInput
        {
            ExecutionId = id,
            WorkflowName = file,
            Definition = definition,
            InputJson = spec.GetValueOrDefault("inputs") is { } inputs ? JsonValues.Serialize(inputs) : null,
        };
        if (mocks.Any(m => m.Status == Statuses.Running))
        {
            await RunWithActionsLeftRunningAsync(id, input, spec);
            return;
        }

        input = input with { EpisodeEvents = 7, Waves = true };
        await RunAsync(id, input);
        Compare(await FinalStateAsync(id), spec, "first run");

        if (spec.GetValueOrDefault("rerun") is ListValue phases)
        {
            for (var i = 0; i < phases.Count; i++)
            {
                var phase = (DictValue)phases[i]!;
                _fixture.Mocks.Plan(id, Mocks(phase));
                var latest = await _fixture.Store.GetLatestSnapshotAsync(id);
                var tasks = phase.GetValueOrDefault("rerun_tasks") is ListValue list
                    ? list.Select(t => (DictValue)t!).Select(t => new RerunTask((string)t["task_id"]!, (int)(t.GetValueOrDefault("route") as long? ?? 0), t.GetValueOrDefault("reset_items") is true)).ToList()
                    : [];
                await RunAsync(id, input with { StateJson = latest!.Document, Rerun = tasks }, after: latest.Sequence);
                Compare(await FinalStateAsync(id), phase, $"rerun phase {i + 1}");
            }
        }
    }

    /// <summary>
    /// A rehearsal whose mocks leave actions running ends with the workflow still running, as
    /// <c>orquesta-rehearse</c> does: the orchestration is watched until nothing but those actions
    /// is in flight, then compared through its progress (status, task sequence), then ended.
    /// Waves are off: a wave would wait for the action that never ends.
    /// </summary>
    private async Task RunWithActionsLeftRunningAsync(string id, WorkflowRunInput input, DictValue spec)
    {
        var client = _fixture.Engine.Client;
        await client.ScheduleNewOrchestrationInstanceAsync(OrchestrationNames.Workflow, input, new StartOrchestrationOptions { InstanceId = id });
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            ExecutionProgress? progress = null;
            string? last = null;
            var stableSince = DateTime.UtcNow;
            while (true)
            {
                var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, timeout.Token);
                Assert.NotNull(metadata);
                Assert.False(metadata.IsCompleted, $"the orchestration ended {metadata.RuntimeStatus} while an action was left running");
                var now = metadata.SerializedCustomStatus;
                if (now != last) (last, stableSince) = (now, DateTime.UtcNow);
                progress = metadata.ReadCustomStatusAs<ExecutionProgress>();
                var blocked = _fixture.Mocks.Blocked(id);
                if (progress is not null && blocked.Count > 0 && progress.Running.Count == blocked.Count && DateTime.UtcNow - stableSince > TimeSpan.FromMilliseconds(300)) break;
                await Task.Delay(20, timeout.Token);
            }

            Assert.NotNull(progress);
            Assert.True(progress.Episode == 0, "the comparison reads one episode's task list");
            var sequence = progress.Recent.Select(t => WorkflowState.TaskKey(t.Id, t.Route)).Order(StringComparer.Ordinal).ToList();
            var wanted = ExpectedSequence(spec);
            Assert.True(wanted.SequenceEqual(sequence), $"task sequence (sorted) [{string.Join(", ", sequence)}], expected [{string.Join(", ", wanted)}]");
            Assert.Equal(progress.Tasks, sequence.Count);
            Assert.Equal(spec.GetValueOrDefault("expected_workflow_status") as string ?? Statuses.Succeeded, progress.Status);
        }
        finally
        {
            await client.TerminateInstanceAsync(id);
            _fixture.Mocks.Release(id);
            using var end = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.WaitForInstanceCompletionAsync(id, cancellation: end.Token);
        }
    }

    private async Task RunAsync(string id, WorkflowRunInput input, long after = -1)
    {
        await _fixture.Engine.Client.ScheduleNewOrchestrationInstanceAsync(OrchestrationNames.Workflow, input, new StartOrchestrationOptions { InstanceId = id });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            // A rerun reuses the instance id: until the new run starts, the instance still reads
            // as the earlier, completed run; its final snapshot tells the runs apart.
            var metadata = await _fixture.Engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
            Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"orchestration {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}\n{metadata.FailureDetails?.StackTrace}");
            var latest = await _fixture.Store.GetLatestSnapshotAsync(id);
            if (latest is not null && latest.Sequence > after) return;
            await Task.Delay(20, timeout.Token);
        }
    }

    private async Task<EngineState> FinalStateAsync(string id)
    {
        var snapshot = await _fixture.Store.GetLatestSnapshotAsync(id);
        Assert.NotNull(snapshot);
        return EngineState.Parse(snapshot.Document);
    }

    private static List<MockActionExecution> Mocks(DictValue spec) =>
        [.. (spec.GetValueOrDefault("mock_action_executions") as ListValue ?? ListValue.Empty).Select(m => MockActionExecution.Parse((DictValue)m!))];

    // The spec's task sequence as task keys (route 0 unless it names one), sorted: tasks that ran
    // at the same time may start in any order.
    private static List<string> ExpectedSequence(DictValue expected) =>
        [.. (expected.GetValueOrDefault("expected_task_sequence") as ListValue ?? ListValue.Empty)
            .Select(v => (string)v!).Select(k => k.Contains("__r", StringComparison.Ordinal) ? k : WorkflowState.TaskKey(k, 0)).Order(StringComparer.Ordinal)];

    private static void Compare(EngineState state, DictValue expected, string phase)
    {
        var conductor = state.Conductor;
        var sequence = conductor.WorkflowState.Sequence.Select(e => WorkflowState.TaskKey(e.Id, e.Route)).Order(StringComparer.Ordinal).ToList();
        var wanted = ExpectedSequence(expected);
        Assert.True(wanted.SequenceEqual(sequence), $"{phase}: task sequence (sorted) [{string.Join(", ", sequence)}], expected [{string.Join(", ", wanted)}]");
        var status = expected.GetValueOrDefault("expected_workflow_status") as string ?? "succeeded";
        Assert.True(status == conductor.WorkflowStatus, $"{phase}: status {conductor.WorkflowStatus}, expected {status}; errors {JsonValues.Serialize(ListValue.From(conductor.Errors))}");
        if (expected.GetValueOrDefault("expected_errors") is ListValue errors)
        {
            var actual = ListValue.From(conductor.Errors);
            Assert.True(ConductorTraces.ErrorsMatch(errors, actual), $"{phase}: errors {JsonValues.Serialize(actual)}, expected {JsonValues.Serialize(errors)}");
        }

        if (expected.TryGetValue("expected_output", out var output) && output is not null)
        {
            var actual = conductor.GetWorkflowOutput();
            Assert.True(JsonEquality.AreEqual(output, actual), $"{phase}: output {(actual is null ? "null" : JsonValues.Serialize(actual))}, expected {JsonValues.Serialize(output)}");
        }
    }
}
