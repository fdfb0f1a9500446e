using Orquesta.Azure.Conductor.Machines;

namespace Orquesta.Azure.Conductor.Tests.Machines;

/// <summary>The workflow state machine's event names and errors; expectations printed by the reference.</summary>
public class WorkflowStateMachineTests
{
    [Fact]
    public void AddContextToTaskEvent_AbendedWithoutNext_KeepsTheName()
    {
        Assert.Equal("task_timeout", TaskName("timeout", new FakeWorkflowState()));
    }

    [Fact]
    public void AddContextToTaskEvent_AbendedWithBarrierNextOnly_IsRemediatedAndCompleted()
    {
        Assert.Equal("task_remediated_workflow_dormant_completed", TaskName("timeout", new FakeWorkflowState { BarrierNext = true }));
    }

    [Fact]
    public void AddContextToTaskEvent_AbendedWithNext_IsRemediatedAndIncomplete()
    {
        Assert.Equal(
            "task_remediated_workflow_active_incomplete",
            TaskName("abandoned", new FakeWorkflowState { NextTasks = true, Active = true, Staged = true }));
    }

    [Fact]
    public void AddContextToTaskEvent_FailedWithoutNext_IsConditionalOnly()
    {
        Assert.Equal("task_failed_workflow_active", TaskName("failed", new FakeWorkflowState { Active = true, Canceled = true }));
    }

    [Fact]
    public void AddContextToTaskEvent_CanceledAndPaused_CanceledWins()
    {
        Assert.Equal("task_succeeded_workflow_dormant_canceled", TaskName("succeeded", new FakeWorkflowState { Canceled = true, Paused = true }));
    }

    [Fact]
    public void AddContextToTaskEvent_PausedAndStaged_PausedWins()
    {
        Assert.Equal("task_succeeded_workflow_dormant_paused", TaskName("succeeded", new FakeWorkflowState { Paused = true, Staged = true }));
    }

    [Theory]
    [InlineData(true, false, "task_succeeded_workflow_dormant_incomplete")]
    [InlineData(false, true, "task_succeeded_workflow_dormant_incomplete")]
    [InlineData(false, false, "task_succeeded_workflow_dormant_completed")]
    public void AddContextToTaskEvent_StagedOrNext_IsIncomplete(bool staged, bool next, string expected)
    {
        Assert.Equal(expected, TaskName("succeeded", new FakeWorkflowState { Staged = staged, NextTasks = next }));
    }

    [Theory]
    [InlineData("running", "task_running")]
    [InlineData("pausing", "task_pausing")]
    [InlineData("retrying", "task_retrying_workflow_dormant")]
    [InlineData("pending", "task_pending_workflow_dormant")]
    [InlineData("canceled", "task_canceled_workflow_dormant")]
    public void AddContextToTaskEvent_OtherStatuses_GiveTheReferencesName(string status, string expected)
    {
        Assert.Equal(expected, TaskName(status, new FakeWorkflowState()));
    }

    [Fact]
    public void AddContextToTaskEvent_RunningTask_DoesNotAskForNextTasks()
    {
        var state = new FakeWorkflowState { Active = true };

        TaskName("running", state);

        Assert.Equal((0, 0), (state.NextTasksCalls, state.BarrierNextCalls));
    }

    [Fact]
    public void AddContextToTaskEvent_AbendedTask_AsksForNextTasksAtMostOnce()
    {
        var state = new FakeWorkflowState();

        TaskName("failed", state);
        Assert.Equal((1, 1), (state.NextTasksCalls, state.BarrierNextCalls));

        var succeeded = new FakeWorkflowState { NextTasks = true };
        TaskName("failed", succeeded);
        Assert.Equal((1, 0), (succeeded.NextTasksCalls, succeeded.BarrierNextCalls));
    }

    [Theory]
    [InlineData("running", "paused", false, false, false, "workflow_running_workflow_completed")]
    [InlineData("resuming", "paused", false, false, true, "workflow_resuming")]
    [InlineData("resuming", "paused", false, true, false, "workflow_resuming")]
    [InlineData("resuming", "paused", true, false, false, "workflow_resuming")]
    [InlineData("running", "pausing", false, false, false, "workflow_running")]
    [InlineData("canceled", "paused", true, false, false, "workflow_canceled_workflow_active")]
    [InlineData("pausing", "running", false, false, false, "workflow_pausing_workflow_dormant")]
    [InlineData("succeeded", "paused", false, false, false, "workflow_succeeded")]
    public void AddContextToWorkflowEvent_Situations_GiveTheReferencesName(string status, string workflowStatus, bool active, bool staged, bool paused, string expected)
    {
        var state = new FakeWorkflowState { Status = workflowStatus, Active = active, Staged = staged, Paused = paused };

        Assert.Equal(expected, WorkflowStateMachine.AddContextToWorkflowEvent(state, new WorkflowExecutionEvent(status)));
    }

    [Fact]
    public void ProcessEvent_PausedWorkflowResumedWithNothingLeft_Succeeds()
    {
        var state = new FakeWorkflowState { Status = "paused" };

        WorkflowStateMachine.ProcessEvent(state, new WorkflowExecutionEvent("resuming"));

        Assert.Equal("succeeded", state.Status);
    }

    [Fact]
    public void ProcessEvent_TaskPausedInRunningWorkflow_PausesTheWorkflow()
    {
        // The reference's test_workflow_status_transition.
        var state = new FakeWorkflowState { Status = "running" };

        WorkflowStateMachine.ProcessEvent(state, new TaskExecutionEvent("task1", 0, "running"));
        Assert.Equal("running", state.Status);

        WorkflowStateMachine.ProcessEvent(state, new TaskExecutionEvent("task1", 0, "paused"));
        Assert.Equal("paused", state.Status);
    }

    [Fact]
    public void ProcessEvent_NoRowEntry_KeepsTheStatus()
    {
        var state = new FakeWorkflowState { Status = "requested" };

        WorkflowStateMachine.ProcessEvent(state, new TaskExecutionEvent("task1", 0, "running"));

        Assert.Equal("requested", state.Status);
    }

    [Fact]
    public void ProcessEvent_CompletedWithUnreachableJoins_FailsAndLogsEach()
    {
        var state = new FakeWorkflowState { Status = "running" };
        state.UnreachableBarriers.Add(("task5", 0));
        state.UnreachableBarriers.Add(("task7", 2));

        WorkflowStateMachine.ProcessEvent(state, new TaskExecutionEvent("task1", 0, "succeeded"));

        Assert.Equal("failed", state.Status);
        Assert.Equal(2, state.Logged.Count);
        Assert.All(state.Logged, l => Assert.IsType<UnreachableJoinError>(l.Error));
        Assert.Equal(("task5", 0), (state.Logged[0].TaskId, state.Logged[0].Route));
        Assert.Equal("The join task|route \"task5|0\" is partially satisfied but unreachable.", state.Logged[0].Error.Message);
        Assert.Equal("The join task|route \"task7|2\" is partially satisfied but unreachable.", state.Logged[1].Error.Message);
        Assert.Equal("UnreachableJoinError", state.Logged[0].Error.ErrorType);
    }

    [Fact]
    public void ProcessEvent_StillRunningWithUnreachableJoins_DoesNotLookAtThem()
    {
        var state = new FakeWorkflowState { Status = "running", Staged = true };
        state.UnreachableBarriers.Add(("task5", 0));

        WorkflowStateMachine.ProcessEvent(state, new TaskExecutionEvent("task1", 0, "succeeded"));

        Assert.Equal("running", state.Status);
        Assert.Empty(state.Logged);
    }

    [Fact]
    public void ProcessEvent_CompletedWorkflowEventWithoutRowEntry_DoesNotLookAtJoins()
    {
        // succeeded has a row with workflow_failed only: task events leave it, and the join check
        // runs only after a row entry applied.
        var state = new FakeWorkflowState { Status = "succeeded" };
        state.UnreachableBarriers.Add(("task5", 0));

        WorkflowStateMachine.ProcessEvent(state, new TaskExecutionEvent("task1", 0, "succeeded"));

        Assert.Equal("succeeded", state.Status);
        Assert.Empty(state.Logged);
    }

    [Fact]
    public void ProcessEvent_TimeoutWithoutNext_RaisesInvalidEvent()
    {
        var e = Assert.Throws<InvalidEvent>(() => WorkflowStateMachine.ProcessEvent(new FakeWorkflowState { Status = "running" }, new TaskExecutionEvent("task1", 0, "timeout")));

        Assert.Equal("Event \"task_timeout\" is not valid.", e.Message);
    }

    [Fact]
    public void ProcessEvent_WorkflowNameNotInTheList_RaisesInvalidEvent()
    {
        var e = Assert.Throws<InvalidEvent>(() => WorkflowStateMachine.ProcessEvent(new FakeWorkflowState { Status = "running" }, new WorkflowExecutionEvent("pending")));

        Assert.Equal("Event \"workflow_pending\" is not valid.", e.Message);
    }

    [Fact]
    public void ProcessEvent_ActionEvent_RaisesInvalidEventType()
    {
        var e = Assert.Throws<InvalidEventType>(() => WorkflowStateMachine.ProcessEvent(new FakeWorkflowState(), new ActionExecutionEvent("running")));

        Assert.Equal("Event type \"<class 'orquesta.events.ActionExecutionEvent'>\" with event \"action_running\" is not valid.", e.Message);
    }

    [Fact]
    public void ProcessEvent_EngineEvent_RaisesInvalidEventType()
    {
        var e = Assert.Throws<InvalidEventType>(() => WorkflowStateMachine.ProcessEvent(new FakeWorkflowState(), EngineOperationEvent.TaskContinue));

        Assert.Equal("Event type \"<class 'orquesta.events.TaskContinueEvent'>\" with event \"task_continue_requested\" is not valid.", e.Message);
    }

    [Fact]
    public void ProcessEvent_ItemEvent_RaisesInvalidEventType()
    {
        var e = Assert.Throws<InvalidEventType>(() => WorkflowStateMachine.ProcessEvent(new FakeWorkflowState(), new TaskItemActionExecutionEvent(0, "running")));

        Assert.StartsWith("Event type \"<class 'orquesta.events.TaskItemActionExecutionEvent'>\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessEvent_NullWorkflowStatus_RaisesInvalidWorkflowStatusTransition()
    {
        var state = new FakeWorkflowState { Status = null!, Active = true };

        var e = Assert.Throws<InvalidWorkflowStatusTransition>(() => WorkflowStateMachine.ProcessEvent(state, new WorkflowExecutionEvent("running")));

        Assert.Equal("Unable to process event \"workflow_running\" for workflow in \"None\" status.", e.Message);
    }

    private static string TaskName(string status, FakeWorkflowState state) =>
        WorkflowStateMachine.AddContextToTaskEvent(state, new TaskExecutionEvent("task1", 0, status));
}
