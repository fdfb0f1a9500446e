namespace Orquesta.Azure.Conductor.Machines;

/// <summary>
/// What the state machines read from, and write to, the conductor's workflow state (the
/// reference's <c>WorkflowState</c> and, through its back reference, the conductor). The state
/// machines ask only for what the event being processed needs, and each question at most once
/// per event, so an implementation may compute answers on demand.
/// </summary>
public interface IWorkflowStateForMachines
{
    /// <summary>The workflow status; the workflow state machine assigns it.</summary>
    string Status { get; set; }

    /// <summary>Whether the last occurrence of any task is in one of <see cref="Statuses.Active"/>.</summary>
    bool HasActiveTasks { get; }

    /// <summary>Whether the last occurrence of any task is <see cref="Statuses.Pausing"/>.</summary>
    bool HasPausingTasks { get; }

    /// <summary>Whether the last occurrence of any task is <see cref="Statuses.Paused"/> or <see cref="Statuses.Pending"/>.</summary>
    bool HasPausedTasks { get; }

    /// <summary>Whether the last occurrence of any task is <see cref="Statuses.Canceling"/>.</summary>
    bool HasCancelingTasks { get; }

    /// <summary>Whether the last occurrence of any task is <see cref="Statuses.Canceled"/>.</summary>
    bool HasCanceledTasks { get; }

    /// <summary>Whether any staged task is ready and not flagged completed.</summary>
    bool HasStagedTasks { get; }

    /// <summary>
    /// Whether completed task <paramref name="taskId"/> on <paramref name="route"/> has a
    /// satisfied outbound transition to a task (not the <c>continue</c> command) that can run:
    /// a join only when its inbound criteria are not unsatisfied (the reference's
    /// <c>has_next_tasks</c>).
    /// </summary>
    bool HasNextTasks(string taskId, int route);

    /// <summary>
    /// Like <see cref="HasNextTasks"/> but counting a satisfied transition to a join task
    /// whatever the join's inbound criteria (the reference's <c>has_barrier_next</c>).
    /// </summary>
    bool HasBarrierNext(string taskId, int route);

    /// <summary>
    /// The item statuses of staged with-items task <paramref name="taskId"/> on
    /// <paramref name="route"/>, or <see langword="null"/> when the task is not staged or its
    /// staged entry has no items list.
    /// </summary>
    ITaskItemStatuses? GetStagedTaskItems(string taskId, int route);

    /// <summary>
    /// The staged join tasks that are not ready and whose inbound criteria can no longer be
    /// satisfied (the reference's <c>get_unreachable_barriers</c>), in staging order.
    /// </summary>
    IReadOnlyList<(string TaskId, int Route)> GetUnreachableBarriers();

    /// <summary>
    /// Records <paramref name="error"/> in the conductor's error log for
    /// <paramref name="taskId"/> on <paramref name="route"/> (the reference's
    /// <c>conductor.log_error</c>).
    /// </summary>
    void LogError(OrquestaException error, string taskId, int route);
}

/// <summary>
/// A task entry the task state machine updates (an entry of the reference's task sequence):
/// its id, route and status.
/// </summary>
public interface ITaskStateForMachines
{
    /// <summary>The task id.</summary>
    string Id { get; }

    /// <summary>The task's route.</summary>
    int Route { get; }

    /// <summary>The task status; <see langword="null"/> (or <see cref="Statuses.Unset"/>) before the first event.</summary>
    string? Status { get; set; }
}

/// <summary>
/// The item statuses of a with-items task (the reference's staged task <c>items</c>). The task
/// state machine asks for counts, so an implementation that keeps them up to date answers an
/// item event in constant time; <see cref="TaskItemStatuses"/> is a simple one.
/// </summary>
public interface ITaskItemStatuses
{
    /// <summary>The number of items.</summary>
    int Count { get; }

    /// <summary>The status of item <paramref name="itemId"/>; <see cref="Statuses.Unset"/> when it has none.</summary>
    string GetStatus(int itemId);

    /// <summary>The number of items whose status is <paramref name="status"/> (items with no status count as <see cref="Statuses.Unset"/>).</summary>
    int CountOf(string status);
}

/// <summary>A list of item statuses with counts per status.</summary>
public sealed class TaskItemStatuses : ITaskItemStatuses
{
    private readonly string[] _statuses;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Creates the list; a <see langword="null"/> status is <see cref="Statuses.Unset"/>.</summary>
    public TaskItemStatuses(IEnumerable<string?> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        _statuses = statuses.Select(s => s ?? Statuses.Unset).ToArray();
        foreach (var s in _statuses) _counts[s] = _counts.GetValueOrDefault(s) + 1;
    }

    /// <inheritdoc />
    public int Count => _statuses.Length;

    /// <inheritdoc />
    public string GetStatus(int itemId) => _statuses[itemId];

    /// <inheritdoc />
    public int CountOf(string status) => _counts.GetValueOrDefault(status);
}
