using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>Small helpers that drive a conductor the way the reference's unit tests do.</summary>
internal static class ConductorDriver
{
    /// <summary>A conductor for <paramref name="yaml"/>, asked to run.</summary>
    public static WorkflowConductor Start(string yaml, DictValue? inputs = null)
    {
        var conductor = new WorkflowConductor(WorkflowSpec.Load(yaml), inputs);
        conductor.RequestWorkflowStatus(Statuses.Running);
        return conductor;
    }

    /// <summary>Applies action events with the given statuses; the result goes with completed statuses only.</summary>
    public static void Forward(WorkflowConductor conductor, string taskId, params string[] statuses) =>
        Forward(conductor, taskId, 0, null, statuses);

    /// <summary>Applies action events on a route; the result goes with completed statuses only.</summary>
    public static void Forward(WorkflowConductor conductor, string taskId, int route, object? result, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            var withResult = Statuses.Completed.Contains(status) ? result : null;
            conductor.UpdateTaskState(taskId, route, new ActionExecutionEvent(status, withResult));
        }
    }

    /// <summary>Runs a task to success with a result.</summary>
    public static void Succeed(WorkflowConductor conductor, string taskId, object? result = null, int route = 0) =>
        Forward(conductor, taskId, route, result, Statuses.Running, Statuses.Succeeded);

    /// <summary>Runs a task to failure with a result.</summary>
    public static void Fail(WorkflowConductor conductor, string taskId, object? result = null, int route = 0) =>
        Forward(conductor, taskId, route, result, Statuses.Running, Statuses.Failed);

    /// <summary>Applies item events with the given statuses; results go with completed statuses only.</summary>
    public static void ForwardItem(WorkflowConductor conductor, string taskId, int itemId, object? result, object? accumulated, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            var completed = Statuses.Completed.Contains(status);
            conductor.UpdateTaskState(taskId, 0, new TaskItemActionExecutionEvent(itemId, status, completed ? result : null, completed ? accumulated : null));
        }
    }

    /// <summary>The ids (<c>task</c>, or <c>task__rN</c> off route 0) of the next tasks.</summary>
    public static string[] NextIds(WorkflowConductor conductor) =>
        conductor.GetNextTasks().Select(t => t.Route == 0 ? t.Id : WorkflowState.TaskKey(t.Id, t.Route)).ToArray();

    /// <summary>The task ids of the sequence, as the rehearsals write them.</summary>
    public static string[] Sequence(WorkflowConductor conductor) =>
        conductor.WorkflowState.Sequence.Select(e => e.Route == 0 ? e.Id : WorkflowState.TaskKey(e.Id, e.Route)).ToArray();

    /// <summary>The status of the current entry of a task.</summary>
    public static string? TaskStatus(WorkflowConductor conductor, string taskId, int route = 0) =>
        conductor.WorkflowState.GetTask(taskId, route)?.Status;

    /// <summary>The terminal task ids, sorted.</summary>
    public static string[] TermTasks(WorkflowConductor conductor) =>
        conductor.WorkflowState.GetTerminalTasks().Select(e => e.Id).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The error messages, in order.</summary>
    public static string[] ErrorMessages(WorkflowConductor conductor) =>
        conductor.Errors.Select(e => (string)e["message"]!).ToArray();

    /// <summary>A value from JSON text.</summary>
    public static object? Json(string json) => JsonValues.Parse(json);

    /// <summary>A dict from JSON text.</summary>
    public static DictValue Dict(string json) => (DictValue)JsonValues.Parse(json)!;

    /// <summary>The conductor as its JSON document (the persisted form).</summary>
    public static string Document(WorkflowConductor conductor) => JsonValues.Serialize(conductor.Serialize());

    /// <summary>
    /// Serializes the conductor to JSON text and reads it back, by the direct writer and reader
    /// (checked to write what the value tree gives).
    /// </summary>
    public static WorkflowConductor RoundTrip(WorkflowConductor conductor)
    {
        var json = conductor.SerializeToJson();
        Assert.Equal(Document(conductor), json);
        return WorkflowConductor.DeserializeFromJson(json);
    }
}
