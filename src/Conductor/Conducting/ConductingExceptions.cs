using Orquesta.Azure.Conductor.Machines;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>A log entry of a type other than info, warn or error (the reference's <c>WorkflowLogEntryError</c>).</summary>
public sealed class WorkflowLogEntryError : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public WorkflowLogEntryError(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public override string ErrorType => "WorkflowLogEntryError";
}

/// <summary>A workflow context was asked for at the wrong time (the reference's <c>WorkflowContextError</c>).</summary>
public sealed class WorkflowContextError : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public WorkflowContextError(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public override string ErrorType => "WorkflowContextError";
}

/// <summary>A rerun was requested while the workflow is still active (the reference's <c>WorkflowIsActiveAndNotRerunableError</c>).</summary>
public sealed class WorkflowIsActiveAndNotRerunableError : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public WorkflowIsActiveAndNotRerunableError()
        : base("Unable to rerun workflow because it is not in a completed state.")
    {
    }

    /// <inheritdoc />
    public override string ErrorType => "WorkflowIsActiveAndNotRerunableError";
}

/// <summary>A rerun names tasks that have not run (the reference's <c>InvalidTaskRerunRequest</c>).</summary>
public sealed class InvalidTaskRerunRequest : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public InvalidTaskRerunRequest(IReadOnlyList<TaskRerunRequest> tasks)
        : base("Unable to rerun task|route(s) because it doesn't exist or isn't rerunnable: " + string.Join(", ", (tasks ?? []).Select(t => $"{t.TaskId}|{t.Route}")))
    {
        Tasks = tasks ?? [];
    }

    /// <summary>The requests that cannot be honoured.</summary>
    public IReadOnlyList<TaskRerunRequest> Tasks { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidTaskRerunRequest";
}

/// <summary>
/// A value handed to the conductor (an action result, the workflow input or the parent context)
/// that is not JSON data in the value model, or is nested too deeply to be persisted. It is
/// refused before it reaches the workflow state.
/// </summary>
public sealed class InvalidWorkflowValue : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public InvalidWorkflowValue(string message, string? taskId = null, int? route = null)
        : base(message)
    {
        TaskId = taskId;
        Route = route;
    }

    /// <summary>The task whose result was refused, when it is a result.</summary>
    public string? TaskId { get; }

    /// <summary>The route of that task.</summary>
    public int? Route { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidWorkflowValue";
}

/// <summary>
/// An execution event that does not apply to the task it is given for: an item event for a task
/// without items or for an item the task does not have, or an event of a kind tasks do not take.
/// It is refused before the workflow state changes.
/// </summary>
public sealed class InvalidExecutionEvent : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public InvalidExecutionEvent(string message, string taskId, int route)
        : base(message)
    {
        TaskId = taskId;
        Route = route;
    }

    /// <summary>The task.</summary>
    public string TaskId { get; }

    /// <summary>The route.</summary>
    public int Route { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidExecutionEvent";
}

/// <summary>No context can be found for a task that is neither staged nor recorded (the reference raises a <c>ValueError</c>).</summary>
public sealed class TaskContextNotFound : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public TaskContextNotFound(string taskId)
        : base($"Unable to determine context for task \"{taskId}\".")
    {
    }

    /// <inheritdoc />
    public override string ErrorType => "ValueError";
}

/// <summary>The item statuses of a staged with-items task, with counts per status kept up to date.</summary>
public sealed class TaskItemStatusList : ITaskItemStatuses
{
    private readonly string[] _statuses;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>A list of <paramref name="count"/> items without status.</summary>
    public TaskItemStatusList(int count)
        : this(Enumerable.Repeat(Statuses.Unset, count))
    {
    }

    /// <summary>A list of the given statuses.</summary>
    public TaskItemStatusList(IEnumerable<string> statuses)
    {
        _statuses = statuses.ToArray();
        foreach (var s in _statuses) _counts[s] = _counts.GetValueOrDefault(s) + 1;
    }

    /// <inheritdoc />
    public int Count => _statuses.Length;

    /// <inheritdoc />
    public string GetStatus(int itemId) => _statuses[itemId];

    /// <inheritdoc />
    public int CountOf(string status) => _counts.GetValueOrDefault(status);

    /// <summary>Whether any item is in an active status.</summary>
    public bool AnyActive => Statuses.Active.Any(s => CountOf(s) > 0);

    /// <summary>Sets the status of one item.</summary>
    public void SetStatus(int itemId, string status)
    {
        _counts[_statuses[itemId]]--;
        _statuses[itemId] = status;
        _counts[status] = _counts.GetValueOrDefault(status) + 1;
    }

    /// <summary>The statuses, in item order.</summary>
    public IReadOnlyList<string> ToList() => _statuses;
}
