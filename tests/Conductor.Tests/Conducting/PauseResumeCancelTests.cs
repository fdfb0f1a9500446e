using Orquesta.Azure.Conductor.Conducting;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

public class PauseResumeCancelTests
{
    private const string Branching = """
        version: 1.0
        tasks:
          task1:
            action: core.noop
            next:
              - when: <% succeeded() %>
                do: task3
          task2:
            action: core.noop
            next:
              - when: <% succeeded() %>
                do: task3
          task3:
            join: all
            action: core.noop
        """;

    private const string Sequential = """
        version: 1.0
        output:
          - x: 123
          - y: <% ctx().x %>
        tasks:
          task1:
            action: core.noop
            next:
              - when: <% succeeded() %>
                do: task2
          task2:
            action: core.noop
        """;

    [Fact]
    public void RequestWorkflowStatus_PausingWithActiveTasks_WaitsForThemThenPauses()
    {
        var conductor = Start(Branching);
        Forward(conductor, "task1", Statuses.Running);
        Forward(conductor, "task2", Statuses.Running);

        conductor.RequestWorkflowStatus(Statuses.Pausing);
        Assert.Equal(Statuses.Pausing, conductor.WorkflowStatus);

        Forward(conductor, "task1", Statuses.Succeeded);
        Assert.Equal(Statuses.Pausing, conductor.WorkflowStatus);

        Forward(conductor, "task2", Statuses.Succeeded);
        Assert.Equal(Statuses.Paused, conductor.WorkflowStatus);
        Assert.Empty(conductor.GetNextTasks());
    }

    [Fact]
    public void RequestWorkflowStatus_ResumingAfterPaused_ContinuesWithTheStagedTasks()
    {
        var conductor = Start(Branching);
        Forward(conductor, "task1", Statuses.Running);
        Forward(conductor, "task2", Statuses.Running);
        conductor.RequestWorkflowStatus(Statuses.Pausing);
        Forward(conductor, "task1", Statuses.Succeeded);
        Forward(conductor, "task2", Statuses.Succeeded);
        Assert.Equal(Statuses.Paused, conductor.WorkflowStatus);

        conductor.RequestWorkflowStatus(Statuses.Resuming);
        Assert.Equal(Statuses.Resuming, conductor.WorkflowStatus);
        Assert.Equal(["task3"], NextIds(conductor));

        Succeed(conductor, "task3");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(["task1", "task2", "task3"], Sequence(conductor));
    }

    [Fact]
    public void RequestWorkflowStatus_PausingWithoutActiveTasks_PausesAtOnce()
    {
        var conductor = Start(Sequential);
        Succeed(conductor, "task1");

        conductor.RequestWorkflowStatus(Statuses.Pausing);

        Assert.Equal(Statuses.Paused, conductor.WorkflowStatus);
        Assert.Empty(conductor.GetNextTasks());
    }

    [Fact]
    public void RequestWorkflowStatus_PausedWithActiveTasks_BecomesPausing()
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);

        conductor.RequestWorkflowStatus(Statuses.Paused);

        Assert.Equal(Statuses.Pausing, conductor.WorkflowStatus);
    }

    [Fact]
    public void RequestWorkflowStatus_PauseRequestsWhilePausing_AreAcceptedAndKeepPausing()
    {
        var conductor = Start(Branching);
        Forward(conductor, "task1", Statuses.Running);
        Forward(conductor, "task2", Statuses.Running);
        conductor.RequestWorkflowStatus(Statuses.Pausing);
        Forward(conductor, "task1", Statuses.Succeeded);

        conductor.RequestWorkflowStatus(Statuses.Pausing);
        Assert.Equal(Statuses.Pausing, conductor.WorkflowStatus);
        conductor.RequestWorkflowStatus(Statuses.Paused);
        Assert.Equal(Statuses.Pausing, conductor.WorkflowStatus);

        Forward(conductor, "task2", Statuses.Succeeded);
        Assert.Equal(Statuses.Paused, conductor.WorkflowStatus);
    }

    [Fact]
    public void UpdateTaskState_AllActiveTasksPaused_PausesWorkflowAndTaskRunningResumesIt()
    {
        var conductor = Start(Branching);
        Forward(conductor, "task1", Statuses.Running);
        Forward(conductor, "task2", Statuses.Running);

        Forward(conductor, "task1", Statuses.Paused);
        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
        Forward(conductor, "task2", Statuses.Paused);
        Assert.Equal(Statuses.Paused, conductor.WorkflowStatus);

        // A task that runs again brings the workflow back; when it completes and the other is
        // still paused, the workflow pauses again.
        Forward(conductor, "task1", Statuses.Running);
        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
        Forward(conductor, "task1", Statuses.Succeeded);
        Assert.Equal(Statuses.Paused, conductor.WorkflowStatus);

        Forward(conductor, "task2", Statuses.Running);
        Forward(conductor, "task2", Statuses.Succeeded);
        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
        Assert.Equal(["task3"], NextIds(conductor));
    }

    [Fact]
    public void RequestWorkflowStatus_PausingAndTransitionErrorOnCompletion_Fails()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% result().foobar %>
                    do: task2
              task2:
                action: core.noop
            """);
        Forward(conductor, "task1", Statuses.Running);
        conductor.RequestWorkflowStatus(Statuses.Pausing);

        Forward(conductor, "task1", Statuses.Succeeded);

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        var error = Assert.Single(conductor.Errors);
        Assert.Equal("task1", error["task_id"]);
        Assert.Equal("task2__t0", error["task_transition_id"]);
        Assert.StartsWith("YaqlEvaluationException: Unable to evaluate expression '<% result().foobar %>'.", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestWorkflowStatus_CancelingWithActiveTasks_DrainsThenCanceled()
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);

        conductor.RequestWorkflowStatus(Statuses.Canceling);
        Assert.Equal(Statuses.Canceling, conductor.WorkflowStatus);
        Assert.Empty(conductor.GetNextTasks());

        Forward(conductor, "task1", Statuses.Succeeded);

        Assert.Equal(Statuses.Canceled, conductor.WorkflowStatus);
        Assert.Empty(conductor.GetNextTasks());
        Assert.Equal(["task1"], Sequence(conductor));
    }

    [Fact]
    public void RequestWorkflowStatus_CancelingWithoutActiveTasks_CanceledAtOnce()
    {
        var conductor = Start(Sequential);
        Succeed(conductor, "task1");

        conductor.RequestWorkflowStatus(Statuses.Canceling);

        Assert.Equal(Statuses.Canceled, conductor.WorkflowStatus);
        Assert.Empty(conductor.GetNextTasks());
    }

    [Fact]
    public void RequestWorkflowStatus_CanceledWithActiveTasks_BecomesCanceling()
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);

        conductor.RequestWorkflowStatus(Statuses.Canceled);

        Assert.Equal(Statuses.Canceling, conductor.WorkflowStatus);
    }

    [Fact]
    public void RequestWorkflowStatus_CancelRequestsWhileCanceling_AreAcceptedAndKeepCanceling()
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);
        conductor.RequestWorkflowStatus(Statuses.Canceling);

        conductor.RequestWorkflowStatus(Statuses.Canceling);
        Assert.Equal(Statuses.Canceling, conductor.WorkflowStatus);
        conductor.RequestWorkflowStatus(Statuses.Canceled);
        Assert.Equal(Statuses.Canceling, conductor.WorkflowStatus);

        Forward(conductor, "task1", Statuses.Succeeded);
        Assert.Equal(Statuses.Canceled, conductor.WorkflowStatus);
    }

    [Fact]
    public void RenderWorkflowOutput_Canceled_RendersOutput()
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);
        conductor.RequestWorkflowStatus(Statuses.Canceling);
        Forward(conductor, "task1", Statuses.Succeeded);

        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Canceled, conductor.WorkflowStatus);
        Assert.Empty(conductor.Errors);
        Assert.Equal(Dict("""{"x": 123, "y": 123}"""), conductor.GetWorkflowOutput());
    }

    [Fact]
    public void RenderWorkflowOutput_CanceledWithOutputError_LogsErrorAndStaysCanceled()
    {
        var conductor = Start("""
            version: 1.0
            output:
              - x: 123
              - z: <% ctx().x.value %>
            tasks:
              task1:
                action: core.noop
            """);
        Forward(conductor, "task1", Statuses.Running);
        conductor.RequestWorkflowStatus(Statuses.Canceling);
        Forward(conductor, "task1", Statuses.Succeeded);

        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Canceled, conductor.WorkflowStatus);
        Assert.Equal(Dict("""{"x": 123}"""), conductor.GetWorkflowOutput());
        var error = Assert.Single(conductor.Errors);
        Assert.StartsWith("YaqlEvaluationException: Unable to evaluate expression '<% ctx().x.value %>'.", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Statuses.Resuming)]
    [InlineData(Statuses.Requested)]
    [InlineData(Statuses.Scheduled)]
    public void RequestWorkflowStatus_NotApplicableWhileRunning_ThrowsInvalidWorkflowStatusTransition(string status)
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);

        var e = Assert.Throws<InvalidWorkflowStatusTransition>(() => conductor.RequestWorkflowStatus(status));

        Assert.Equal($"Unable to process event \"workflow_{status}\" for workflow in \"running\" status.", e.Message);
        Assert.Equal("InvalidWorkflowStatusTransition", e.ErrorType);
        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
        // The conductor is still usable.
        Forward(conductor, "task1", Statuses.Succeeded);
        Succeed(conductor, "task2");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Theory]
    [InlineData(Statuses.Pausing)]
    [InlineData(Statuses.Canceling)]
    [InlineData(Statuses.Resuming)]
    [InlineData(Statuses.Running)]
    public void RequestWorkflowStatus_AfterSucceeded_ThrowsInvalidWorkflowStatusTransition(string status)
    {
        var conductor = Start(Sequential);
        Succeed(conductor, "task1");
        Succeed(conductor, "task2");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);

        var e = Assert.Throws<InvalidWorkflowStatusTransition>(() => conductor.RequestWorkflowStatus(status));

        Assert.Equal(Statuses.Succeeded, e.Status);
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Theory]
    [InlineData(Statuses.Running)]
    [InlineData(Statuses.Resuming)]
    [InlineData(Statuses.Pausing)]
    public void RequestWorkflowStatus_AfterCanceled_ThrowsInvalidWorkflowStatusTransition(string status)
    {
        var conductor = Start(Sequential);
        conductor.RequestWorkflowStatus(Statuses.Canceled);
        Assert.Equal(Statuses.Canceled, conductor.WorkflowStatus);

        Assert.Throws<InvalidWorkflowStatusTransition>(() => conductor.RequestWorkflowStatus(status));
        Assert.Equal(Statuses.Canceled, conductor.WorkflowStatus);
    }

    [Fact]
    public void RequestWorkflowStatus_ResumingWhilePausing_ResumesWithoutWaiting()
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);
        conductor.RequestWorkflowStatus(Statuses.Pausing);

        conductor.RequestWorkflowStatus(Statuses.Resuming);
        Assert.Equal(Statuses.Resuming, conductor.WorkflowStatus);

        Forward(conductor, "task1", Statuses.Succeeded);
        Assert.Equal(["task2"], NextIds(conductor));
        Succeed(conductor, "task2");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Fact]
    public void RequestWorkflowStatus_SameStatusAgain_IsAccepted()
    {
        var conductor = Start(Sequential);

        conductor.RequestWorkflowStatus(Statuses.Running);

        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
    }

    [Fact]
    public void RequestWorkflowStatus_Canceling_LeavesRunningTasksToTheirActionsUntilTheyCancel()
    {
        var conductor = Start(Branching);
        Forward(conductor, "task1", Statuses.Running);
        Forward(conductor, "task2", Statuses.Running);

        conductor.RequestWorkflowStatus(Statuses.Canceling);

        // The host cancels the actions; their events move the tasks.
        Assert.Equal(Statuses.Running, TaskStatus(conductor, "task1"));
        Assert.Equal(Statuses.Running, TaskStatus(conductor, "task2"));
        Forward(conductor, "task1", Statuses.Canceling);
        Assert.Equal(Statuses.Canceling, TaskStatus(conductor, "task1"));
        Forward(conductor, "task1", Statuses.Canceled);
        Assert.Equal(Statuses.Canceling, conductor.WorkflowStatus);
        Forward(conductor, "task2", Statuses.Canceled);
        Assert.Equal(Statuses.Canceled, conductor.WorkflowStatus);
        Assert.Empty(conductor.GetNextTasks());
    }
}
