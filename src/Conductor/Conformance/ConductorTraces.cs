using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conformance;

/// <summary>
/// Replays conductor traces (<c>traces/*.json</c>): the reference's conductor API tests recorded
/// call by call. Every recorded field is compared: statuses after each call, next tasks with
/// their visible context and rendered actions, output, raised errors, and the final state.
/// </summary>
public static class ConductorTraces
{
    /// <summary>Whether a parsed JSON document is a trace.</summary>
    public static bool IsTrace(object? document) => document is DictValue d && d.ContainsKey("conductors");

    /// <summary>Replays conductor <paramref name="index"/> of a trace.</summary>
    public static ConformanceResult RunConductor(string name, DictValue trace, int index)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var source = trace.GetValueOrDefault("source") as string ?? name;
        var recorded = (DictValue)((ListValue)trace["conductors"]!)[index]!;
        string? failure;
        try
        {
            failure = Replay(recorded);
        }
        catch (OrquestaException e)
        {
            failure = $"unexpected {e.ErrorType}: {e.Message}";
        }

        return failure is null
            ? new ConformanceResult(name, true, source)
            : new ConformanceResult(name, false, source, null, failure);
    }

    private static string? Replay(DictValue recorded)
    {
        var spec = WorkflowSpec.Instantiate((DictValue)recorded["workflow"]!);
        var conductor = new WorkflowConductor(spec, recorded.GetValueOrDefault("inputs") as DictValue, recorded.GetValueOrDefault("context") as DictValue);
        var steps = (ListValue)recorded["steps"]!;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = (DictValue)steps[i]!;
            var op = (string)step["op"]!;
            var where = $"step {i + 1} ({op})";
            var expectedRaise = step.GetValueOrDefault("raises") as string;
            try
            {
                var failure = Apply(ref conductor, op, step);
                if (failure is not null) return $"{where}: {failure}";
            }
            catch (OrquestaException e) when (expectedRaise is not null)
            {
                if (e.ErrorType != expectedRaise) return $"{where}: raised {e.ErrorType} ({e.Message}), the reference raised {expectedRaise}";
                continue;
            }

            if (expectedRaise is not null) return $"{where}: raised nothing, the reference raised {expectedRaise}";
            if (step.TryGetValue("workflow_status", out var status) && !Equals(status, conductor.WorkflowStatus))
            {
                return $"{where}: workflow status {conductor.WorkflowStatus}, the reference's {status}";
            }
        }

        return CompareFinal(conductor, (DictValue)recorded["final"]!);
    }

    private static string? Apply(ref WorkflowConductor conductor, string op, DictValue step)
    {
        switch (op)
        {
            case "request_workflow_status":
                conductor.RequestWorkflowStatus((string)step["status"]!);
                return null;
            case "update_task_state":
                var taskId = (string)step["task_id"]!;
                var route = (int)(long)step["route"]!;
                var ev = (DictValue)step["event"]!;
                var status = (string)ev["status"]!;
                ExecutionEvent executionEvent = ev.GetValueOrDefault("item_id") is long itemId
                    ? new TaskItemActionExecutionEvent((int)itemId, status, ev.GetValueOrDefault("result"), ev.GetValueOrDefault("accumulated_result"))
                    : new ActionExecutionEvent(status, ev.GetValueOrDefault("result"));
                conductor.UpdateTaskState(taskId, route, executionEvent);
                if (step.TryGetValue("task_status", out var expectedTaskStatus))
                {
                    var actual = conductor.WorkflowState.GetTask(taskId, route)?.Status ?? Statuses.Unset;
                    if (!Equals(expectedTaskStatus, actual)) return $"task status {actual}, the reference's {expectedTaskStatus}";
                }

                return null;
            case "get_next_tasks":
                var tasks = ListValue.From(conductor.GetNextTasks().Select(t => (object?)Describe(t)));
                var expected = step.GetValueOrDefault("tasks");
                return JsonEquality.AreEqual(expected, tasks) ? null : $"next tasks {JsonValues.Serialize(tasks)}, the reference's {JsonValues.Serialize(expected)}";
            case "request_workflow_rerun":
                var requests = (step.GetValueOrDefault("task_requests") as ListValue ?? ListValue.Empty)
                    .Select(r => (DictValue)r!)
                    .Select(r => new TaskRerunRequest((string)r["task_id"]!, (int)(r.GetValueOrDefault("route") as long? ?? 0), r.GetValueOrDefault("reset_items") is true))
                    .ToList();
                conductor.RequestWorkflowRerun(requests);
                return null;
            case "render_workflow_output":
                conductor.RenderWorkflowOutput();
                if (step.TryGetValue("output", out var output) && !JsonEquality.AreEqual(output, conductor.GetWorkflowOutput()))
                {
                    return $"output {Show(conductor.GetWorkflowOutput())}, the reference's {Show(output)}";
                }

                return null;
            case "serialize_roundtrip":
                conductor = WorkflowConductor.Deserialize(JsonValues.Parse(JsonValues.Serialize(conductor.Serialize())) as DictValue
                    ?? throw new ConductorStateException("The serialized conductor is not a JSON object."));
                return null;
            default:
                return $"unknown operation {op}";
        }
    }

    /// <summary>A next task as the traces record it.</summary>
    public static DictValue Describe(NextTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var actions = task.Actions.Select(a =>
        {
            var d = DictValue.Empty.Set("action", a.Action).Set("input", a.Input);
            return (object?)(a.ItemId is { } id ? d.Set("item_id", (long)id) : d);
        });
        var result = DictValue.Empty
            .Set("id", task.Id)
            .Set("route", (long)task.Route)
            .Set("ctx", task.Context.WithoutInternalKeys())
            .Set("actions", ListValue.From(actions));
        if (task.Delay is not null) result = result.Set("delay", task.Delay);
        if (task.HasItems) result = result.Set("items_count", (long)(task.ItemsCount ?? 0)).Set("concurrency", task.Concurrency);
        return result;
    }

    private static string? CompareFinal(WorkflowConductor conductor, DictValue final)
    {
        var state = conductor.WorkflowState;
        if (!Equals(final.GetValueOrDefault("workflow_status"), state.Status)) return $"final workflow status {state.Status}, the reference's {final.GetValueOrDefault("workflow_status")}";
        var sequence = ListValue.From(state.Sequence.Select(e => (object?)FriendlyKey(e.Id, e.Route)));
        if (!JsonEquality.AreEqual(final.GetValueOrDefault("task_sequence"), sequence)) return $"task sequence {JsonValues.Serialize(sequence)}, the reference's {Show(final.GetValueOrDefault("task_sequence"))}";
        var routes = ListValue.From(state.Routes.Select(r => (object?)ListValue.From(r)));
        if (!JsonEquality.AreEqual(final.GetValueOrDefault("routes"), routes)) return $"routes {JsonValues.Serialize(routes)}, the reference's {Show(final.GetValueOrDefault("routes"))}";
        var errors = ListValue.From(conductor.Errors);
        if (!ErrorsMatch(final.GetValueOrDefault("errors") as ListValue ?? ListValue.Empty, errors)) return $"errors {JsonValues.Serialize(errors)}, the reference's {Show(final.GetValueOrDefault("errors"))}";
        if (!JsonEquality.AreEqual(final.GetValueOrDefault("output"), conductor.GetWorkflowOutput())) return $"output {Show(conductor.GetWorkflowOutput())}, the reference's {Show(final.GetValueOrDefault("output"))}";
        var terms = ListValue.From(state.GetTerminalTasks().Select(e => (object?)FriendlyKey(e.Id, e.Route)).Order(Comparer<object?>.Create((a, b) => string.CompareOrdinal((string)a!, (string)b!))));
        var expectedTerms = ListValue.From(((final.GetValueOrDefault("term_tasks") as ListValue) ?? ListValue.Empty).Order(Comparer<object?>.Create((a, b) => string.CompareOrdinal((string)a!, (string)b!))));
        if (!JsonEquality.AreEqual(expectedTerms, terms)) return $"terminal tasks {JsonValues.Serialize(terms)}, the reference's {JsonValues.Serialize(expectedTerms)}";
        return null;
    }

    /// <summary>A task id as the corpus writes it: <c>task</c> on route 0, <c>task__rN</c> on route N.</summary>
    public static string FriendlyKey(string id, int route) => route > 0 ? WorkflowState.TaskKey(id, route) : id;

    /// <summary>
    /// The corpus rule for error logs: same entries in the same order; type, task_id, route,
    /// task_transition_id, result and data exactly; messages exactly except for expression
    /// failures, whose text after the inner exception name may differ.
    /// </summary>
    public static bool ErrorsMatch(ListValue expected, ListValue actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Count != actual.Count) return false;
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i] is not DictValue e || actual[i] is not DictValue a) return false;
            foreach (var key in new[] { "type", "task_id", "route", "task_transition_id", "result", "data" })
            {
                if (e.ContainsKey(key) != a.ContainsKey(key)) return false;
                if (!JsonEquality.AreEqual(e.GetValueOrDefault(key), a.GetValueOrDefault(key))) return false;
            }

            var em = e.GetValueOrDefault("message") as string ?? string.Empty;
            var am = a.GetValueOrDefault("message") as string ?? string.Empty;
            if (!MessageMatches(em, am)) return false;
        }

        return true;
    }

    private static bool MessageMatches(string expected, string actual)
    {
        foreach (var prefix in (string[])["YaqlEvaluationException: ", "JinjaEvaluationException: "])
        {
            if (expected.StartsWith(prefix, StringComparison.Ordinal))
            {
                return actual.StartsWith(prefix, StringComparison.Ordinal) && ExpressionVectors.MessageMatches(expected[prefix.Length..], actual[prefix.Length..]);
            }
        }

        return string.Equals(expected, actual, StringComparison.Ordinal);
    }

    private static string Show(object? value) => value is null ? "null" : JsonValues.Serialize(value);
}
