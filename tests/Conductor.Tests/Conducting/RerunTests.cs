using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

public class RerunTests
{
    private const string ThreeTasks = """
        version: 1.0
        tasks:
          task1:
            action: core.echo message="hi"
            next:
              - when: <% succeeded() %>
                publish: foobar="foobar"
                do: task2
          task2:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish: foobar="fubar"
                do: task3
          task3:
            action: core.noop
        output:
          - foobar: <% ctx().foobar %>
        """;

    private const string Items = """
        version: 1.0
        vars:
          - items: []
          - xs: [fee, fi, fo, fum]
        tasks:
          task1:
            with: <% ctx(xs) %>
            action: core.echo message=<% item() %>
            next:
              - when: <% succeeded() %>
                publish:
                  - items: <% result() %>
                do: task2
          task2:
            action: core.noop
        output:
          - items: <% ctx(items) %>
        """;

    private static WorkflowConductor FailedAtTask2()
    {
        var conductor = Start(ThreeTasks);
        Succeed(conductor, "task1");
        Fail(conductor, "task2", "boom");
        conductor.RenderWorkflowOutput();
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        return conductor;
    }

    [Fact]
    public void RequestWorkflowRerun_WithoutRequests_RerunsTheFailedTerminalTask()
    {
        var conductor = FailedAtTask2();
        Assert.Equal(Dict("""{"foobar": "foobar"}"""), conductor.GetWorkflowOutput());
        Assert.Contains(conductor.Errors, e => Equals(e.GetValueOrDefault("task_id"), "task2"));

        conductor.RequestWorkflowRerun();

        Assert.Equal(Statuses.Resuming, conductor.WorkflowStatus);
        Assert.Null(conductor.GetWorkflowOutput());
        Assert.DoesNotContain(conductor.Errors, e => Equals(e.GetValueOrDefault("task_id"), "task2"));
        var next = Assert.Single(conductor.GetNextTasks());
        Assert.Equal("task2", next.Id);
        Assert.Equal("foobar", next.Context["foobar"]);
        var staged = conductor.WorkflowState.GetStagedTask("task2", 0)!;
        Assert.True(staged.Ready);
        Assert.Equal([0, 1], staged.InContexts.ToArray());
        Assert.Equal(0, staged.Prev["task1__t0"]);
        Assert.Equal([[1]], conductor.WorkflowState.Reruns);
        Assert.Equal(["task1", "task2", "task2"], Sequence(conductor));
        Assert.Empty(conductor.WorkflowState.GetTask("task2", 0)!.Next);
    }

    [Fact]
    public void RequestWorkflowRerun_FailedTaskSucceedsOnRerun_WorkflowCompletes()
    {
        var conductor = FailedAtTask2();
        conductor.RequestWorkflowRerun();

        Succeed(conductor, "task2");
        Assert.Equal(["task3"], NextIds(conductor));
        Succeed(conductor, "task3");
        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(Dict("""{"foobar": "fubar"}"""), conductor.GetWorkflowOutput());
        Assert.Empty(conductor.Errors);
        Assert.Equal(["task1", "task2", "task2", "task3"], Sequence(conductor));
        Assert.Equal(["task3"], TermTasks(conductor));
    }

    [Fact]
    public void RequestWorkflowRerun_FailsAgain_WorkflowFailsAgainWithTheNewError()
    {
        var conductor = FailedAtTask2();
        conductor.RequestWorkflowRerun();

        Fail(conductor, "task2", "boom again");
        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        var error = Assert.Single(conductor.Errors);
        Assert.Equal("boom again", error["result"]);
        Assert.Equal(Dict("""{"foobar": "foobar"}"""), conductor.GetWorkflowOutput());
    }

    [Fact]
    public void RequestWorkflowRerun_NamedSucceededTask_RerunsFromThatTask()
    {
        var conductor = FailedAtTask2();

        conductor.RequestWorkflowRerun([new TaskRerunRequest("task1")]);

        Assert.Equal(Statuses.Resuming, conductor.WorkflowStatus);
        Assert.Equal(["task1"], NextIds(conductor));
        Succeed(conductor, "task1");
        Assert.Equal(["task2"], NextIds(conductor));
        Succeed(conductor, "task2");
        Succeed(conductor, "task3");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(["task1", "task2", "task1", "task2", "task3"], Sequence(conductor));
    }

    [Fact]
    public void RequestWorkflowRerun_TaskTwoStepsAfterTheRerunTask_StaysTerminal()
    {
        // The reference clears the terminal mark of the rerun task and of the entries it led to,
        // one step deep (its get_task_sequence never goes further): task3's first entry stays
        // terminal beside the one the rerun adds.
        var conductor = Start(ThreeTasks);
        Succeed(conductor, "task1");
        Succeed(conductor, "task2");
        Succeed(conductor, "task3");

        conductor.RequestWorkflowRerun([new TaskRerunRequest("task1")]);

        Assert.Equal([2], conductor.WorkflowState.GetTerminalTasks().Select(e => e.SequenceIndex).ToArray());
        Assert.Equal([3, 1], conductor.WorkflowState.GetTaskSequence("task1", 0).Select(e => e.SequenceIndex).ToArray());
        Succeed(conductor, "task1");
        Succeed(conductor, "task2");
        Succeed(conductor, "task3");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal([2, 5], conductor.WorkflowState.GetTerminalTasks().Select(e => e.SequenceIndex).ToArray());
    }

    [Fact]
    public void RequestWorkflowRerun_SucceededWorkflowNamedTask_RunsAgain()
    {
        var conductor = Start(ThreeTasks);
        Succeed(conductor, "task1");
        Succeed(conductor, "task2");
        Succeed(conductor, "task3");
        conductor.RenderWorkflowOutput();
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);

        conductor.RequestWorkflowRerun([new TaskRerunRequest("task3")]);

        Assert.Equal(Statuses.Resuming, conductor.WorkflowStatus);
        Assert.Null(conductor.GetWorkflowOutput());
        Assert.Equal(["task3"], NextIds(conductor));
        Succeed(conductor, "task3");
        conductor.RenderWorkflowOutput();
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(Dict("""{"foobar": "fubar"}"""), conductor.GetWorkflowOutput());
    }

    [Fact]
    public void RequestWorkflowRerun_WorkflowStillRunning_ThrowsWorkflowIsActiveAndNotRerunableError()
    {
        var conductor = Start(ThreeTasks);
        Succeed(conductor, "task1");

        var e = Assert.Throws<WorkflowIsActiveAndNotRerunableError>(() => conductor.RequestWorkflowRerun());

        Assert.Equal("Unable to rerun workflow because it is not in a completed state.", e.Message);
        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
        Assert.Equal(["task2"], NextIds(conductor));
    }

    [Fact]
    public void RequestWorkflowRerun_PausedWorkflow_ThrowsWorkflowIsActiveAndNotRerunableError()
    {
        var conductor = Start(ThreeTasks);
        Succeed(conductor, "task1");
        conductor.RequestWorkflowStatus(Statuses.Pausing);
        Assert.Equal(Statuses.Paused, conductor.WorkflowStatus);

        Assert.Throws<WorkflowIsActiveAndNotRerunableError>(() => conductor.RequestWorkflowRerun());
    }

    [Theory]
    [InlineData("task3", 0, "task3|0")]
    [InlineData("task4", 0, "task4|0")]
    [InlineData("task2", 1, "task2|1")]
    public void RequestWorkflowRerun_TaskThatNeverRan_ThrowsInvalidTaskRerunRequest(string taskId, int route, string named)
    {
        var conductor = FailedAtTask2();
        var before = Document(conductor);

        var e = Assert.Throws<InvalidTaskRerunRequest>(() => conductor.RequestWorkflowRerun([new TaskRerunRequest(taskId, route)]));

        Assert.Equal("Unable to rerun task|route(s) because it doesn't exist or isn't rerunnable: " + named, e.Message);
        Assert.Equal(taskId, Assert.Single(e.Tasks).TaskId);
        Assert.Equal(before, Document(conductor));
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
    }

    [Fact]
    public void RequestWorkflowRerun_DuplicateRequests_RerunTheTaskOnce()
    {
        var conductor = FailedAtTask2();

        conductor.RequestWorkflowRerun([new TaskRerunRequest("task2"), new TaskRerunRequest("task2")]);

        Assert.Equal(["task2"], NextIds(conductor));
        Assert.Equal(["task1", "task2", "task2"], Sequence(conductor));
    }

    private static WorkflowConductor ItemsFailedOnLastItem()
    {
        var conductor = Start(Items);
        var next = Assert.Single(conductor.GetNextTasks());
        Assert.Equal(4, next.Actions.Count);
        string[] xs = ["fee", "fi", "fo", "fum"];
        for (var i = 0; i < 4; i++)
        {
            var status = i < 3 ? Statuses.Succeeded : Statuses.Failed;
            ForwardItem(conductor, "task1", i, xs[i], ListValue.From(xs.Take(i + 1)), Statuses.Running, status);
        }

        conductor.RenderWorkflowOutput();
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Equal(Statuses.Failed, TaskStatus(conductor, "task1"));
        Assert.Equal(Dict("""{"items": []}"""), conductor.GetWorkflowOutput());
        return conductor;
    }

    [Fact]
    public void RequestWorkflowRerun_WithItemsWithoutReset_RerunsOnlyTheFailedItems()
    {
        var conductor = ItemsFailedOnLastItem();

        conductor.RequestWorkflowRerun();

        var next = Assert.Single(conductor.GetNextTasks());
        Assert.Equal("task1", next.Id);
        var action = Assert.Single(next.Actions);
        Assert.Equal(3, action.ItemId);
        Assert.Equal(Dict("""{"message": "fum"}"""), action.Input);
        ForwardItem(conductor, "task1", 3, "fum", Json("""["fee", "fi", "fo", "fum"]"""), Statuses.Running, Statuses.Succeeded);
        Assert.Equal(["task2"], NextIds(conductor));
        Succeed(conductor, "task2");
        conductor.RenderWorkflowOutput();
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Empty(conductor.Errors);
        Assert.Equal(Dict("""{"items": ["fee", "fi", "fo", "fum"]}"""), conductor.GetWorkflowOutput());
    }

    [Fact]
    public void RequestWorkflowRerun_WithItemsAndResetItems_RerunsEveryItem()
    {
        var conductor = ItemsFailedOnLastItem();

        conductor.RequestWorkflowRerun([new TaskRerunRequest("task1", 0, ResetItems: true)]);

        var next = Assert.Single(conductor.GetNextTasks());
        Assert.Equal([0, 1, 2, 3], next.Actions.Select(a => a.ItemId!.Value));
        string[] xs = ["fee", "fi", "fo", "fum"];
        for (var i = 0; i < 4; i++) ForwardItem(conductor, "task1", i, xs[i], ListValue.From(xs.Take(i + 1)), Statuses.Running, Statuses.Succeeded);
        Succeed(conductor, "task2");
        conductor.RenderWorkflowOutput();
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(Dict("""{"items": ["fee", "fi", "fo", "fum"]}"""), conductor.GetWorkflowOutput());
    }

    [Fact]
    public void RequestWorkflowRerun_RemediatedFailureAndAnotherFailure_RerunsOnlyTheUnremediatedTask()
    {
        var conductor = Start("""
            version: 1.0
            vars:
              - foobar: null
              - fubar: null
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% failed() %>
                    publish: foobar="fubar"
                    do: task3
                  - when: <% succeeded() %>
                    publish: foobar="foobar"
              task2:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish: fubar="fubar"
              task3:
                action: core.noop
            output:
              - foobar: <% ctx().foobar %>
              - fubar: <% ctx().fubar %>
            """);
        Assert.Equal(["task1", "task2"], NextIds(conductor));
        Fail(conductor, "task1");
        Assert.Equal(["task2", "task3"], NextIds(conductor));
        Succeed(conductor, "task3");
        Fail(conductor, "task2");
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);

        conductor.RequestWorkflowRerun();

        Assert.Equal(["task2"], NextIds(conductor));
        Succeed(conductor, "task2");
        Assert.Empty(conductor.GetNextTasks());
        conductor.RenderWorkflowOutput();
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(Statuses.Failed, TaskStatus(conductor, "task1"));
        Assert.Contains(conductor.Errors, e => Equals(e.GetValueOrDefault("task_id"), "task1"));
        Assert.DoesNotContain(conductor.Errors, e => Equals(e.GetValueOrDefault("task_id"), "task2"));
        Assert.Equal(Dict("""{"foobar": "fubar", "fubar": "fubar"}"""), conductor.GetWorkflowOutput());
    }
}
