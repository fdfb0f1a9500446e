using Orquesta.Azure.Conductor.Machines;

namespace Orquesta.Azure.Conductor.Tests.Machines;

/// <summary>A workflow state whose answers the test sets, counting the questions asked.</summary>
internal sealed class FakeWorkflowState : IWorkflowStateForMachines
{
    public string Status { get; set; } = Statuses.Unset;

    public bool Active { get; set; }

    public bool Pausing { get; set; }

    public bool Paused { get; set; }

    public bool Canceling { get; set; }

    public bool Canceled { get; set; }

    public bool Staged { get; set; }

    public bool NextTasks { get; set; }

    public bool BarrierNext { get; set; }

    public int NextTasksCalls { get; private set; }

    public int BarrierNextCalls { get; private set; }

    public Dictionary<(string TaskId, int Route), ITaskItemStatuses> Items { get; } = [];

    public List<(string TaskId, int Route)> UnreachableBarriers { get; } = [];

    public List<(OrquestaException Error, string TaskId, int Route)> Logged { get; } = [];

    public bool HasActiveTasks => Active;

    public bool HasPausingTasks => Pausing;

    public bool HasPausedTasks => Paused;

    public bool HasCancelingTasks => Canceling;

    public bool HasCanceledTasks => Canceled;

    public bool HasStagedTasks => Staged;

    public bool HasNextTasks(string taskId, int route)
    {
        NextTasksCalls++;
        return NextTasks;
    }

    public bool HasBarrierNext(string taskId, int route)
    {
        BarrierNextCalls++;
        return BarrierNext;
    }

    public ITaskItemStatuses? GetStagedTaskItems(string taskId, int route) =>
        Items.TryGetValue((taskId, route), out var items) ? items : null;

    public IReadOnlyList<(string TaskId, int Route)> GetUnreachableBarriers() => UnreachableBarriers;

    public void LogError(OrquestaException error, string taskId, int route) => Logged.Add((error, taskId, route));

    public FakeWorkflowState WithItems(params string?[] statuses)
    {
        Items[("task1", 0)] = new TaskItemStatuses(statuses);
        return this;
    }
}

/// <summary>A task entry.</summary>
internal sealed class FakeTask(string? status = null, string id = "task1", int route = 0) : ITaskStateForMachines
{
    public string Id { get; } = id;

    public int Route { get; } = route;

    public string? Status { get; set; } = status;
}

/// <summary>
/// Builds, for an event name with its context suffixes, an event and a workflow state from which
/// the state machine computes exactly that name; <see langword="null"/> where no event and
/// state can produce it.
/// </summary>
internal static class Scenarios
{
    private static readonly string[] ConditionalHeads = ["pending", "paused", "succeeded", "failed", "remediated", "canceled", "retrying"];

    private static bool IsPauseOrCancel(string status) => status is "pausing" or "paused" or "canceling" or "canceled";

    private static bool IsItemContextStatus(string status) =>
        status is "resuming" or "pending" or "paused" or "succeeded" or "failed" or "timeout" or "abandoned" or "canceled";

    /// <summary>For the workflow state machine: a workflow event or a task event.</summary>
    public static (ExecutionEvent Event, FakeWorkflowState State)? ForWorkflowMachine(string currentStatus, string name)
    {
        var state = new FakeWorkflowState { Status = currentStatus };

        if (name.StartsWith("workflow_", StringComparison.Ordinal))
        {
            var rest = name["workflow_".Length..];
            if (TrimSuffix(ref rest, "_workflow_completed"))
            {
                if (currentStatus != "paused" || rest is not ("running" or "resuming")) return null;
                return (new WorkflowExecutionEvent(rest), state);
            }

            if (TrimSuffix(ref rest, "_workflow_active") || TrimSuffix(ref rest, "_workflow_dormant"))
            {
                if (!IsPauseOrCancel(rest)) return null;
                state.Active = name.EndsWith("_workflow_active", StringComparison.Ordinal);
                return Valid(rest) ? (new WorkflowExecutionEvent(rest), state) : null;
            }

            if (IsPauseOrCancel(rest) || !Valid(rest)) return null;

            // Keeps a paused workflow from counting as completed on running or resuming.
            state.Active = true;
            return (new WorkflowExecutionEvent(rest), state);
        }

        if (!name.StartsWith("task_", StringComparison.Ordinal)) return null;
        var body = name["task_".Length..];
        var at = body.IndexOf("_workflow_", StringComparison.Ordinal);
        var head = at < 0 ? body : body[..at];
        var tail = at < 0 ? null : body[(at + "_workflow_".Length)..];
        var conditional = ConditionalHeads.Contains(head);
        if (conditional != (tail is not null)) return null;

        var status = head == "remediated" ? "failed" : head;
        if (!Valid(status) || status is "timeout" or "abandoned") return null;
        if (tail is null) return (new TaskExecutionEvent("task1", 0, status), state);

        var parts = tail.Split('_');
        if (parts[0] is not ("active" or "dormant")) return null;
        state.Active = parts[0] == "active";
        var completion = head is "succeeded" or "remediated";
        if (completion != (parts.Length == 2) || parts.Length > 2) return null;

        if (head == "remediated")
        {
            state.NextTasks = parts[1] != "completed";
            state.BarrierNext = parts[1] == "completed";
        }

        if (completion)
        {
            switch (parts[1])
            {
                case "canceled": state.Canceling = true; break;
                case "paused": state.Pausing = true; break;
                case "incomplete": state.Staged = true; break;
                case "completed": break;
                default: return null;
            }
        }

        return (new TaskExecutionEvent("task1", 0, status), state);
    }

    /// <summary>For the task state machine: an action, with-items action, workflow or engine command event.</summary>
    public static (ExecutionEvent Event, FakeWorkflowState State)? ForTaskMachine(string name)
    {
        var state = new FakeWorkflowState { Status = "running" };

        foreach (var command in EngineOperationEvent.CommandNames)
        {
            EngineOperationEvent.TryGetCommand(command, out var engineEvent);
            if (engineEvent!.Name == name) return (engineEvent, state);
        }

        string prefix;
        if (name.StartsWith("action_", StringComparison.Ordinal)) prefix = "action_";
        else if (name.StartsWith("workflow_", StringComparison.Ordinal)) prefix = "workflow_";
        else return null;

        var body = name[prefix.Length..];
        var at = body.IndexOf("_task_", StringComparison.Ordinal);
        if (at < 0)
        {
            if (!Valid(body)) return null;
            return prefix == "action_"
                ? (new ActionExecutionEvent(body), state)
                : (new WorkflowExecutionEvent(body), state);
        }

        var status = body[..at];
        var parts = body[(at + "_task_".Length)..].Split('_');
        if (!Valid(status) || parts.Length != 3 || parts[0] is not ("active" or "dormant") || parts[1] != "items") return null;
        var active = parts[0] == "active";

        if (prefix == "workflow_")
        {
            if (!IsPauseOrCancel(status)) return null;
            string? item = (active, parts[2]) switch
            {
                (true, "incomplete") => "running",
                (false, "incomplete") => "paused",
                (false, "completed") => "succeeded",
                _ => null,
            };

            return item is null ? null : (new WorkflowExecutionEvent(status), state.WithItems(item));
        }

        if (!IsItemContextStatus(status)) return null;
        string? other = (active, parts[2]) switch
        {
            (true, "incomplete") => "running",
            (false, "paused") => "paused",
            (false, "canceled") => "canceled",
            (false, "failed") => "failed",
            (false, "incomplete") => null,
            (false, "completed") => "succeeded",
            _ => "impossible",
        };

        if (other == "impossible") return null;
        return (new TaskItemActionExecutionEvent(0, status), state.WithItems(status, other));
    }

    private static bool Valid(string status) => Statuses.All.Contains(status);

    private static bool TrimSuffix(ref string text, string suffix)
    {
        if (!text.EndsWith(suffix, StringComparison.Ordinal)) return false;
        text = text[..^suffix.Length];
        return true;
    }
}
