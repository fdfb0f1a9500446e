using Orquesta.Azure.Conductor.Machines;

namespace Orquesta.Azure.Conductor.Tests.Machines;

/// <summary>The task state machine's event names and errors; expectations printed by the reference.</summary>
public class TaskStateMachineTests
{
    [Theory]
    [InlineData("succeeded", new[] { "succeeded", "running", "paused" }, 0, "action_succeeded_task_active_items_incomplete")]
    [InlineData("succeeded", new[] { "succeeded", "canceled", "paused" }, 0, "action_succeeded_task_dormant_items_paused")]
    [InlineData("succeeded", new[] { "succeeded", "canceled", "failed" }, 0, "action_succeeded_task_dormant_items_canceled")]
    [InlineData("succeeded", new[] { "succeeded", "timeout", "null" }, 0, "action_succeeded_task_dormant_items_failed")]
    [InlineData("succeeded", new[] { "succeeded", "abandoned" }, 0, "action_succeeded_task_dormant_items_failed")]
    [InlineData("succeeded", new[] { "succeeded", "pending" }, 0, "action_succeeded_task_dormant_items_paused")]
    [InlineData("succeeded", new[] { "succeeded", "null", "succeeded" }, 0, "action_succeeded_task_dormant_items_incomplete")]
    [InlineData("succeeded", new[] { "succeeded", "succeeded" }, 0, "action_succeeded_task_dormant_items_completed")]
    [InlineData("failed", new[] { "failed" }, 0, "action_failed_task_dormant_items_completed")]
    [InlineData("running", new[] { "running", "paused" }, 0, "action_running")]
    [InlineData("pending", new[] { "pending", "pausing" }, 0, "action_pending_task_active_items_incomplete")]
    [InlineData("succeeded", new[] { "running", "succeeded" }, 1, "action_succeeded_task_active_items_incomplete")]
    [InlineData("canceled", new[] { "canceling", "canceled" }, 1, "action_canceled_task_active_items_incomplete")]
    [InlineData("timeout", new[] { "timeout", "retrying" }, 0, "action_timeout_task_dormant_items_incomplete")]
    [InlineData("resuming", new[] { "resuming", "succeeded" }, 0, "action_resuming_task_dormant_items_completed")]
    [InlineData("requested", new[] { "requested", "succeeded" }, 0, "action_requested")]
    public void AddContextToTaskItemEvent_OtherItems_GiveTheReferencesSuffix(string status, string[] items, int itemId, string expected)
    {
        var state = new FakeWorkflowState().WithItems(items);

        var name = TaskStateMachine.AddContextToTaskItemEvent(state, "task1", 0, new TaskItemActionExecutionEvent(itemId, status));

        Assert.Equal(expected, name);
    }

    [Fact]
    public void AddContextToTaskItemEvent_ItemStatusesWithoutStatus_CountAsUnset()
    {
        var state = new FakeWorkflowState().WithItems("succeeded", null);

        Assert.Equal(
            "action_succeeded_task_dormant_items_incomplete",
            TaskStateMachine.AddContextToTaskItemEvent(state, "task1", 0, new TaskItemActionExecutionEvent(0, "succeeded")));
    }

    [Fact]
    public void AddContextToTaskItemEvent_TaskNotStaged_RaisesInvalidTaskStateEntry()
    {
        var e = Assert.Throws<InvalidTaskStateEntry>(() =>
            TaskStateMachine.AddContextToTaskItemEvent(new FakeWorkflowState(), "task9", 0, new TaskItemActionExecutionEvent(0, "succeeded")));

        Assert.Equal("Task \"task9\" is not staged or has not started yet.", e.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void AddContextToTaskItemEvent_ItemOutOfRange_RaisesArgumentOutOfRange(int itemId)
    {
        var state = new FakeWorkflowState().WithItems("succeeded", "running");

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            TaskStateMachine.AddContextToTaskItemEvent(state, "task1", 0, new TaskItemActionExecutionEvent(itemId, "succeeded")));
    }

    [Theory]
    [InlineData("pausing", new string[0], "workflow_pausing_task_dormant_items_completed")]
    [InlineData("canceled", new[] { "paused", "succeeded" }, "workflow_canceled_task_dormant_items_incomplete")]
    [InlineData("canceled", new[] { "pausing" }, "workflow_canceled_task_active_items_incomplete")]
    [InlineData("paused", new[] { "succeeded", "failed" }, "workflow_paused_task_dormant_items_completed")]
    [InlineData("running", new[] { "pausing" }, "workflow_running")]
    public void AddContextToWorkflowEvent_StagedItems_GiveTheReferencesSuffix(string status, string[] items, string expected)
    {
        var state = new FakeWorkflowState().WithItems(items);

        Assert.Equal(expected, TaskStateMachine.AddContextToWorkflowEvent(state, "task1", 0, new WorkflowExecutionEvent(status)));
    }

    [Fact]
    public void AddContextToWorkflowEvent_NoStagedItems_KeepsTheName()
    {
        Assert.Equal("workflow_canceling", TaskStateMachine.AddContextToWorkflowEvent(new FakeWorkflowState(), "task1", 0, new WorkflowExecutionEvent("canceling")));
    }

    [Fact]
    public void ProcessEvent_WorkflowPauseOnItemsWithNoItemLeft_LeavesTheTask()
    {
        // workflow_pausing_task_dormant_items_completed has no row: the task keeps its status.
        var state = new FakeWorkflowState().WithItems();
        var task = new FakeTask("running");

        TaskStateMachine.ProcessEvent(state, task, new WorkflowExecutionEvent("pausing"));

        Assert.Equal("running", task.Status);
    }

    [Fact]
    public void ProcessEvent_LastItemSucceeds_TaskSucceeds()
    {
        var state = new FakeWorkflowState().WithItems("succeeded", "succeeded", "succeeded");
        var task = new FakeTask("running");

        TaskStateMachine.ProcessEvent(state, task, new TaskItemActionExecutionEvent(2, "succeeded"));

        Assert.Equal("succeeded", task.Status);
    }

    [Fact]
    public void ProcessEvent_ItemSucceedsWhileOthersRun_TaskKeepsRunning()
    {
        var state = new FakeWorkflowState().WithItems("succeeded", "running");
        var task = new FakeTask("running");

        TaskStateMachine.ProcessEvent(state, task, new TaskItemActionExecutionEvent(0, "succeeded"));

        Assert.Equal("running", task.Status);
    }

    [Fact]
    public void ProcessEvent_UnsetOrNullStatus_StartsFromUnset()
    {
        var unset = new FakeTask("null");
        var none = new FakeTask();

        TaskStateMachine.ProcessEvent(new FakeWorkflowState(), unset, new ActionExecutionEvent("running"));
        TaskStateMachine.ProcessEvent(new FakeWorkflowState(), none, new ActionExecutionEvent("running"));

        Assert.Equal("running", unset.Status);
        Assert.Equal("running", none.Status);
    }

    [Fact]
    public void ProcessEvent_NoRowEntry_KeepsTheStatus()
    {
        var task = new FakeTask("requested");

        TaskStateMachine.ProcessEvent(new FakeWorkflowState(), task, new ActionExecutionEvent("succeeded"));

        Assert.Equal("requested", task.Status);
    }

    [Fact]
    public void ProcessEvent_Running_Succeeds()
    {
        var task = new FakeTask("running");

        TaskStateMachine.ProcessEvent(new FakeWorkflowState(), task, new ActionExecutionEvent("succeeded"));

        Assert.Equal("succeeded", task.Status);
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    public void ProcessEvent_Retry_CompletedTaskRetries(string status)
    {
        var task = new FakeTask(status);

        TaskStateMachine.ProcessEvent(new FakeWorkflowState(), task, EngineOperationEvent.TaskRetry);

        Assert.Equal("retrying", task.Status);
    }

    [Fact]
    public void ProcessActionEvent_WithoutWorkflowState_Works()
    {
        var task = new FakeTask();

        TaskStateMachine.ProcessActionEvent(null, task, EngineOperationEvent.TaskFail);

        Assert.Equal("failed", task.Status);
    }

    [Theory]
    [InlineData("null", "action_null")]
    [InlineData("retrying", "action_retrying")]
    public void ProcessEvent_ActionNameNotInTheList_RaisesInvalidEvent(string status, string name)
    {
        var task = new FakeTask("running");

        var e = Assert.Throws<InvalidEvent>(() => TaskStateMachine.ProcessEvent(new FakeWorkflowState(), task, new ActionExecutionEvent(status)));

        Assert.Equal($"Event \"{name}\" is not valid.", e.Message);
        Assert.Equal("InvalidEvent", e.ErrorType);
        Assert.Equal("running", task.Status);
    }

    [Fact]
    public void ProcessEvent_WorkflowNameNotInTheList_RaisesInvalidEvent()
    {
        var e = Assert.Throws<InvalidEvent>(() => TaskStateMachine.ProcessEvent(new FakeWorkflowState(), new FakeTask("running"), new WorkflowExecutionEvent("pending")));

        Assert.Equal("Event \"workflow_pending\" is not valid.", e.Message);
    }

    [Fact]
    public void ProcessEvent_TaskEvent_RaisesInvalidEventType()
    {
        var e = Assert.Throws<InvalidEventType>(() =>
            TaskStateMachine.ProcessEvent(new FakeWorkflowState(), new FakeTask(), new TaskExecutionEvent("task1", 0, "running")));

        Assert.Equal("Event type \"<class 'orquesta.events.TaskExecutionEvent'>\" with event \"task_running\" is not valid.", e.Message);
        Assert.Equal("InvalidEventType", e.ErrorType);
    }

    [Fact]
    public void ProcessEvent_UnknownTaskStatus_RaisesInvalidStatus()
    {
        var e = Assert.Throws<InvalidStatus>(() =>
            TaskStateMachine.ProcessEvent(new FakeWorkflowState(), new FakeTask("foobar"), new ActionExecutionEvent("running")));

        Assert.Equal("Status \"foobar\" is not valid.", e.Message);
    }

    [Fact]
    public void ProcessEvent_EventCheckedBeforeStatus_RaisesInvalidEvent()
    {
        // The reference checks the event name first, then the task's status.
        Assert.Throws<InvalidEvent>(() =>
            TaskStateMachine.ProcessEvent(new FakeWorkflowState(), new FakeTask("foobar"), new ActionExecutionEvent("null")));
    }
}
