namespace Orquesta.Azure.Conductor.Machines;

/// <summary>
/// The workflow state machine (the reference's <c>WorkflowStateMachine</c>): turns task events
/// and workflow status requests into the workflow's new status, through
/// <see cref="StateMachineData.Workflow"/>.
/// </summary>
public static class WorkflowStateMachine
{
    /// <summary>
    /// Whether a workflow may go from <paramref name="oldStatus"/> to <paramref name="newStatus"/>:
    /// the same status, or a status some event of the old status's row leads to.
    /// <see langword="null"/> is <see cref="Statuses.Unset"/>.
    /// </summary>
    /// <exception cref="InvalidStatus">Either status is not a status word.</exception>
    public static bool IsTransitionValid(string? oldStatus, string? newStatus) =>
        MachineRules.IsTransitionValid(StateMachineData.WorkflowTargets, oldStatus, newStatus);

    /// <summary>
    /// The event name for a task event, with the workflow's situation appended, as the reference
    /// computes it:
    /// <list type="number">
    /// <item>an abended task (failed, timeout, abandoned) with a satisfied transition onwards (a
    /// join counts whether ready or not) is <c>task_remediated</c>;</item>
    /// <item>pending, paused, succeeded, failed, remediated, canceled and retrying get
    /// <c>_workflow_active</c> or <c>_workflow_dormant</c> (whether any task is active);</item>
    /// <item>succeeded and remediated then get <c>_canceled</c> (a task is canceling or
    /// canceled), else <c>_paused</c> (a task is pausing, paused or pending), else
    /// <c>_incomplete</c> (a staged task is ready or this task has next tasks), else
    /// <c>_completed</c>.</item>
    /// </list>
    /// </summary>
    public static string AddContextToTaskEvent(IWorkflowStateForMachines workflowState, TaskExecutionEvent taskEvent)
    {
        ArgumentNullException.ThrowIfNull(workflowState);
        ArgumentNullException.ThrowIfNull(taskEvent);
        return AddContextToTaskEvent(workflowState, taskEvent.TaskId, taskEvent.Route, taskEvent.Status, taskEvent.Name);
    }

    private static string AddContextToTaskEvent(IWorkflowStateForMachines workflowState, string taskId, int route, string status, string taskEventName)
    {
        // Asked at most once, and only when the name depends on it.
        bool? hasNextTasks = null;
        bool HasNext() => hasNextTasks ??= workflowState.HasNextTasks(taskId, route);

        if (IsAbended(status) && (HasNext() || workflowState.HasBarrierNext(taskId, route)))
        {
            taskEventName = EventNames.TaskRemediated;
        }

        // The suffixes are worked out first and joined once, into the table's own string.
        var workflowSuffix = "";
        if (EventNames.IsTaskConditionalEvent(taskEventName))
        {
            workflowSuffix = workflowState.HasActiveTasks ? "_workflow_active" : "_workflow_dormant";
        }

        if (!taskEventName.StartsWith(EventNames.TaskSucceeded, StringComparison.Ordinal)
            && !taskEventName.StartsWith(EventNames.TaskRemediated, StringComparison.Ordinal))
        {
            return workflowSuffix.Length == 0 ? taskEventName : EventNames.JoinTaskEvent(taskEventName, workflowSuffix);
        }

        var situation =
            workflowState.HasCancelingTasks || workflowState.HasCanceledTasks ? "_canceled"
            : workflowState.HasPausingTasks || workflowState.HasPausedTasks ? "_paused"
            : workflowState.HasStagedTasks || HasNext() ? "_incomplete"
            : "_completed";
        return EventNames.JoinTaskEvent(taskEventName, workflowSuffix, situation);
    }

    /// <summary>
    /// The event name for a workflow status request, with the workflow's situation appended: a
    /// pause or cancel request gets <c>_workflow_active</c> or <c>_workflow_dormant</c>
    /// (whether any task is active); a running or resuming request on a paused workflow with no
    /// active, staged, paused or pending task gets <c>_workflow_completed</c>.
    /// </summary>
    public static string AddContextToWorkflowEvent(IWorkflowStateForMachines workflowState, WorkflowExecutionEvent workflowEvent)
    {
        ArgumentNullException.ThrowIfNull(workflowState);
        ArgumentNullException.ThrowIfNull(workflowEvent);
        var workflowEventName = workflowEvent.Name;

        if (MachineRules.IsPauseOrCancel(workflowEvent.Status))
        {
            workflowEventName = string.Concat(workflowEventName, workflowState.HasActiveTasks ? "_workflow_active" : "_workflow_dormant");
        }

        if (string.Equals(workflowState.Status, Statuses.Paused, StringComparison.Ordinal)
            && workflowEvent.Status is Statuses.Running or Statuses.Resuming
            && !workflowState.HasActiveTasks
            && !workflowState.HasStagedTasks
            && !workflowState.HasPausedTasks)
        {
            workflowEventName += "_workflow_completed";
        }

        return workflowEventName;
    }

    /// <summary>
    /// Processes a task event: the workflow takes the status the table gives for its current
    /// status and the event (none: it stays as it is). When the workflow is then completed while
    /// a join task is partly satisfied but unreachable, the workflow fails and an
    /// <see cref="UnreachableJoinError"/> is logged for each such join.
    /// </summary>
    /// <exception cref="InvalidEvent">The event name with its suffixes is not a task event.</exception>
    /// <exception cref="InvalidWorkflowStatusTransition">The workflow's status has no row in the workflow table.</exception>
    public static void ProcessTaskEvent(IWorkflowStateForMachines workflowState, TaskExecutionEvent taskEvent)
    {
        ArgumentNullException.ThrowIfNull(workflowState);
        ArgumentNullException.ThrowIfNull(taskEvent);
        ProcessTaskEvent(workflowState, taskEvent.TaskId, taskEvent.Route, taskEvent.Status, taskEvent.Name);
    }

    /// <summary>
    /// <see cref="ProcessTaskEvent(IWorkflowStateForMachines, TaskExecutionEvent)"/> for the event
    /// of task <paramref name="taskId"/> on <paramref name="route"/> reaching
    /// <paramref name="status"/>, without an event object: the conductor sends one on every
    /// task event, and a large workflow's events are most of what the collector has to do.
    /// </summary>
    /// <exception cref="InvalidStatus"><paramref name="status"/> is not a status word (as the event's constructor says).</exception>
    internal static void ProcessTaskEvent(IWorkflowStateForMachines workflowState, string taskId, int route, string status)
    {
        if (!Statuses.IsValid(status)) throw new InvalidStatus(status);
        ProcessTaskEvent(workflowState, taskId, route, status, EventNameCache.For("task_", status));
    }

    private static void ProcessTaskEvent(IWorkflowStateForMachines workflowState, string taskId, int route, string status, string taskEventName)
    {
        var eventName = AddContextToTaskEvent(workflowState, taskId, route, status, taskEventName);
        if (!EventNames.IsTaskExecutionEvent(eventName)) throw new InvalidEvent(eventName);
        if (!Transition(workflowState, eventName)) return;

        if (!IsCompleted(workflowState.Status)) return;

        var unreachableBarriers = workflowState.GetUnreachableBarriers();
        if (unreachableBarriers.Count == 0) return;

        workflowState.Status = Statuses.Failed;
        foreach (var (barrierId, barrierRoute) in unreachableBarriers)
        {
            workflowState.LogError(new UnreachableJoinError(barrierId, barrierRoute), barrierId, barrierRoute);
        }
    }

    /// <summary>
    /// Processes a workflow status request: the workflow takes the status the table gives for
    /// its current status and the event (none: it stays as it is).
    /// </summary>
    /// <exception cref="InvalidEvent">The event name with its suffixes is not a workflow event.</exception>
    /// <exception cref="InvalidWorkflowStatusTransition">The workflow's status has no row in the workflow table.</exception>
    public static void ProcessWorkflowEvent(IWorkflowStateForMachines workflowState, WorkflowExecutionEvent workflowEvent)
    {
        var eventName = AddContextToWorkflowEvent(workflowState, workflowEvent);
        if (!EventNames.IsWorkflowExecutionEvent(eventName)) throw new InvalidEvent(eventName);
        Transition(workflowState, eventName);
    }

    /// <summary>Processes a workflow status request or a task event.</summary>
    /// <exception cref="InvalidEventType">The event is an action or engine command event.</exception>
    /// <exception cref="InvalidEvent">The event name with its suffixes is not one of its kind's.</exception>
    /// <exception cref="InvalidWorkflowStatusTransition">The workflow's status has no row in the workflow table.</exception>
    public static void ProcessEvent(IWorkflowStateForMachines workflowState, ExecutionEvent executionEvent)
    {
        ArgumentNullException.ThrowIfNull(executionEvent);
        switch (executionEvent)
        {
            case WorkflowExecutionEvent workflowEvent:
                ProcessWorkflowEvent(workflowState, workflowEvent);
                return;
            case TaskExecutionEvent taskEvent:
                ProcessTaskEvent(workflowState, taskEvent);
                return;
            default:
                throw new InvalidEventType(executionEvent.ReferenceTypeName, executionEvent.Name);
        }
    }

    /// <summary>Applies the table; whether the event had an entry in the current status's row.</summary>
    private static bool Transition(IWorkflowStateForMachines workflowState, string eventName)
    {
        var current = workflowState.Status;
        if (current is null || !StateMachineData.Workflow.TryGetValue(current, out var row))
        {
            throw new InvalidWorkflowStatusTransition(current, eventName);
        }

        if (!row.TryGetValue(eventName, out var next)) return false;
        if (!string.Equals(current, next, StringComparison.Ordinal)) workflowState.Status = next;
        return true;
    }

    private static bool IsAbended(string status) => status is Statuses.Failed or Statuses.Expired or Statuses.Abandoned;

    private static bool IsCompleted(string status) => status is
        Statuses.Succeeded or Statuses.Failed or Statuses.Expired or Statuses.Abandoned or Statuses.Canceled;
}
