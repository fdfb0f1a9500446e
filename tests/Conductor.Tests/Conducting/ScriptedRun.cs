using System.Globalization;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>What an action execution reports when it completes.</summary>
internal sealed record Outcome(string Status, object? Result = null)
{
    public static Outcome Success(object? result = null) => new(Statuses.Succeeded, result);

    public static Outcome Failure(object? result = null) => new(Statuses.Failed, result);
}

/// <summary>
/// A workflow run the way a host drives it (the reference's rehearsal loop): get the next tasks,
/// report each action running, then report each outcome from a mock; render the output at the
/// end; optionally rerun. With <c>roundTrip</c> the conductor is written to JSON and read back
/// before every call, as a host that persists it between events would.
/// </summary>
internal sealed class ScriptedRun
{
    private readonly bool _roundTrip;
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Id, int Route), object?[]> _itemResults = [];
    private WorkflowConductor _conductor;

    public ScriptedRun(Scenario scenario, bool roundTrip)
    {
        Scenario = scenario;
        _roundTrip = roundTrip;
        _conductor = new WorkflowConductor(WorkflowSpec.Load(scenario.Yaml), scenario.Inputs is null ? null : Dict(scenario.Inputs));
    }

    public Scenario Scenario { get; }

    /// <summary>Everything observed, call by call.</summary>
    public List<string> Log { get; } = [];

    /// <summary>The conductor, read back from its JSON first when running with round trips.</summary>
    public WorkflowConductor Conductor
    {
        get
        {
            if (_roundTrip)
            {
                var document = Document(_conductor);
                _conductor = WorkflowConductor.Deserialize(Dict(document));
                Assert.Equal(document, Document(_conductor));
            }

            return _conductor;
        }
    }

    /// <summary>The conductor as it is now, without a round trip.</summary>
    public WorkflowConductor Current => _conductor;

    public ScriptedRun Run()
    {
        Conductor.RequestWorkflowStatus(Statuses.Running);
        Note("start");
        RunPhase();
        foreach (var rerun in Scenario.Reruns)
        {
            Conductor.RequestWorkflowRerun(rerun);
            Note("rerun");
            RunPhase();
        }

        return this;
    }

    private void RunPhase()
    {
        for (var step = 0; step < 100; step++)
        {
            if (Scenario.Hooks.TryGetValue(step, out var hook))
            {
                hook(Conductor);
                Note($"hook {step}");
            }

            var next = Conductor.GetNextTasks();
            Log.Add("next " + string.Join("; ", next.Select(Describe)));
            if (next.Count == 0)
            {
                if (Scenario.Hooks.Keys.Any(k => k > step)) continue;
                break;
            }

            foreach (var task in next)
            {
                if (task.HasItems && task.Actions.Count > 0)
                {
                    foreach (var action in task.Actions) Update(task, new TaskItemActionExecutionEvent(action.ItemId!.Value, Statuses.Running));
                }
                else
                {
                    Update(task, new ActionExecutionEvent(Statuses.Running));
                }
            }

            foreach (var task in next)
            {
                if (task.HasItems && task.Actions.Count > 0)
                {
                    if (!_itemResults.TryGetValue((task.Id, task.Route), out var results) || results.Length != task.ItemsCount!.Value)
                    {
                        _itemResults[(task.Id, task.Route)] = results = new object?[task.ItemsCount!.Value];
                    }

                    foreach (var action in task.Actions)
                    {
                        var outcome = Mock(task.Id, action.ItemId);
                        results[action.ItemId!.Value] = outcome.Result;
                        Update(task, new TaskItemActionExecutionEvent(action.ItemId!.Value, outcome.Status, outcome.Result, ListValue.From(results)));
                    }
                }
                else
                {
                    var outcome = task.HasItems ? Outcome.Success() : Mock(task.Id, null);
                    Update(task, new ActionExecutionEvent(outcome.Status, outcome.Result));
                }
            }
        }

        Conductor.RenderWorkflowOutput();
        Note("output " + JsonValues.Serialize(Conductor.GetWorkflowOutput()));
    }

    private Outcome Mock(string taskId, int? itemId)
    {
        var key = itemId is null ? taskId : taskId + "." + itemId.Value.ToString(CultureInfo.InvariantCulture);
        var attempt = _attempts.GetValueOrDefault(key);
        _attempts[key] = attempt + 1;
        return Scenario.Mock?.Invoke(taskId, itemId, attempt) ?? Outcome.Success();
    }

    private void Update(NextTask task, ExecutionEvent executionEvent)
    {
        var entry = Conductor.UpdateTaskState(task.Id, task.Route, executionEvent);
        var item = executionEvent is TaskItemActionExecutionEvent i ? "." + i.ItemId.ToString(CultureInfo.InvariantCulture) : string.Empty;
        Note($"{task.Id}{item}|{task.Route} {executionEvent.Status} -> {entry.Status}");
    }

    private void Note(string what) => Log.Add($"{what}; workflow {Current.WorkflowStatus}; errors {Current.Errors.Count}");

    private static string Describe(NextTask t) =>
        $"{t.Id}|{t.Route} ctx={JsonValues.Serialize(t.Context)} actions={JsonValues.Serialize(ListValue.From(t.Actions.Select(a => (object?)ListValue.Of(a.Action, a.Input, a.ItemId is null ? null : (long)a.ItemId))))} delay={t.Delay} items={t.ItemsCount} concurrency={t.Concurrency}";
}

/// <summary>A workflow with its input, the mock outcomes, hooks by step and reruns.</summary>
internal sealed record Scenario(string Name, string Yaml)
{
    public string? Inputs { get; init; }

    /// <summary>(task, item, attempt) to the outcome; <see langword="null"/> means success without result.</summary>
    public Func<string, int?, int, Outcome?>? Mock { get; init; }

    /// <summary>Called before the next tasks are asked for at a step (for example, to pause or resume).</summary>
    public IReadOnlyDictionary<int, Action<WorkflowConductor>> Hooks { get; init; } = new Dictionary<int, Action<WorkflowConductor>>();

    /// <summary>Reruns after the first run: each the task requests, or <see langword="null"/> for the failed terminal tasks.</summary>
    public IReadOnlyList<IReadOnlyList<TaskRerunRequest>?> Reruns { get; init; } = [];

    public override string ToString() => Name;
}
