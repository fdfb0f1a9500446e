using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

public class RoundTripTests
{
    public static TheoryData<string> ScenarioNames() => Scenarios.Names();

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Run_WithoutRoundTrips_EndsAsTheScenarioExpects(string name)
    {
        var (scenario, status, output) = Scenarios.Get(name);

        var run = new ScriptedRun(scenario, roundTrip: false).Run();

        Assert.Equal(status, run.Current.WorkflowStatus);
        Assert.Equal(Json(output), run.Current.GetWorkflowOutput());
        Assert.Empty(run.Current.GetNextTasks());
    }

    [Fact]
    public void Run_PauseAndResumeScenario_PausesThenResumes()
    {
        var run = new ScriptedRun(Scenarios.Get("pause-and-resume").Scenario, roundTrip: true).Run();

        Assert.Contains("hook 1; workflow paused; errors 0", run.Log);
        Assert.Contains("hook 2; workflow resuming; errors 0", run.Log);
        Assert.Equal(["task1", "task2", "task3"], Sequence(run.Current));
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Deserialize_RoundTripBeforeEveryCall_GivesTheSameRunAndTheSameDocument(string name)
    {
        var (scenario, _, _) = Scenarios.Get(name);

        var plain = new ScriptedRun(scenario, roundTrip: false).Run();
        var persisted = new ScriptedRun(scenario, roundTrip: true).Run();

        Assert.Equal(plain.Log, persisted.Log);
        Assert.Equal(Document(plain.Current), Document(persisted.Current));
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Serialize_OfADeserializedConductor_IsTheSameDocument(string name)
    {
        var (scenario, _, _) = Scenarios.Get(name);
        var run = new ScriptedRun(scenario, roundTrip: false).Run();
        var document = Document(run.Current);

        var copy = WorkflowConductor.Deserialize(Dict(document));

        Assert.Equal(document, Document(copy));
        Assert.Equal(run.Current.WorkflowStatus, copy.WorkflowStatus);
        Assert.Equal(run.Current.GetWorkflowOutput(), copy.GetWorkflowOutput());
        Assert.Equal(run.Current.Errors, copy.Errors);
        Assert.Equal(Sequence(run.Current), Sequence(copy));
    }

    [Fact]
    public void Serialize_Document_HasTheDocumentedTopLevelShape()
    {
        var run = new ScriptedRun(Scenarios.Get("sequential").Scenario, roundTrip: false).Run();

        var document = run.Current.Serialize();

        Assert.Equal(["schema_version", "spec", "spec_digest", "input", "context", "state", "log", "errors", "output"], document.Keys);
        Assert.Equal(WorkflowConductor.SchemaVersion, document["schema_version"]);
        Assert.Equal(1L, WorkflowConductor.SchemaVersion);
        var state = (DictValue)document["state"]!;
        Assert.Equal(["status", "contexts", "routes", "chains", "sequence", "staged", "reruns"], state.Keys);
    }

    [Fact]
    public void Deserialize_MidRunAfterEachEvent_ContinuesExactlyAsTheOriginal()
    {
        // Fork the run after every single event: the copy, driven the same way from there,
        // ends with the same document as the original.
        var yaml = Scenarios.Get("branching-join").Scenario.Yaml;
        var events = new List<(string Task, string Status, object? Result)>
        {
            ("init", Statuses.Running, null), ("init", Statuses.Succeeded, null),
            ("left", Statuses.Running, null), ("right", Statuses.Running, null),
            ("right", Statuses.Succeeded, "R"), ("left", Statuses.Succeeded, "L"),
            ("join", Statuses.Running, null), ("join", Statuses.Succeeded, null),
        };

        string Finish(WorkflowConductor conductor, int from)
        {
            for (var i = from; i < events.Count; i++)
            {
                var (task, status, result) = events[i];
                conductor.UpdateTaskState(task, 0, new ActionExecutionEvent(status, result));
            }

            conductor.RenderWorkflowOutput();
            return Document(conductor);
        }

        var expected = Finish(Start(yaml), 0);
        for (var cut = 0; cut <= events.Count; cut++)
        {
            var original = Start(yaml);
            for (var i = 0; i < cut; i++) original.UpdateTaskState(events[i].Task, 0, new ActionExecutionEvent(events[i].Status, events[i].Result));

            Assert.Equal(expected, Finish(RoundTrip(original), cut));
        }

        Assert.Contains("\"l\":\"L\"", expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_InMemoryDocumentWithValuesOnlyExpressionsMake_IsReadAsWritten()
    {
        // Expressions can publish values JSON has no exact form for (a date, a non-string key);
        // the document as a value keeps them, and reading it back keeps them too.
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - when: <% now() %>
                      - byNumber: <% dict(1 => 'one') %>
                    do: task2
              task2:
                action: core.noop
            """);
        Succeed(conductor, "task1");

        var document = conductor.Serialize();
        var copy = WorkflowConductor.Deserialize(document);

        var context = Assert.Single(copy.GetNextTasks()).Context;
        Assert.IsType<DateTimeOffset>(context["when"]);
        Assert.Equal("one", ((DictValue)context["byNumber"]!)[1L]);
        Assert.Equal(Document(conductor), Document(copy));
        // Through JSON text they become what JSON has: a string, a string key.
        var fromJson = Assert.Single(RoundTrip(conductor).GetNextTasks()).Context;
        Assert.IsType<string>(fromJson["when"]);
        Assert.Equal("one", ((DictValue)fromJson["byNumber"]!)["1"]);
    }
}
