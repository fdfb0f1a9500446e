using Orquesta.Azure.Conductor.Machines;

namespace Orquesta.Azure.Conductor.Tests.Machines;

public class EventTests
{
    [Fact]
    public void EventNames_Lists_AreTheReferencesInOrder()
    {
        Assert.Equal(ReferenceTables.WorkflowExecutionEvents, EventNames.WorkflowExecutionEvents);
        Assert.Equal(ReferenceTables.TaskConditionalEvents, EventNames.TaskConditionalEvents);
        Assert.Equal(ReferenceTables.TaskExecutionEvents, EventNames.TaskExecutionEvents);
        Assert.Equal(ReferenceTables.ActionExecutionEvents, EventNames.ActionExecutionEvents);
        Assert.Equal(ReferenceTables.EngineOperationEvents, EventNames.EngineOperationEvents);
    }

    [Fact]
    public void EventNames_Membership_FollowsTheLists()
    {
        foreach (var name in ReferenceTables.WorkflowExecutionEvents) Assert.True(EventNames.IsWorkflowExecutionEvent(name), name);
        foreach (var name in ReferenceTables.TaskExecutionEvents) Assert.True(EventNames.IsTaskExecutionEvent(name), name);
        foreach (var name in ReferenceTables.TaskConditionalEvents) Assert.True(EventNames.IsTaskConditionalEvent(name), name);
        foreach (var name in ReferenceTables.ActionExecutionEvents.Concat(ReferenceTables.EngineOperationEvents))
        {
            Assert.True(EventNames.IsActionOrEngineEvent(name), name);
        }

        Assert.False(EventNames.IsWorkflowExecutionEvent("workflow_pending"));
        Assert.False(EventNames.IsWorkflowExecutionEvent(null));
        Assert.False(EventNames.IsTaskExecutionEvent("task_timeout"));
        Assert.False(EventNames.IsTaskConditionalEvent("task_running"));
        Assert.False(EventNames.IsActionOrEngineEvent("action_retrying"));
        Assert.False(EventNames.IsActionOrEngineEvent("ACTION_RUNNING"));
    }

    [Fact]
    public void EventNames_Expired_IsSpelledTimeout()
    {
        Assert.Equal("action_timeout", EventNames.ActionExpired);
        Assert.Equal("action_timeout_task_dormant_items_failed", EventNames.ActionExpiredTaskDormantItemsFailed);
    }

    [Theory]
    [InlineData("running")]
    [InlineData("timeout")]
    [InlineData("null")]
    public void Events_Names_ArePrefixAndStatus(string status)
    {
        Assert.Equal("workflow_" + status, new WorkflowExecutionEvent(status).Name);
        Assert.Equal("task_" + status, new TaskExecutionEvent("task1", 0, status).Name);
        Assert.Equal("action_" + status, new ActionExecutionEvent(status).Name);
        Assert.Equal("action_" + status, new TaskItemActionExecutionEvent(2, status).Name);
    }

    [Fact]
    public void Events_Properties_KeepWhatTheyWereGiven()
    {
        var task = new TaskExecutionEvent("task2", 3, "succeeded");
        var action = new ActionExecutionEvent("failed", "boom", "ctx");
        var item = new TaskItemActionExecutionEvent(4, "succeeded", "r4", "all");

        Assert.Equal(("task2", 3, "succeeded"), (task.TaskId, task.Route, task.Status));
        Assert.Equal(("failed", (object?)"boom", (object?)"ctx"), (action.Status, action.Result, action.Context));
        Assert.Equal((4, (object?)"r4", (object?)"all"), (item.ItemId, item.Result, item.AccumulatedResult));
        Assert.IsAssignableFrom<ActionExecutionEvent>(item);
    }

    [Theory]
    [InlineData("foobar")]
    [InlineData("Running")]
    [InlineData("")]
    public void Events_UnknownStatus_RaiseInvalidStatus(string status)
    {
        Assert.Equal($"Status \"{status}\" is not valid.", Assert.Throws<InvalidStatus>(() => new WorkflowExecutionEvent(status)).Message);
        Assert.Throws<InvalidStatus>(() => new TaskExecutionEvent("task1", 0, status));
        Assert.Throws<InvalidStatus>(() => new ActionExecutionEvent(status));
        Assert.Throws<InvalidStatus>(() => new TaskItemActionExecutionEvent(0, status));
    }

    [Theory]
    [InlineData("continue", "task_continue_requested", "succeeded")]
    [InlineData("fail", "task_fail_requested", "failed")]
    [InlineData("noop", "task_noop_requested", "succeeded")]
    [InlineData("retry", "task_retry_requested", "retrying")]
    public void EngineOperationEvent_Commands_HaveTheReferencesNamesAndStatuses(string command, string name, string status)
    {
        Assert.True(EngineOperationEvent.IsCommand(command));
        Assert.True(EngineOperationEvent.TryGetCommand(command, out var engineEvent));
        Assert.Equal(name, engineEvent.Name);
        Assert.Equal(status, engineEvent.Status);
        Assert.Null(engineEvent.Result);
        Assert.Null(engineEvent.Context);
    }

    [Theory]
    [InlineData("task1")]
    [InlineData("Continue")]
    [InlineData(null)]
    public void EngineOperationEvent_OtherNames_AreNotCommands(string? taskId)
    {
        Assert.False(EngineOperationEvent.IsCommand(taskId));
        Assert.False(EngineOperationEvent.TryGetCommand(taskId, out var engineEvent));
        Assert.Null(engineEvent);
    }

    [Fact]
    public void EngineOperationEvent_Instances_AreTheNamedOnes()
    {
        Assert.Equal(["continue", "fail", "noop", "retry"], EngineOperationEvent.CommandNames);
        Assert.Same(EngineOperationEvent.TaskContinue, EngineOperationEvent.TryGetCommand("continue", out var c) ? c : null);
        Assert.Same(EngineOperationEvent.TaskFail, EngineOperationEvent.TryGetCommand("fail", out var f) ? f : null);
        Assert.Same(EngineOperationEvent.TaskNoop, EngineOperationEvent.TryGetCommand("noop", out var n) ? n : null);
        Assert.Same(EngineOperationEvent.TaskRetry, EngineOperationEvent.TryGetCommand("retry", out var r) ? r : null);
    }
}
