using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conformance;

/// <summary>
/// Runs rehearsal specs (the format <c>orquesta-rehearse</c> reads, plus the corpus's
/// <c>rerun</c> phases) the way the reference's <c>rehearsing.py</c> does, and says the first
/// difference in words a workflow author understands.
/// </summary>
public static class Rehearsals
{
    /// <summary>Whether a parsed YAML document is a rehearsal spec.</summary>
    public static bool IsRehearsal(object? document) =>
        document is DictValue d && d.ContainsKey("workflow") && d.ContainsKey("expected_task_sequence");

    /// <summary>Runs a rehearsal spec.</summary>
    /// <param name="name">The spec's name, for the report.</param>
    /// <param name="spec">The parsed spec.</param>
    /// <param name="readWorkflow">Reads the workflow file the spec names (relative to the spec).</param>
    public static ConformanceResult Run(string name, DictValue spec, Func<string, string> readWorkflow)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(readWorkflow);
        var subject = spec.GetValueOrDefault("workflow") as string ?? name;
        try
        {
            var definition = readWorkflow(subject);
            var workflow = WorkflowSpec.Load(definition);
            var failure = RunFirstPhase(workflow, spec, out var conductor);
            if (failure is not null) return new ConformanceResult(name, false, subject, null, failure);
            if (conductor is not null && spec.GetValueOrDefault("rerun") is ListValue phases)
            {
                for (var i = 0; i < phases.Count; i++)
                {
                    var phase = (DictValue)phases[i]!;
                    conductor = WorkflowConductor.Deserialize((DictValue)JsonValues.Parse(JsonValues.Serialize(conductor.Serialize()))!);
                    var requests = phase.GetValueOrDefault("rerun_tasks") is ListValue tasks
                        ? tasks.Select(t => (DictValue)t!).Select(t => new TaskRerunRequest((string)t["task_id"]!, (int)(t.GetValueOrDefault("route") as long? ?? 0), t.GetValueOrDefault("reset_items") is true)).ToList()
                        : [];
                    conductor.RequestWorkflowRerun(requests);
                    if (conductor.WorkflowStatus != Statuses.Resuming)
                    {
                        return new ConformanceResult(name, false, subject, null, $"rerun phase {i + 1}: workflow status \"{conductor.WorkflowStatus}\", expected \"resuming\"");
                    }

                    conductor = Conduct(conductor, workflow, Mocks(phase));
                    failure = Compare(conductor, phase);
                    if (failure is not null) return new ConformanceResult(name, false, subject, null, $"rerun phase {i + 1}: {failure}");
                }
            }

            return new ConformanceResult(name, true, subject);
        }
        catch (OrquestaException e)
        {
            return new ConformanceResult(name, false, subject, null, $"{e.ErrorType}: {e.Message}");
        }
    }

    private static string? RunFirstPhase(WorkflowSpec workflow, DictValue spec, out WorkflowConductor? conductor)
    {
        conductor = null;
        var inspection = workflow.Inspect();
        if (spec.GetValueOrDefault("expected_inspection_errors") is DictValue expectedErrors)
        {
            var actual = inspection.ToValue();
            return JsonEquality.AreEqual(expectedErrors, actual) ? null : $"inspection errors {JsonValues.Serialize(actual)}, expected {JsonValues.Serialize(expectedErrors)}";
        }

        conductor = new WorkflowConductor(workflow, spec.GetValueOrDefault("inputs") as DictValue);
        conductor.RequestWorkflowStatus(Statuses.Running);
        conductor = Conduct(conductor, workflow, Mocks(spec));
        return Compare(conductor, spec);
    }

    private static List<MockActionExecution> Mocks(DictValue spec) =>
        (spec.GetValueOrDefault("mock_action_executions") as ListValue ?? ListValue.Empty).Select(m => MockActionExecution.Parse((DictValue)m!)).ToList();

    /// <summary>The reference's rehearsal loop: run every next task, apply its mock, repeat, serializing the conductor between rounds.</summary>
    private static WorkflowConductor Conduct(WorkflowConductor conductor, WorkflowSpec workflow, List<MockActionExecution> mocks)
    {
        var accumulated = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
        var runQueue = new Queue<NextTask>(conductor.GetNextTasks());
        var serialized = JsonValues.Serialize(conductor.Serialize());
        while (runQueue.Count > 0)
        {
            conductor = WorkflowConductor.Deserialize((DictValue)JsonValues.Parse(serialized)!);
            var running = new List<(NextTask Task, int SeqId)>();
            while (runQueue.Count > 0)
            {
                var task = runQueue.Dequeue();
                conductor.UpdateTaskState(task.Id, task.Route, new ActionExecutionEvent(Statuses.Running));
                running.Add((task, conductor.WorkflowState.Sequence.Count - 1));
            }

            foreach (var (task, seqId) in running)
            {
                var mock = MockActionExecution.Find(mocks, task.Id, seqId) ?? MockActionExecution.Find(mocks, task.Id);
                if (mock is null) mock = new MockActionExecution { TaskId = task.Id, IterPos = -1 };
                else mock.IterPos++;

                ExecutionEvent executionEvent;
                if (!(workflow.Tasks.GetTask(task.Id)?.HasItems ?? false))
                {
                    executionEvent = new ActionExecutionEvent(mock.Status, mock.Result);
                }
                else
                {
                    if (!accumulated.TryGetValue(task.Id, out var results)) accumulated[task.Id] = results = [];
                    mock.ItemId ??= results.Count;
                    var itemId = (int)mock.ItemId.Value;
                    while (results.Count <= itemId) results.Add(null);
                    results[itemId] = mock.Result;
                    executionEvent = new TaskItemActionExecutionEvent(itemId, mock.Status, mock.Result, ListValue.From(results));
                }

                conductor.UpdateTaskState(task.Id, task.Route, executionEvent);
            }

            foreach (var next in conductor.GetNextTasks()) runQueue.Enqueue(next);
            serialized = JsonValues.Serialize(conductor.Serialize());
        }

        if (Statuses.Completed.Contains(conductor.WorkflowStatus)) conductor.RenderWorkflowOutput();
        return conductor;
    }

    private static string? Compare(WorkflowConductor conductor, DictValue expected)
    {
        var state = conductor.WorkflowState;
        var sequence = state.Sequence.Select(e => ConductorTraces.FriendlyKey(e.Id, e.Route)).ToList();
        var expectedSequence = (expected.GetValueOrDefault("expected_task_sequence") as ListValue ?? ListValue.Empty).Select(v => NormalizeKey((string)v!)).ToList();
        if (!sequence.Select(NormalizeKey).SequenceEqual(expectedSequence, StringComparer.Ordinal))
        {
            return $"task sequence [{string.Join(", ", sequence)}], expected [{string.Join(", ", expected.GetValueOrDefault("expected_task_sequence") as ListValue ?? ListValue.Empty)}]";
        }

        var routes = ListValue.From(state.Routes.Select(r => (object?)ListValue.From(r)));
        var expectedRoutes = expected.GetValueOrDefault("expected_routes") ?? ListValue.Of(ListValue.Empty);
        if (!JsonEquality.AreEqual(expectedRoutes, routes)) return $"routes {JsonValues.Serialize(routes)}, expected {JsonValues.Serialize(expectedRoutes)}";

        var expectedStatus = expected.GetValueOrDefault("expected_workflow_status") as string ?? Statuses.Succeeded;
        if (state.Status != expectedStatus) return $"workflow status \"{state.Status}\", expected \"{expectedStatus}\"";

        if (expected.GetValueOrDefault("expected_errors") is ListValue expectedErrors)
        {
            var errors = ListValue.From(conductor.Errors);
            if (!ConductorTraces.ErrorsMatch(expectedErrors, errors)) return $"errors {JsonValues.Serialize(errors)}, expected {JsonValues.Serialize(expectedErrors)}";
        }

        if (expected.TryGetValue("expected_output", out var expectedOutput) && expectedOutput is not null)
        {
            var output = conductor.GetWorkflowOutput();
            if (!JsonEquality.AreEqual(expectedOutput, output)) return $"output {(output is null ? "null" : JsonValues.Serialize(output))}, expected {JsonValues.Serialize(expectedOutput)}";
        }

        if (expected.GetValueOrDefault("expected_term_tasks") is ListValue expectedTerms)
        {
            var terms = state.GetTerminalTasks().Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
            var wanted = expectedTerms.Select(v => NormalizeKey((string)v!)).Order(StringComparer.Ordinal).ToList();
            if (!terms.SequenceEqual(wanted, StringComparer.Ordinal))
            {
                return $"terminal tasks [{string.Join(", ", state.GetTerminalTasks().Select(e => ConductorTraces.FriendlyKey(e.Id, e.Route)).Order(StringComparer.Ordinal))}], expected [{string.Join(", ", expectedTerms.Select(v => (string)v!).Order(StringComparer.Ordinal))}]";
            }
        }

        return null;
    }

    private static string NormalizeKey(string taskId) => taskId.Contains("__r", StringComparison.Ordinal) ? taskId : WorkflowState.TaskKey(taskId, 0);
}
