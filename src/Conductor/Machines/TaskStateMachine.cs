namespace Orquesta.Azure.Conductor.Machines;

/// <summary>
/// The task state machine (the reference's <c>TaskStateMachine</c>): turns action, with-items
/// action, engine command and workflow events into a task's new status, through
/// <see cref="StateMachineData.Task"/>.
/// </summary>
public static class TaskStateMachine
{
    /// <summary>
    /// Whether a task may go from <paramref name="oldStatus"/> to <paramref name="newStatus"/>:
    /// the same status, or a status some event of the old status's row leads to.
    /// <see langword="null"/> is <see cref="Statuses.Unset"/>.
    /// </summary>
    /// <exception cref="InvalidStatus">Either status is not a status word.</exception>
    public static bool IsTransitionValid(string? oldStatus, string? newStatus) =>
        MachineRules.IsTransitionValid(StateMachineData.TaskTargets, oldStatus, newStatus);

    /// <summary>The event name for an action or engine command event: its own name (the reference appends nothing).</summary>
    public static string AddContextToActionEvent(IWorkflowStateForMachines? workflowState, string taskId, int route, ExecutionEvent actionEvent)
    {
        ArgumentNullException.ThrowIfNull(actionEvent);
        return actionEvent.Name;
    }

    /// <summary>
    /// The event name for a with-items action event. When the item reports resuming, pending,
    /// paused or a completed status, the other items' situation is appended:
    /// <c>_task_active</c> or <c>_task_dormant</c>, then <c>_items_paused</c>,
    /// <c>_items_canceled</c> or <c>_items_failed</c> (only when no other item is active, in that
    /// order of precedence), else <c>_items_incomplete</c> or <c>_items_completed</c>.
    /// </summary>
    /// <exception cref="InvalidTaskStateEntry">The task is not staged with items.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The event's item is not one of the task's items.</exception>
    public static string AddContextToTaskItemEvent(IWorkflowStateForMachines workflowState, string taskId, int route, TaskItemActionExecutionEvent itemEvent)
    {
        ArgumentNullException.ThrowIfNull(itemEvent);
        var actionEvent = itemEvent.Name;
        if (!MachineRules.IsItemContextStatus(itemEvent.Status)) return actionEvent;

        ArgumentNullException.ThrowIfNull(workflowState);
        var items = workflowState.GetStagedTaskItems(taskId, route) ?? throw new InvalidTaskStateEntry(taskId);
        if (itemEvent.ItemId < 0 || itemEvent.ItemId >= items.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(itemEvent), itemEvent.ItemId, $"Item {itemEvent.ItemId} is not one of the {items.Count} items of task \"{taskId}\".");
        }

        // The other items: every item but the one this event is about.
        var excluded = items.GetStatus(itemEvent.ItemId);
        int Others(string status) => items.CountOf(status) - (string.Equals(status, excluded, StringComparison.Ordinal) ? 1 : 0);
        int OthersIn(IReadOnlyList<string> statuses)
        {
            var n = 0;
            foreach (var s in statuses) n += Others(s);
            return n;
        }

        var others = items.Count - 1;
        var active = OthersIn(Statuses.Active) > 0;
        var incomplete = others - OthersIn(Statuses.Completed) > 0;
        var paused = Others(Statuses.Pending) + Others(Statuses.Paused) > 0;
        var canceled = Others(Statuses.Canceled) > 0;
        var failed = OthersIn(Statuses.Abended) > 0;

        var suffix =
            !active && paused ? ItemsSuffix.Paused
            : !active && canceled ? ItemsSuffix.Canceled
            : !active && failed ? ItemsSuffix.Failed
            : incomplete ? ItemsSuffix.Incomplete
            : ItemsSuffix.Completed;

        return string.Concat(actionEvent, active ? "_task_active" : "_task_dormant", suffix);
    }

    /// <summary>
    /// The event name for a workflow event reaching a task. For a pause or cancel request on a
    /// task staged with items, the items' situation is appended: <c>_task_active</c> or
    /// <c>_task_dormant</c>, then <c>_items_incomplete</c> or <c>_items_completed</c>.
    /// </summary>
    public static string AddContextToWorkflowEvent(IWorkflowStateForMachines workflowState, string taskId, int route, WorkflowExecutionEvent workflowEvent)
    {
        ArgumentNullException.ThrowIfNull(workflowState);
        ArgumentNullException.ThrowIfNull(workflowEvent);
        var workflowEventName = workflowEvent.Name;
        if (!MachineRules.IsPauseOrCancel(workflowEvent.Status)) return workflowEventName;

        var items = workflowState.GetStagedTaskItems(taskId, route);
        if (items is null) return workflowEventName;

        var active = false;
        foreach (var s in Statuses.Active) active |= items.CountOf(s) > 0;
        var completed = 0;
        foreach (var s in Statuses.Completed) completed += items.CountOf(s);
        var incomplete = items.Count - completed > 0;

        return string.Concat(
            workflowEventName,
            active ? "_task_active" : "_task_dormant",
            incomplete ? ItemsSuffix.Incomplete : ItemsSuffix.Completed);
    }

    /// <summary>Processes an action or engine command event for <paramref name="taskState"/>.</summary>
    /// <exception cref="InvalidEvent">The event is not an action or engine command event.</exception>
    /// <exception cref="InvalidStatus">The task's status is not a status word.</exception>
    /// <exception cref="InvalidTaskStatusTransition">The task's status has no row in the task table.</exception>
    public static void ProcessActionEvent(IWorkflowStateForMachines? workflowState, ITaskStateForMachines taskState, ExecutionEvent actionEvent)
    {
        ArgumentNullException.ThrowIfNull(taskState);
        ArgumentNullException.ThrowIfNull(actionEvent);
        if (!EventNames.IsActionOrEngineEvent(actionEvent.Name)) throw new InvalidEvent(actionEvent.Name);
        var eventName = AddContextToActionEvent(workflowState, taskState.Id, taskState.Route, actionEvent);
        Apply(taskState, eventName);
    }

    /// <summary>Processes a with-items action event for <paramref name="taskState"/>.</summary>
    /// <exception cref="InvalidEvent">The event is not an action event.</exception>
    /// <exception cref="InvalidStatus">The task's status is not a status word.</exception>
    /// <exception cref="InvalidTaskStatusTransition">The task's status has no row in the task table.</exception>
    /// <exception cref="InvalidTaskStateEntry">The task is not staged with items.</exception>
    public static void ProcessTaskItemEvent(IWorkflowStateForMachines workflowState, ITaskStateForMachines taskState, TaskItemActionExecutionEvent itemEvent)
    {
        ArgumentNullException.ThrowIfNull(taskState);
        ArgumentNullException.ThrowIfNull(itemEvent);
        if (!EventNames.IsActionOrEngineEvent(itemEvent.Name)) throw new InvalidEvent(itemEvent.Name);
        var eventName = AddContextToTaskItemEvent(workflowState, taskState.Id, taskState.Route, itemEvent);
        Apply(taskState, eventName);
    }

    /// <summary>Processes a workflow event (a status request pushed to the task) for <paramref name="taskState"/>.</summary>
    /// <exception cref="InvalidEvent">The event is not a workflow event.</exception>
    /// <exception cref="InvalidStatus">The task's status is not a status word.</exception>
    /// <exception cref="InvalidTaskStatusTransition">The task's status has no row in the task table.</exception>
    public static void ProcessWorkflowEvent(IWorkflowStateForMachines workflowState, ITaskStateForMachines taskState, WorkflowExecutionEvent workflowEvent)
    {
        ArgumentNullException.ThrowIfNull(taskState);
        ArgumentNullException.ThrowIfNull(workflowEvent);
        if (!EventNames.IsWorkflowExecutionEvent(workflowEvent.Name)) throw new InvalidEvent(workflowEvent.Name);
        var eventName = AddContextToWorkflowEvent(workflowState, taskState.Id, taskState.Route, workflowEvent);
        Apply(taskState, eventName);
    }

    /// <summary>
    /// Processes <paramref name="executionEvent"/> for <paramref name="taskState"/>: a workflow,
    /// with-items action, action or engine command event. When the task's row has no entry for
    /// the event the status stays as it is.
    /// </summary>
    /// <exception cref="InvalidEventType">The event is a task event.</exception>
    /// <exception cref="InvalidEvent">The event's name is not one of its kind's.</exception>
    /// <exception cref="InvalidStatus">The task's status is not a status word.</exception>
    /// <exception cref="InvalidTaskStatusTransition">The task's status has no row in the task table.</exception>
    public static void ProcessEvent(IWorkflowStateForMachines workflowState, ITaskStateForMachines taskState, ExecutionEvent executionEvent)
    {
        ArgumentNullException.ThrowIfNull(executionEvent);
        switch (executionEvent)
        {
            case WorkflowExecutionEvent workflowEvent:
                ProcessWorkflowEvent(workflowState, taskState, workflowEvent);
                return;
            case TaskItemActionExecutionEvent itemEvent:
                ProcessTaskItemEvent(workflowState, taskState, itemEvent);
                return;
            case ActionExecutionEvent or EngineOperationEvent:
                ProcessActionEvent(workflowState, taskState, executionEvent);
                return;
            default:
                throw new InvalidEventType(executionEvent.ReferenceTypeName, executionEvent.Name);
        }
    }

    private static void Apply(ITaskStateForMachines taskState, string eventName)
    {
        var current = taskState.Status ?? Statuses.Unset;
        if (!Statuses.IsValid(current)) throw new InvalidStatus(current);
        if (!StateMachineData.Task.TryGetValue(current, out var row)) throw new InvalidTaskStatusTransition(current, eventName);
        if (row.TryGetValue(eventName, out var next)) taskState.Status = next;
    }

    private static class ItemsSuffix
    {
        public const string Paused = "_items_paused";
        public const string Canceled = "_items_canceled";
        public const string Failed = "_items_failed";
        public const string Incomplete = "_items_incomplete";
        public const string Completed = "_items_completed";
    }
}

/// <summary>Checks shared by both state machines.</summary>
internal static class MachineRules
{
    public static bool IsTransitionValid(
        System.Collections.Frozen.FrozenDictionary<string, System.Collections.Frozen.FrozenSet<string>> targets,
        string? oldStatus,
        string? newStatus)
    {
        oldStatus ??= Statuses.Unset;
        newStatus ??= Statuses.Unset;
        if (!Statuses.IsValid(oldStatus)) throw new InvalidStatus(oldStatus);
        if (!Statuses.IsValid(newStatus)) throw new InvalidStatus(newStatus);
        if (!targets.TryGetValue(oldStatus, out var reachable)) return false;
        return string.Equals(oldStatus, newStatus, StringComparison.Ordinal) || reachable.Contains(newStatus);
    }

    /// <summary>The item statuses after which the task item event carries the other items' situation.</summary>
    public static bool IsItemContextStatus(string status) => status is
        Statuses.Resuming or Statuses.Pending or Statuses.Paused or Statuses.Succeeded
        or Statuses.Failed or Statuses.Expired or Statuses.Abandoned or Statuses.Canceled;

    /// <summary>Whether <paramref name="status"/> is one of <see cref="Statuses.Pause"/> or <see cref="Statuses.Cancel"/>.</summary>
    public static bool IsPauseOrCancel(string status) => status is
        Statuses.Pausing or Statuses.Paused or Statuses.Canceling or Statuses.Canceled;
}
