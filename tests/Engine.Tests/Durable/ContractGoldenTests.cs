using Microsoft.DurableTask.Converters;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine.Durable;

namespace Orquesta.Azure.Engine.Tests.Durable;

/// <summary>
/// The persisted contracts of the engine, pinned by golden files: the engine state document
/// (snapshots and continue-as-new) and the orchestration's input and output as the durable data
/// converter writes them into history. A change that alters them must come with a new schema
/// version. ORQUESTA_UPDATE_GOLDEN=1 rewrites the files.
/// </summary>
public sealed class ContractGoldenTests
{
    private const string Workflow = """
        version: 1.0
        input: [who]
        tasks:
          greet:
            with: name in <% ctx(who) %>
            action: core.echo message="hi <% item(name) %>"
            next:
              - when: <% succeeded() %>
                publish: greetings=<% result().select($.stdout) %>
                do: done
          done:
            action: core.noop
        output:
          - greetings: <% ctx(greetings) %>
        """;

    [Fact]
    public void EngineState_FinishedRun_MatchesGoldenFile()
    {
        var json = FinishedState().ToJson();
        Golden("engine-state.json", json);
    }

    [Fact]
    public void EngineState_ParseThenWrite_GivesTheSameDocument()
    {
        var json = FinishedState().ToJson();
        Assert.Equal(json, EngineState.Parse(json).ToJson());
    }

    [Fact]
    public void EngineState_CompressThenDecompress_GivesTheSameDocument()
    {
        var json = FinishedState().ToJson();
        Assert.Equal(json, EngineState.Decompress(EngineState.Compress(json)));
    }

    [Fact]
    public void EngineState_OtherSchemaVersion_IsRefusedWithTheVersions()
    {
        var json = FinishedState().ToJson().Replace("\"schema_version\":1", "\"schema_version\":2", StringComparison.Ordinal);
        var error = Assert.Throws<EngineStateException>(() => EngineState.Parse(json));
        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("reads version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EngineState_DamagedCompressedState_IsRefused()
    {
        Assert.Throws<EngineStateException>(() => EngineState.Decompress([1, 2, 3, 4, 5]));
    }

    [Fact]
    public void WorkflowRunInput_AsTheDataConverterWritesIt_MatchesGoldenFile()
    {
        var input = new WorkflowRunInput
        {
            ExecutionId = "0123456789abcdef0123456789abcdef",
            WorkflowName = "greeter",
            WorkflowVersion = 3,
            Definition = Workflow,
            InputJson = """{"who":["ann","bob"]}""",
            Rerun = [new RerunTask("greet", 0, ResetItems: true)],
            Deadline = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc),
            TimeoutSeconds = 600,
        };
        var json = JsonDataConverter.Default.Serialize(input)!;
        Golden("workflow-run-input.json", json);
        Assert.Equivalent(input, JsonDataConverter.Default.Deserialize<WorkflowRunInput>(json), strict: true);
    }

    [Fact]
    public void ActionRequestAndOutcome_AsTheDataConverterWritesThem_MatchGoldenFile()
    {
        var request = new ActionRequest { ExecutionId = "e1", TaskId = "greet", Route = 0, ItemId = 1, Sequence = 0, Action = "core.echo", InputJson = """{"message":"hi bob"}""" };
        var outcome = new ActionOutcome { Status = "succeeded", ResultJson = """{"stdout":"hi bob"}""" };
        var result = new WorkflowRunResult { Status = "succeeded", OutputJson = """{"greetings":["hi ann","hi bob"]}""" };
        Golden("action-contracts.json", string.Join('\n', JsonDataConverter.Default.Serialize(request), JsonDataConverter.Default.Serialize(outcome), JsonDataConverter.Default.Serialize(result)));
    }

    private static EngineState FinishedState()
    {
        var environment = new SeededExpressionEnvironment(7, new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var conductor = new WorkflowConductor(WorkflowSpec.Load(Workflow), (DictValue)JsonValues.Parse("""{"who":["ann","bob"]}""")!, environment: environment);
        var state = new EngineState { Conductor = conductor, Episode = 2, NextSnapshot = 5 };
        state.Actions["core.echo"] = new ResolvedAction { Name = "core.echo", Kind = ResolvedActionKinds.Activity };
        conductor.RequestWorkflowStatus(Statuses.Running);
        var t0 = new DateTime(2026, 11, 27, 12, 0, 1, DateTimeKind.Utc);
        var results = new List<object?>();
        foreach (var task in conductor.GetNextTasks())
        {
            foreach (var action in task.Actions)
            {
                conductor.UpdateTaskState(task.Id, task.Route, new TaskItemActionExecutionEvent(action.ItemId!.Value, Statuses.Running));
            }

            foreach (var action in task.Actions)
            {
                var result = EngineValues.Dict(("stdout", "hi " + ((DictValue)action.Input!)["message"]!.ToString()!.Split(' ')[1]));
                results.Add(result);
                conductor.UpdateTaskState(task.Id, task.Route, new TaskItemActionExecutionEvent(action.ItemId!.Value, Statuses.Succeeded, result, ListValue.From(results)));
            }

            state.Tasks.Add(new TaskRecord { Id = task.Id, Route = task.Route, Status = Statuses.Succeeded, Started = t0, Ended = t0.AddSeconds(1), Result = ListValue.From(results) });
        }

        foreach (var task in conductor.GetNextTasks())
        {
            conductor.UpdateTaskState(task.Id, task.Route, new ActionExecutionEvent(Statuses.Running));
            conductor.UpdateTaskState(task.Id, task.Route, new ActionExecutionEvent(Statuses.Succeeded));
            state.Tasks.Add(new TaskRecord { Id = task.Id, Route = task.Route, Status = Statuses.Succeeded, Started = t0.AddSeconds(2), Ended = t0.AddSeconds(2) });
        }

        conductor.RenderWorkflowOutput();
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        return state;
    }

    private static void Golden(string name, string actual)
    {
        var path = Path.Combine(Corpus.RepositoryRoot(), "tests", "Engine.Tests", "Golden", name);
        if (Environment.GetEnvironmentVariable("ORQUESTA_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual + "\n");
            return;
        }

        Assert.True(File.Exists(path), $"The golden file {path} is missing: run the tests once with ORQUESTA_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(path).TrimEnd('\n'), actual);
    }
}
