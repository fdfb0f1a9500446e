using System.Collections.Frozen;

namespace Orquesta.Azure.Conductor.Machines;

/// <summary>
/// Something that happened to a workflow, a task or an action, as the state machines see it
/// (the reference's <c>ExecutionEvent</c>): a <see cref="Name"/> the tables know and the
/// <see cref="Status"/> it reports.
/// </summary>
public abstract class ExecutionEvent
{
    /// <summary>Creates the event; <paramref name="status"/> must be a status word.</summary>
    /// <exception cref="InvalidStatus"><paramref name="status"/> is not a status word.</exception>
    private protected ExecutionEvent(string prefix, string status, object? result, object? context)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!Statuses.IsValid(status)) throw new InvalidStatus(status);
        Name = EventNameCache.For(prefix, status);
        Status = status;
        Result = result;
        Context = context;
    }

    private protected ExecutionEvent(string name, string status)
    {
        Name = name;
        Status = status;
    }

    /// <summary>The event name, for example <c>action_succeeded</c>.</summary>
    public string Name { get; }

    /// <summary>The status the event reports.</summary>
    public string Status { get; }

    /// <summary>The result carried by the event (an action's result), if any.</summary>
    public object? Result { get; }

    /// <summary>The context carried by the event, if any.</summary>
    public object? Context { get; }

    /// <summary>The event's type as the reference prints it in <see cref="InvalidEventType"/>.</summary>
    internal abstract string ReferenceTypeName { get; }
}

/// <summary>A request to change the workflow's status (the reference's <c>WorkflowExecutionEvent</c>), named <c>workflow_&lt;status&gt;</c>.</summary>
public sealed class WorkflowExecutionEvent : ExecutionEvent
{
    /// <summary>Creates the event for <paramref name="status"/>.</summary>
    /// <exception cref="InvalidStatus"><paramref name="status"/> is not a status word.</exception>
    public WorkflowExecutionEvent(string status)
        : base("workflow_", status, null, null)
    {
    }

    internal override string ReferenceTypeName => "<class 'orquesta.events.WorkflowExecutionEvent'>";
}

/// <summary>
/// A task reached a status (the reference's <c>TaskExecutionEvent</c>), named
/// <c>task_&lt;status&gt;</c>; the workflow state machine processes it.
/// </summary>
public sealed class TaskExecutionEvent : ExecutionEvent
{
    /// <summary>Creates the event for task <paramref name="taskId"/> on <paramref name="route"/>.</summary>
    /// <exception cref="InvalidStatus"><paramref name="status"/> is not a status word.</exception>
    public TaskExecutionEvent(string taskId, int route, string status)
        : base("task_", status, null, null)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        TaskId = taskId;
        Route = route;
    }

    /// <summary>The task.</summary>
    public string TaskId { get; }

    /// <summary>The task's route.</summary>
    public int Route { get; }

    internal override string ReferenceTypeName => "<class 'orquesta.events.TaskExecutionEvent'>";
}

/// <summary>
/// An action execution reached a status (the reference's <c>ActionExecutionEvent</c>), named
/// <c>action_&lt;status&gt;</c>; the task state machine processes it.
/// </summary>
public class ActionExecutionEvent : ExecutionEvent
{
    /// <summary>Creates the event for <paramref name="status"/>, with the action's result.</summary>
    /// <exception cref="InvalidStatus"><paramref name="status"/> is not a status word.</exception>
    public ActionExecutionEvent(string status, object? result = null, object? context = null)
        : base("action_", status, result, context)
    {
    }

    internal override string ReferenceTypeName => "<class 'orquesta.events.ActionExecutionEvent'>";
}

/// <summary>
/// The action execution of one item of a with-items task reached a status (the reference's
/// <c>TaskItemActionExecutionEvent</c>).
/// </summary>
public sealed class TaskItemActionExecutionEvent : ActionExecutionEvent
{
    /// <summary>Creates the event for item <paramref name="itemId"/>.</summary>
    /// <param name="itemId">The item's index in the task's items.</param>
    /// <param name="status">The item's status.</param>
    /// <param name="result">The item's result.</param>
    /// <param name="accumulatedResult">The results of the task's items so far (the task's result once it completes).</param>
    /// <exception cref="InvalidStatus"><paramref name="status"/> is not a status word.</exception>
    public TaskItemActionExecutionEvent(int itemId, string status, object? result = null, object? accumulatedResult = null)
        : base(status, result)
    {
        ItemId = itemId;
        AccumulatedResult = accumulatedResult;
    }

    /// <summary>The item's index in the task's items.</summary>
    public int ItemId { get; }

    /// <summary>The results of the task's items so far.</summary>
    public object? AccumulatedResult { get; }

    internal override string ReferenceTypeName => "<class 'orquesta.events.TaskItemActionExecutionEvent'>";
}

/// <summary>
/// An engine command reached through a task transition (<c>continue</c>, <c>fail</c>,
/// <c>noop</c>) or a retry (the reference's <c>EngineOperationEvent</c> and its subclasses).
/// Immutable: use the four instances.
/// </summary>
public sealed class EngineOperationEvent : ExecutionEvent
{
    private static readonly FrozenDictionary<string, EngineOperationEvent> Commands;

    private readonly string _referenceClass;

    static EngineOperationEvent()
    {
        TaskContinue = new(EventNames.TaskContinueRequested, Statuses.Succeeded, "TaskContinueEvent");
        TaskFail = new(EventNames.TaskFailRequested, Statuses.Failed, "TaskFailEvent");
        TaskNoop = new(EventNames.TaskNoopRequested, Statuses.Succeeded, "TaskNoopEvent");
        TaskRetry = new(EventNames.TaskRetryRequested, Statuses.Retrying, "TaskRetryEvent");
        Commands = new Dictionary<string, EngineOperationEvent>(StringComparer.Ordinal)
        {
            ["continue"] = TaskContinue,
            ["fail"] = TaskFail,
            ["noop"] = TaskNoop,
            ["retry"] = TaskRetry,
        }.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private EngineOperationEvent(string name, string status, string referenceClass)
        : base(name, status)
    {
        _referenceClass = referenceClass;
    }

    /// <summary>The <c>continue</c> command: the task succeeds (<c>task_continue_requested</c>).</summary>
    public static EngineOperationEvent TaskContinue { get; }

    /// <summary>The <c>fail</c> command: the task fails (<c>task_fail_requested</c>).</summary>
    public static EngineOperationEvent TaskFail { get; }

    /// <summary>The <c>noop</c> command: the task succeeds (<c>task_noop_requested</c>).</summary>
    public static EngineOperationEvent TaskNoop { get; }

    /// <summary>A retry of a completed task (<c>task_retry_requested</c>).</summary>
    public static EngineOperationEvent TaskRetry { get; }

    /// <summary>The engine command names, as the reference's <c>ENGINE_EVENT_MAP</c> keys: continue, fail, noop, retry.</summary>
    public static IReadOnlyList<string> CommandNames { get; } = ["continue", "fail", "noop", "retry"];

    /// <summary>Whether <paramref name="taskId"/> names an engine command rather than a task.</summary>
    public static bool IsCommand(string? taskId) => taskId is not null && Commands.ContainsKey(taskId);

    /// <summary>The event of the engine command <paramref name="command"/> (<c>continue</c>, <c>fail</c>, <c>noop</c> or <c>retry</c>).</summary>
    public static bool TryGetCommand(string? command, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EngineOperationEvent? engineEvent)
    {
        if (command is null)
        {
            engineEvent = null;
            return false;
        }

        return Commands.TryGetValue(command, out engineEvent);
    }

    internal override string ReferenceTypeName => $"<class 'orquesta.events.{_referenceClass}'>";
}

/// <summary>The event names <c>prefix + status</c>, built once for every status.</summary>
internal static class EventNameCache
{
    private static readonly FrozenDictionary<string, string> Workflow = Build("workflow_");
    private static readonly FrozenDictionary<string, string> Task = Build("task_");
    private static readonly FrozenDictionary<string, string> Action = Build("action_");

    public static string For(string prefix, string status)
    {
        var table = prefix switch
        {
            "workflow_" => Workflow,
            "task_" => Task,
            "action_" => Action,
            _ => null,
        };

        return table is not null && table.TryGetValue(status, out var name) ? name : prefix + status;
    }

    private static FrozenDictionary<string, string> Build(string prefix) =>
        Statuses.All.ToFrozenDictionary(s => s, s => prefix + s, StringComparer.Ordinal);
}
