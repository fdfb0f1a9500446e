using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.BadInput;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>
/// Events and requests that do not apply get a clear Orquesta error, raised before the state
/// changes: the conductor stays usable and serializable afterwards, and nothing crashes with a
/// raw .NET exception.
/// </summary>
public class BadEventTests
{
    [Fact]
    public void UpdateTaskState_TaskNotStagedAndNeverRan_ThrowsInvalidTaskStateEntry()
    {
        var conductor = Start(Sequential);

        var e = AssertRefusedWithoutChange<InvalidTaskStateEntry>(conductor, () => Forward(conductor, "task2", Statuses.Running));

        Assert.Equal("Task \"task2\" is not staged or has not started yet.", e.Message);
        Assert.Equal("InvalidTaskStateEntry", e.ErrorType);
        FinishSequential(conductor, 1L);
    }

    [Fact]
    public void UpdateTaskState_RouteThatDoesNotExist_ThrowsInvalidTaskStateEntry()
    {
        var conductor = Start(Sequential);

        AssertRefusedWithoutChange<InvalidTaskStateEntry>(conductor, () => conductor.UpdateTaskState("task1", 7, new ActionExecutionEvent(Statuses.Running)));

        FinishSequential(conductor, 1L);
    }

    [Theory]
    [InlineData("task9", "Task \"task9\" does not exist.")]
    [InlineData("", "Task \"\" does not exist.")]
    [InlineData(null, "Task \"None\" does not exist.")]
    public void UpdateTaskState_TaskNotInTheWorkflow_ThrowsInvalidTask(string? taskId, string message)
    {
        var conductor = Start(Sequential);

        var e = AssertRefusedWithoutChange<InvalidTask>(conductor, () => conductor.UpdateTaskState(taskId!, 0, new ActionExecutionEvent(Statuses.Running)));

        Assert.Equal(message, e.Message);
        FinishSequential(conductor, 1L);
    }

    [Fact]
    public void UpdateTaskState_CompletedTaskStartsAgainWithoutBeingStaged_ThrowsInvalidTaskStateEntry()
    {
        var conductor = Start(Sequential);
        Succeed(conductor, "task1", 1L);

        AssertRefusedWithoutChange<InvalidTaskStateEntry>(conductor, () => Forward(conductor, "task1", Statuses.Running));

        Succeed(conductor, "task2");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Fact]
    public void UpdateTaskState_FailedTaskStartsAgainAfterTheWorkflowFailed_ThrowsInvalidTaskStateEntry()
    {
        var conductor = Start(Sequential);
        Fail(conductor, "task1");

        AssertRefusedWithoutChange<InvalidTaskStateEntry>(conductor, () => Forward(conductor, "task1", Statuses.Running));

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
    }

    [Fact]
    public void UpdateTaskState_EngineCommandThatIsNotStaged_ThrowsInvalidTaskStateEntry()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% failed() %>
                    do: fail
            """);
        Fail(conductor, "task1");

        AssertRefusedWithoutChange<InvalidTaskStateEntry>(conductor, () => conductor.UpdateTaskState("fail", 0, EngineOperationEvent.TaskFail));
    }

    [Fact]
    public void ActionExecutionEvent_InvalidStatusWord_ThrowsInvalidStatus()
    {
        var e = Assert.Throws<InvalidStatus>(() => new ActionExecutionEvent("foobar"));

        Assert.Equal("Status \"foobar\" is not valid.", e.Message);
        Assert.Throws<InvalidStatus>(() => new TaskItemActionExecutionEvent(0, "Succeeded"));
    }

    [Fact]
    public void RequestWorkflowStatus_InvalidStatusWord_ThrowsInvalidStatusAndChangesNothing()
    {
        var conductor = Start(Sequential);

        var e = AssertRefusedWithoutChange<InvalidStatus>(conductor, () => conductor.RequestWorkflowStatus("foobar"));

        Assert.Equal("foobar", e.Status);
        FinishSequential(conductor, 1L);
    }

    [Fact]
    public void UpdateTaskState_WorkflowOrTaskEvent_ThrowsInvalidEventTypeBeforeAnyChange()
    {
        var conductor = Start(Sequential);

        var workflowEvent = AssertRefusedWithoutChange<InvalidEventType>(conductor, () => conductor.UpdateTaskState("task1", 0, new WorkflowExecutionEvent(Statuses.Running)));
        var taskEvent = AssertRefusedWithoutChange<InvalidEventType>(conductor, () => conductor.UpdateTaskState("task1", 0, new TaskExecutionEvent("task1", 0, Statuses.Running)));

        Assert.Equal("Event type \"<class 'orquesta.events.WorkflowExecutionEvent'>\" with event \"workflow_running\" is not valid.", workflowEvent.Message);
        Assert.Equal("Event type \"<class 'orquesta.events.TaskExecutionEvent'>\" with event \"task_running\" is not valid.", taskEvent.Message);
        FinishSequential(conductor, 1L);
    }

    [Fact]
    public void UpdateTaskState_NullEvent_ThrowsArgumentNullException()
    {
        var conductor = Start(Sequential);

        Assert.Throws<ArgumentNullException>(() => conductor.UpdateTaskState("task1", 0, null!));
    }

    [Fact]
    public void UpdateTaskState_ItemEventForATaskWithoutItems_ThrowsInvalidExecutionEvent()
    {
        var conductor = Start(Sequential);

        var e = AssertRefusedWithoutChange<InvalidExecutionEvent>(conductor, () => conductor.UpdateTaskState("task1", 0, new TaskItemActionExecutionEvent(0, Statuses.Running)));

        Assert.Equal("Task \"task1\" has no items; the event for item 0 does not apply to it.", e.Message);
        FinishSequential(conductor, 1L);
    }

    [Fact]
    public void UpdateTaskState_ItemEventBeforeTheItemsAreKnown_ThrowsInvalidExecutionEvent()
    {
        var conductor = Start(Items);

        var e = AssertRefusedWithoutChange<InvalidExecutionEvent>(conductor, () => conductor.UpdateTaskState("task1", 0, new TaskItemActionExecutionEvent(0, Statuses.Running)));

        Assert.Contains("Items are known once the task is returned by GetNextTasks", e.Message, StringComparison.Ordinal);
        Assert.Single(conductor.GetNextTasks());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void UpdateTaskState_ItemThatTheTaskDoesNotHave_ThrowsInvalidExecutionEvent(int itemId)
    {
        var conductor = Start(Items);
        Assert.Single(conductor.GetNextTasks());

        var e = AssertRefusedWithoutChange<InvalidExecutionEvent>(conductor, () => conductor.UpdateTaskState("task1", 0, new TaskItemActionExecutionEvent(itemId, Statuses.Succeeded)));

        Assert.Equal($"Item {itemId} is not one of the 2 items of task \"task1\" (route 0).", e.Message);
        for (var i = 0; i < 2; i++) ForwardItem(conductor, "task1", i, (long)i, ListValue.Of(0L, 1L), Statuses.Running, Statuses.Succeeded);
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Fact]
    public void UpdateTaskState_ItemEventAfterTheTaskCompleted_ThrowsInvalidExecutionEvent()
    {
        var conductor = Start(Items);
        Assert.Single(conductor.GetNextTasks());
        for (var i = 0; i < 2; i++) ForwardItem(conductor, "task1", i, (long)i, ListValue.Of(0L, 1L), Statuses.Running, Statuses.Succeeded);

        AssertRefusedWithoutChange<InvalidExecutionEvent>(conductor, () => conductor.UpdateTaskState("task1", 0, new TaskItemActionExecutionEvent(0, Statuses.Succeeded)));

        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Theory]
    [InlineData(Statuses.Succeeded)]
    [InlineData(Statuses.Failed)]
    [InlineData(Statuses.Canceled)]
    [InlineData(Statuses.Paused)]
    public void UpdateTaskState_CompletionBeforeTheTaskStarted_ThrowsInvalidTaskStatusTransition(string status)
    {
        var conductor = Start(Sequential);

        var e = AssertRefusedWithoutChange<InvalidTaskStatusTransition>(conductor, () => Forward(conductor, "task1", 0, "r", status));

        Assert.Equal($"Unable to process event \"action_{status}\" for task in \"null\" status.", e.Message);
        FinishSequential(conductor, 1L);
    }

    [Fact]
    public void UpdateTaskState_ItemCompletionBeforeTheTaskStarted_ThrowsInvalidTaskStatusTransition()
    {
        var conductor = Start(Items);
        Assert.Single(conductor.GetNextTasks());

        var e = AssertRefusedWithoutChange<InvalidTaskStatusTransition>(conductor, () => conductor.UpdateTaskState("task1", 0, new TaskItemActionExecutionEvent(0, Statuses.Succeeded, 1L, ListValue.Of(1L, null))));

        Assert.Equal("Unable to process event \"action_succeeded_task_dormant_items_incomplete\" for task in \"null\" status.", e.Message);
        for (var i = 0; i < 2; i++) ForwardItem(conductor, "task1", i, (long)i, ListValue.Of(0L, 1L), Statuses.Running, Statuses.Succeeded);
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Fact]
    public void UpdateTaskState_RetryCommandForATaskThatHasNotStarted_ThrowsInvalidTaskStatusTransition()
    {
        var conductor = Start(Sequential);

        AssertRefusedWithoutChange<InvalidTaskStatusTransition>(conductor, () => conductor.UpdateTaskState("task1", 0, EngineOperationEvent.TaskRetry));

        FinishSequential(conductor, 1L);
    }

    [Theory]
    [InlineData(Statuses.Running)]
    [InlineData(Statuses.Succeeded)]
    [InlineData(Statuses.Failed)]
    public void UpdateTaskState_RetryCommandForATaskWithoutRetry_ThrowsInvalidExecutionEvent(string status)
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);
        if (status != Statuses.Running) Forward(conductor, "task1", status);

        var e = AssertRefusedWithoutChange<InvalidExecutionEvent>(conductor, () => conductor.UpdateTaskState("task1", 0, EngineOperationEvent.TaskRetry));

        Assert.Equal("Task \"task1\" (route 0) has no retry; the retry command does not apply to it.", e.Message);
    }

    [Theory]
    [InlineData(Statuses.Expired, Statuses.Failed)]
    [InlineData(Statuses.Abandoned, Statuses.Succeeded)]
    [InlineData(Statuses.Expired, Statuses.Canceled)]
    public void UpdateTaskState_TaskInAStatusThatTakesNoEvent_ThrowsInvalidTaskStatusTransitionBeforeLoggingIt(string ended, string status)
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% completed() %>
                    do: task2
              task2:
                action: core.noop
            """);
        Forward(conductor, "task1", Statuses.Scheduled, ended);

        var e = AssertRefusedWithoutChange<InvalidTaskStatusTransition>(conductor, () => Forward(conductor, "task1", 0, "late", status));

        Assert.Equal($"Unable to process event \"action_{status}\" for task in \"{ended}\" status.", e.Message);
        Assert.Empty(conductor.Errors);
        Succeed(conductor, "task2");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Theory]
    [InlineData(Statuses.Retrying, false)]
    [InlineData(Statuses.Unset, false)]
    [InlineData(Statuses.Retrying, true)]
    [InlineData(Statuses.Unset, true)]
    public void UpdateTaskState_StatusNoActionReports_ThrowsInvalidEvent(string status, bool running)
    {
        var conductor = Start(Sequential);
        if (running) Forward(conductor, "task1", Statuses.Running);

        var e = AssertRefusedWithoutChange<InvalidEvent>(conductor, () => conductor.UpdateTaskState("task1", 0, new ActionExecutionEvent(status)));

        Assert.Equal($"Event \"action_{status}\" is not valid.", e.Message);
        FinishSequential(conductor, 1L);
    }

    [Theory]
    [InlineData(Statuses.Unset)]
    [InlineData(Statuses.Retrying)]
    public void RequestWorkflowStatus_StatusNoRequestHas_ThrowsInvalidEvent(string status)
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);

        var e = AssertRefusedWithoutChange<InvalidEvent>(conductor, () => conductor.RequestWorkflowStatus(status));

        Assert.Equal($"Event \"workflow_{status}\" is not valid.", e.Message);
        FinishSequential(conductor, 1L);
    }

    [Theory]
    [InlineData("continue", Statuses.Succeeded)]
    [InlineData("noop", Statuses.Succeeded)]
    [InlineData("fail", Statuses.Failed)]
    public void UpdateTaskState_EngineCommandEventForAStagedTask_CompletesTheTaskAsTheCommandSays(string command, string status)
    {
        // The task state machine takes engine commands for any task (the reference's does too).
        var conductor = Start(Sequential);
        EngineOperationEvent.TryGetCommand(command, out var engineEvent);

        conductor.UpdateTaskState("task1", 0, engineEvent!);

        Assert.Equal(status, TaskStatus(conductor, "task1"));
        Assert.Equal(Document(conductor), Document(RoundTrip(conductor)));
    }

    [Fact]
    public void RequestWorkflowRerun_NullRequest_ThrowsArgumentException()
    {
        var conductor = Start(Sequential);
        Fail(conductor, "task1");

        var e = Assert.Throws<ArgumentException>(() => conductor.RequestWorkflowRerun([null!]));

        Assert.Equal("taskRequests", e.ParamName);
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
    }
}
