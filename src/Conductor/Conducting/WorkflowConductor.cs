using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Graphing;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// Conducts one workflow execution (the reference's <c>WorkflowConductor</c>): takes action
/// events, moves tasks and the workflow through their state machines, evaluates transitions
/// and publishes, and says which tasks run next. Pure and deterministic: the host brings the
/// events, the time and the randomness.
/// </summary>
public sealed partial class WorkflowConductor : IWorkflowStateForMachines, IWorkflowStateView
{
    private const string InboundSatisfied = "inbound_criteria_satisfied";
    private const string InboundWip = "inbound_criteria_wip";
    private const string InboundNotSatisfied = "inbound_criteria_not_satisfied";

    private readonly DictValue _inputs;
    private readonly DictValue _parentContext;
    private WorkflowGraph? _graph;
    private WorkflowState? _state;
    private DictValue? _outputs;

    /// <summary>Creates a conductor for a new execution of <paramref name="spec"/>.</summary>
    /// <exception cref="InvalidWorkflowValue">The input or the parent context is not a workflow value, or is nested too deeply.</exception>
    public WorkflowConductor(WorkflowSpec spec, DictValue? inputs = null, DictValue? context = null, IExpressionEnvironment? environment = null)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _inputs = inputs ?? DictValue.Empty;
        _parentContext = context ?? DictValue.Empty;
        if (WorkflowValueCheck.FindProblem(_inputs, "input") is { } inputProblem) throw new InvalidWorkflowValue($"The workflow input is refused: {inputProblem}.");
        if (WorkflowValueCheck.FindProblem(_parentContext, "context") is { } contextProblem) throw new InvalidWorkflowValue($"The parent context is refused: {contextProblem}.");
        Environment = environment ?? SeededExpressionEnvironment.Default;
    }

    /// <summary>The workflow definition.</summary>
    public WorkflowSpec Spec { get; }

    /// <summary>Where expressions get randomness and time.</summary>
    public IExpressionEnvironment Environment { get; set; }

    /// <summary>The workflow graph, composed from the spec on first use.</summary>
    public WorkflowGraph Graph => _graph ??= WorkflowComposer.ComposeShared(Spec);

    private TaskPlanTable? _plans;
    private TaskPlan? _lastPlan;

    private TaskPlanTable Plans => _plans ??= TaskPlan.For(Spec, Graph);

    // The plan of a task of the graph, or null. A step asks about its task many times by the
    // same string: the last plan found answers without a lookup.
    private TaskPlan? FindPlan(string taskId)
    {
        var last = _lastPlan;
        if (last is not null && ReferenceEquals(last.Id, taskId)) return last;
        var plan = Plans.Find(taskId);
        if (plan is not null) _lastPlan = plan;
        return plan;
    }

    // Staged tasks and entries are always of tasks in the graph (the state's reader checks it).
    private TaskPlan PlanOf(StagedTask staged) => staged.Plan ??= FindPlan(staged.Id) ?? throw new InvalidTask(staged.Id);

    private TaskPlan PlanOf(TaskStateEntry entry) => entry.Plan ??= FindPlan(entry.Id) ?? throw new InvalidTask(entry.Id);

    /// <summary>The error log (type, message, task_id, route, task_transition_id, result, data).</summary>
    public List<DictValue> Errors { get; } = [];

    /// <summary>The info and warning log.</summary>
    public List<DictValue> Log { get; } = [];

    /// <summary>The workflow input as given.</summary>
    public DictValue Inputs => _inputs;

    /// <summary>The parent context as given.</summary>
    public DictValue ParentContext => _parentContext;

    /// <summary>The runtime state, initialized on first use as the reference does.</summary>
    public WorkflowState WorkflowState => _state ?? InitializeState();

    /// <summary>The workflow status.</summary>
    public string WorkflowStatus => WorkflowState.Status;

    private WorkflowState InitializeState()
    {
        _state = new WorkflowState(Graph);
        var initial = _parentContext;
        var (renderedInputs, inputErrors) = RenderInput(_inputs, initial);
        initial = ContextMerge.Merge(initial, renderedInputs);
        var (renderedVars, varErrors) = RenderVars(initial);
        initial = ContextMerge.Merge(initial, renderedVars);
        var errors = inputErrors.Concat(varErrors).ToList();
        if (errors.Count > 0)
        {
            LogErrors(errors);
            RequestWorkflowStatus(Statuses.Failed);
        }

        if (!Statuses.Abended.Contains(_state.Status))
        {
            _state.Contexts.Add(initial);
            _state.Routes.Add([]);
            var root = ContextChain.Start(0, initial);
            foreach (var plan in Plans.Roots) _state.AddStagedTask(plan.Id, 0, root, ready: true).Plan = plan;
        }

        return _state;
    }

    // ----- logging -------------------------------------------------------------------------

    /// <summary>Adds a log entry, once: an equal entry already logged is not added again.</summary>
    /// <exception cref="WorkflowLogEntryError">The type is not info, warn or error.</exception>
    /// <exception cref="InvalidWorkflowValue">The result or data is not a workflow value, or is nested too deeply.</exception>
    public void LogEntry(string type, string message, string? taskId = null, int? route = null, string? taskTransitionId = null, object? result = null, object? data = null)
    {
        if (type is not ("info" or "warn" or "error")) throw new WorkflowLogEntryError($"The log entry type \"{type}\" is not valid.");
        if (WorkflowValueCheck.FindProblem(result, "result") is { } resultProblem) throw new InvalidWorkflowValue($"The log entry is refused: {resultProblem}.", taskId, route);
        if (WorkflowValueCheck.FindProblem(data, "data") is { } dataProblem) throw new InvalidWorkflowValue($"The log entry is refused: {dataProblem}.", taskId, route);
        var entry = DictValue.Empty.Set("type", type).Set("message", message);
        if (taskId is not null) entry = entry.Set("task_id", taskId);
        if (route is not null) entry = entry.Set("route", (long)route.Value);
        if (taskTransitionId is not null) entry = entry.Set("task_transition_id", taskTransitionId);
        if (result is not null) entry = entry.Set("result", result);
        if (data is not null) entry = entry.Set("data", data);
        var log = type == "error" ? Errors : Log;
        foreach (var existing in log)
        {
            if (existing.Equals(entry)) return;
        }

        log.Add(entry);
    }

    /// <summary>Logs an error as the reference does: <c>Type: message</c>.</summary>
    public void LogError(OrquestaException error, string? taskId = null, int? route = null, string? taskTransitionId = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        LogEntry("error", $"{error.ErrorType}: {error.Message}", taskId, route, taskTransitionId);
    }

    void IWorkflowStateForMachines.LogError(OrquestaException error, string taskId, int route) => LogError(error, taskId, route);

    private void LogErrors(IEnumerable<OrquestaException> errors, string? taskId = null, int? route = null, string? taskTransitionId = null)
    {
        foreach (var error in errors) LogError(error, taskId, route, taskTransitionId);
    }

    // ----- workflow status -----------------------------------------------------------------

    /// <summary>Requests a workflow status (running, pausing, paused, resuming, canceling, canceled, failed ...).</summary>
    /// <exception cref="InvalidWorkflowStatusTransition">The request does not apply to the workflow's status.</exception>
    public void RequestWorkflowStatus(string status)
    {
        var state = WorkflowState;
        var current = state.Status;
        var wfEvent = new WorkflowExecutionEvent(status);
        foreach (var task in state.GetTasksByStatus(Statuses.Active).ToList()) TaskStateMachine.ProcessEvent(this, task, wfEvent);
        WorkflowStateMachine.ProcessEvent(this, wfEvent);
        var updated = state.Status;
        if (status == Statuses.Paused && current == Statuses.Pausing && updated == Statuses.Pausing) return;
        if (status == Statuses.Canceled && current == Statuses.Canceling && updated == Statuses.Canceling) return;
        if (status != current && current == updated) throw new InvalidWorkflowStatusTransition(current, wfEvent.Name);
    }

    /// <summary>The initial context of the workflow (inputs and vars over the parent context).</summary>
    public DictValue GetWorkflowInitialContext() => WorkflowState.Contexts[0];

    /// <summary>The context the workflow ended with: the terminal tasks' contexts merged.</summary>
    /// <exception cref="WorkflowContextError">The workflow is not completed.</exception>
    public DictValue GetWorkflowTerminalContext()
    {
        if (!Statuses.Completed.Contains(WorkflowStatus)) throw new WorkflowContextError("Workflow is not in completed status.");
        var terms = WorkflowState.GetTerminalTasks().ToList();
        if (terms.Count == 0) return DictValue.Empty;
        var context = terms[0].InContexts.Merged;
        foreach (var task in terms.Skip(1))
        {
            var indexes = task.InContexts.ToArray().ToList();
            indexes.Remove(0);
            foreach (var i in indexes) context = ContextMerge.Merge(context, WorkflowState.Contexts[i]);
        }

        return context;
    }

    /// <summary>Renders the workflow output once the workflow completed; output errors fail the workflow.</summary>
    public void RenderWorkflowOutput()
    {
        var status = WorkflowStatus;
        if (!Statuses.Completed.Contains(status) || (_outputs is not null && _outputs.Count > 0)) return;
        var context = GetWorkflowTerminalContext();
        var (outputs, errors) = RenderOutput(context);
        if (outputs.Count > 0) _outputs = outputs;
        if (errors.Count > 0)
        {
            LogErrors(errors);
            if (status is not (Statuses.Expired or Statuses.Abandoned or Statuses.Canceled)) RequestWorkflowStatus(Statuses.Failed);
        }
    }

    /// <summary>The rendered output, or <see langword="null"/>.</summary>
    public DictValue? GetWorkflowOutput() => _outputs is { Count: > 0 } ? _outputs : null;

    private void ResetWorkflowOutput() => _outputs = null;

    // ----- expression scopes ---------------------------------------------------------------

    private ExpressionScope Scope(DictValue data, CurrentTask? currentTask = null) =>
        new(data) { CurrentTask = currentTask, State = this, Environment = Environment };

    string IWorkflowStateView.GetTaskStatus(string taskId, int route)
    {
        var state = WorkflowState;
        while (true)
        {
            var entry = state.GetTask(taskId, route);
            if (entry is not null) return entry.Status ?? Statuses.Unset;
            if (route <= 0 || route >= state.Routes.Count) return Statuses.Unset;
            // Fall back to the nearest earlier route that the current one extends, as the reference does.
            var current = state.Routes[route];
            var found = -1;
            for (var prev = route - 1; prev >= 0; prev--)
            {
                if (state.Routes[prev].All(current.Contains))
                {
                    found = prev;
                    break;
                }
            }

            if (found < 0) return Statuses.Unset;
            route = found;
        }
    }
}
