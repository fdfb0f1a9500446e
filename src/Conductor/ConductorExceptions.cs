using System.Globalization;

namespace Orquesta.Azure.Conductor;

// The errors of the workflow graph, the state machines and the workflow state, with the
// reference's class names (orquesta/exceptions.py) and messages. A value the reference prints
// with "%s" is printed here the same way: a missing status prints as None.

/// <summary>A status word that is not one of <see cref="Statuses.All"/> (the reference's <c>InvalidStatus</c>).</summary>
public sealed class InvalidStatus : OrquestaException
{
    /// <summary>Creates the error for <paramref name="status"/>.</summary>
    public InvalidStatus(string? status)
        : base($"Status \"{ConductorErrorText.Str(status)}\" is not valid.")
    {
        Status = status;
    }

    /// <summary>The rejected status.</summary>
    public string? Status { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidStatus";
}

/// <summary>An event name no state machine knows (the reference's <c>InvalidEvent</c>).</summary>
public sealed class InvalidEvent : OrquestaException
{
    /// <summary>Creates the error for the event named <paramref name="eventName"/>.</summary>
    public InvalidEvent(string? eventName)
        : base($"Event \"{ConductorErrorText.Str(eventName)}\" is not valid.")
    {
        EventName = eventName;
    }

    /// <summary>The rejected event name.</summary>
    public string? EventName { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidEvent";
}

/// <summary>An event of a kind the state machine does not process (the reference's <c>InvalidEventType</c>).</summary>
public sealed class InvalidEventType : OrquestaException
{
    /// <summary>
    /// Creates the error. <paramref name="typeName"/> is the event's type as the reference prints
    /// it, for example <c>&lt;class 'orquesta.events.ActionExecutionEvent'&gt;</c>.
    /// </summary>
    public InvalidEventType(string typeName, string? eventName)
        : base($"Event type \"{typeName}\" with event \"{ConductorErrorText.Str(eventName)}\" is not valid.")
    {
        TypeName = typeName;
        EventName = eventName;
    }

    /// <summary>The event's type, as the reference prints it.</summary>
    public string TypeName { get; }

    /// <summary>The event's name.</summary>
    public string? EventName { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidEventType";
}

/// <summary>A status change the state machine does not allow (the reference's <c>InvalidStatusTransition</c>).</summary>
public sealed class InvalidStatusTransition : OrquestaException
{
    /// <summary>Creates the error for the change from <paramref name="oldStatus"/> to <paramref name="newStatus"/>.</summary>
    public InvalidStatusTransition(string? oldStatus, string? newStatus)
        : base($"Status transition from \"{ConductorErrorText.Str(oldStatus)}\" to \"{ConductorErrorText.Str(newStatus)}\" is invalid.")
    {
        OldStatus = oldStatus;
        NewStatus = newStatus;
    }

    /// <summary>The status before.</summary>
    public string? OldStatus { get; }

    /// <summary>The requested status.</summary>
    public string? NewStatus { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidStatusTransition";
}

/// <summary>
/// A task whose status has no row in the task state machine (the reference's
/// <c>InvalidTaskStatusTransition</c>).
/// </summary>
public sealed class InvalidTaskStatusTransition : OrquestaException
{
    /// <summary>Creates the error for event <paramref name="eventName"/> on a task in <paramref name="status"/>.</summary>
    public InvalidTaskStatusTransition(string? status, string? eventName)
        : base($"Unable to process event \"{ConductorErrorText.Str(eventName)}\" for task in \"{ConductorErrorText.Str(status)}\" status.")
    {
        Status = status;
        EventName = eventName;
    }

    /// <summary>The task's status.</summary>
    public string? Status { get; }

    /// <summary>The event, with its context suffixes.</summary>
    public string? EventName { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidTaskStatusTransition";
}

/// <summary>
/// A workflow whose status has no row in the workflow state machine, or a requested workflow
/// status that did not take (the reference's <c>InvalidWorkflowStatusTransition</c>).
/// </summary>
public sealed class InvalidWorkflowStatusTransition : OrquestaException
{
    /// <summary>Creates the error for event <paramref name="eventName"/> on a workflow in <paramref name="status"/>.</summary>
    public InvalidWorkflowStatusTransition(string? status, string? eventName)
        : base($"Unable to process event \"{ConductorErrorText.Str(eventName)}\" for workflow in \"{ConductorErrorText.Str(status)}\" status.")
    {
        Status = status;
        EventName = eventName;
    }

    /// <summary>The workflow's status.</summary>
    public string? Status { get; }

    /// <summary>The event, with its context suffixes.</summary>
    public string? EventName { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidWorkflowStatusTransition";
}

/// <summary>A task that is not in the workflow graph (the reference's <c>InvalidTask</c>).</summary>
public sealed class InvalidTask : OrquestaException
{
    /// <summary>Creates the error for <paramref name="taskId"/>.</summary>
    public InvalidTask(string? taskId)
        : base($"Task \"{ConductorErrorText.Str(taskId)}\" does not exist.")
    {
        TaskId = taskId;
    }

    /// <summary>The missing task.</summary>
    public string? TaskId { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidTask";
}

/// <summary>A task transition that is not in the workflow graph (the reference's <c>InvalidTaskTransition</c>).</summary>
public sealed class InvalidTaskTransition : OrquestaException
{
    /// <summary>Creates the error for the transition from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public InvalidTaskTransition(string? source, string? destination)
        : base($"Task transition from \"{ConductorErrorText.Str(source)}\" to \"{ConductorErrorText.Str(destination)}\" does not exist.")
    {
        SourceTask = source;
        DestinationTask = destination;
    }

    /// <summary>The transition's source task.</summary>
    public string? SourceTask { get; }

    /// <summary>The transition's destination task.</summary>
    public string? DestinationTask { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidTaskTransition";
}

/// <summary>More than one task transition matches (the reference's <c>AmbiguousTaskTransition</c>).</summary>
public sealed class AmbiguousTaskTransition : OrquestaException
{
    /// <summary>Creates the error for the transitions from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public AmbiguousTaskTransition(string? source, string? destination)
        : base($"More than one task transitions found from \"{ConductorErrorText.Str(source)}\" to \"{ConductorErrorText.Str(destination)}\".")
    {
        SourceTask = source;
        DestinationTask = destination;
    }

    /// <summary>The transitions' source task.</summary>
    public string? SourceTask { get; }

    /// <summary>The transitions' destination task.</summary>
    public string? DestinationTask { get; }

    /// <inheritdoc />
    public override string ErrorType => "AmbiguousTaskTransition";
}

/// <summary>A task that is neither staged nor recorded in the workflow state (the reference's <c>InvalidTaskStateEntry</c>).</summary>
public sealed class InvalidTaskStateEntry : OrquestaException
{
    /// <summary>Creates the error for <paramref name="taskId"/>.</summary>
    public InvalidTaskStateEntry(string? taskId)
        : base($"Task \"{ConductorErrorText.Str(taskId)}\" is not staged or has not started yet.")
    {
        TaskId = taskId;
    }

    /// <summary>The task.</summary>
    public string? TaskId { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidTaskStateEntry";
}

/// <summary>
/// A join (barrier) task whose inbound criteria are partly satisfied while the workflow can no
/// longer reach it (the reference's <c>UnreachableJoinError</c>).
/// </summary>
public sealed class UnreachableJoinError : OrquestaException
{
    /// <summary>Creates the error for task <paramref name="taskId"/> on <paramref name="route"/>.</summary>
    public UnreachableJoinError(string taskId, int route)
        : base($"The join task|route \"{taskId}|{route.ToString(CultureInfo.InvariantCulture)}\" is partially satisfied but unreachable.")
    {
        TaskId = taskId;
        Route = route;
    }

    /// <summary>The join task.</summary>
    public string TaskId { get; }

    /// <summary>The route of the join task.</summary>
    public int Route { get; }

    /// <inheritdoc />
    public override string ErrorType => "UnreachableJoinError";
}

/// <summary>Formats values the way the reference's <c>"%s" % value</c> prints them.</summary>
internal static class ConductorErrorText
{
    /// <summary>Python's <c>str()</c> of a string or of <c>None</c>.</summary>
    public static string Str(string? value) => value ?? "None";
}
