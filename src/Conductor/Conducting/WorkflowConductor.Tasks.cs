using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Graphing;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

public sealed partial class WorkflowConductor
{
    // ----- next tasks ----------------------------------------------------------------------

    /// <summary>
    /// The tasks to run now, sorted by id and route, each with its rendered actions (one per item
    /// for a with-items task, within its concurrency). Rendering errors are logged and fail the
    /// workflow; then nothing is returned.
    /// </summary>
    public IReadOnlyList<NextTask> GetNextTasks()
    {
        var state = WorkflowState;
        List<StagedTask>? remediation = null;
        if (state.Status == Statuses.Failed) remediation = state.GetStagedTasks().Where(s => s.RunOnFail).ToList();
        if (!Statuses.RunningStatuses.Contains(state.Status) && remediation is not { Count: > 0 }) return [];
        if (!state.HasStagedTasks) return [];

        // One staged task (a sequence's every step): no list to grow and sort.
        if (remediation is null && state.OpenStagedCount == 1)
        {
            foreach (var s in state.EnumerateOpenStaged())
            {
                // A task with nothing to evaluate renders the same for the same context: a caller
                // that asks again before anything changed gets the same (read-only) list.
                var plan = PlanOf(s);
                var constant = plan.ConstantActions is not null && !PyOps.IsTruthy(plan.Delay) && s.Retry is null;
                if (constant && s.Rendered is { } rendered && ReferenceEquals(rendered[0].Context, InitialContextOf(s))) return rendered;
                if (!TryRenderNextTask(s, out var only))
                {
                    RequestWorkflowStatus(Statuses.Failed);
                    return [];
                }

                if (only is null) return [];
                IReadOnlyList<NextTask> result = [only];
                if (constant) s.Rendered = result;
                return result;
            }
        }

        var failed = false;
        var next = new List<NextTask>(remediation?.Count ?? state.OpenStagedCount);
        if (remediation is { Count: > 0 })
        {
            foreach (var s in remediation) failed |= !RenderNextTask(s, next);
        }
        else
        {
            // Rendering changes no staging, so the staged tasks are read in place, not copied.
            foreach (var s in state.EnumerateOpenStaged()) failed |= !RenderNextTask(s, next);
        }

        if (failed)
        {
            RequestWorkflowStatus(Statuses.Failed);
            return [];
        }

        // Staging order is often already this order (a split stages its targets sorted): then no sort.
        if (!IsSorted(next)) next.Sort(CompareNextTasks);
        return next;
    }

    private static int CompareNextTasks(NextTask a, NextTask b)
    {
        var c = string.CompareOrdinal(a.Id, b.Id);
        return c != 0 ? c : a.Route.CompareTo(b.Route);
    }

    private static bool IsSorted(List<NextTask> tasks)
    {
        for (var i = 1; i < tasks.Count; i++)
        {
            if (CompareNextTasks(tasks[i - 1], tasks[i]) > 0) return false;
        }

        return true;
    }

    // Renders a staged task into next; false (the error logged) when rendering failed.
    private bool RenderNextTask(StagedTask s, List<NextTask> next)
    {
        if (!TryRenderNextTask(s, out var task)) return false;
        if (task is not null) next.Add(task);
        return true;
    }

    // False when rendering failed (the error is logged); the task is null when it has nothing to run now.
    private bool TryRenderNextTask(StagedTask s, out NextTask? next)
    {
        next = null;
        try
        {
            var plan = PlanOf(s);
            var task = GetTask(s.Id, s.Route, InitialContextOf(s), plan.Spec, plan.Delay, plan.ConstantActions);
            task = EvaluateTaskActions(task, s);
            if (s.Retry is not null) task = task with { Delay = s.Retry.Delay is null or false ? 0L : s.Retry.Delay };
            if (task.Actions.Count > 0 || task.ItemsCount == 0) next = task;
            return true;
        }
        catch (OrquestaException e)
        {
            LogError(e, s.Id, s.Route);
            return false;
        }
    }

    /// <summary>A task with its context and rendered actions (the reference's <c>get_task</c>).</summary>
    public NextTask GetTask(string taskId, int route)
    {
        var task = FindPlan(taskId)?.Spec ?? Spec.Tasks.GetTask(taskId);
        DictValue context;
        try
        {
            context = GetTaskInitialContext(taskId, route);
        }
        catch (TaskContextNotFound)
        {
            context = GetWorkflowInitialContext();
        }

        return GetTask(taskId, route, context, task, task?.Delay, null);
    }

    // context: the task's initial context. constantActions: the task's one action when its action
    // and input hold no expression and it has no items (nothing to evaluate), else null.
    private NextTask GetTask(string taskId, int route, DictValue context, TaskSpec? taskSpec, object? delaySpec, IReadOnlyList<TaskAction>? constantActions)
    {

        if (constantActions is not null && !PyOps.IsTruthy(delaySpec)) return new NextTask(taskId, route, context, constantActions);

        var scope = Scope(context, new CurrentTask(taskId, route));
        var rendered = RenderTask(taskId, taskSpec, scope);
        object? delay = null;
        if (PyOps.IsTruthy(delaySpec))
        {
            delay = delaySpec is string ? ExpressionEvaluator.Evaluate(delaySpec, scope) : delaySpec;
            if (delay is not (long or bool)) throw ExpressionRuntimeError.TypeError("The value of task delay is not type of integer.");
        }

        var task = new NextTask(taskId, route, context, rendered.Actions) { Delay = delay };
        if (rendered.HasItems)
        {
            task = task with { ItemsCount = rendered.Actions.Count, Concurrency = ExpressionEvaluator.Evaluate(rendered.Concurrency, scope), HasItems = true };
        }

        return task;
    }

    private static NextTask EvaluateTaskActions(NextTask task, StagedTask staged)
    {
        if (!task.HasItems) return task;
        if (staged.Items is null || staged.Items.Count == 0) staged.Items = new TaskItemStatusList(task.ItemsCount ?? 0);
        var items = staged.Items;
        var notRun = new List<TaskAction>();
        var active = 0;
        for (var i = 0; i < task.Actions.Count && i < items.Count; i++)
        {
            var status = items.GetStatus(i);
            if (status == Statuses.Unset) notRun.Add(task.Actions[i]);
            else if (Statuses.Active.Contains(status)) active++;
        }

        if (task.Concurrency is not null)
        {
            if (!PyOps.IsNumber(task.Concurrency)) throw ExpressionRuntimeError.TypeError($"'<=' not supported between instances of '{PyOps.TypeName(task.Concurrency)}' and 'int'");
            var concurrency = PyOps.ToLong(task.Concurrency);
            if (concurrency <= 0)
            {
                concurrency = 1;
                task = task with { Concurrency = 1L };
            }

            var availability = concurrency - active;
            return task with { Actions = availability > 0 ? notRun.Take((int)Math.Min(availability, int.MaxValue)).ToList() : [] };
        }

        return task with { Actions = notRun };
    }

    // ----- next-task questions the state machines ask ----------------------------------------

    private bool HasNext(string taskId, int route, bool evaluateJoinReady)
    {
        var entry = WorkflowState.GetTask(taskId, route);
        if (entry?.Status is null || !Statuses.Completed.Contains(entry.Status)) return false;
        var transitions = PlanOf(entry).Next;
        for (var i = 0; i < transitions.Length; i++)
        {
            var t = transitions[i];
            if (t.Destination.IsContinue) continue;
            if (!entry.TryGetNext(t.TransitionId, out var ok) || !ok) continue;
            if (t.Destination.HasBarrier)
            {
                if (!evaluateJoinReady) return true;
                if (GetInboundCriteriaStatus(t.Destination, route) == InboundNotSatisfied) continue;
            }

            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public bool HasBarrierNext(string taskId, int route) => HasNext(taskId, route, evaluateJoinReady: false);

    /// <inheritdoc />
    public bool HasNextTasks(string taskId, int route) => HasNext(taskId, route, evaluateJoinReady: true);

    string IWorkflowStateForMachines.Status
    {
        get => WorkflowState.Status;
        set => WorkflowState.Status = value;
    }

    bool IWorkflowStateForMachines.HasActiveTasks => WorkflowState.HasActiveTasks;

    bool IWorkflowStateForMachines.HasPausingTasks => WorkflowState.HasPausingTasks;

    bool IWorkflowStateForMachines.HasPausedTasks => WorkflowState.HasPausedTasks;

    bool IWorkflowStateForMachines.HasCancelingTasks => WorkflowState.HasCancelingTasks;

    bool IWorkflowStateForMachines.HasCanceledTasks => WorkflowState.HasCanceledTasks;

    bool IWorkflowStateForMachines.HasStagedTasks => WorkflowState.HasStagedTasks;

    ITaskItemStatuses? IWorkflowStateForMachines.GetStagedTaskItems(string taskId, int route) => WorkflowState.GetStagedTask(taskId, route)?.Items;

    IReadOnlyList<(string TaskId, int Route)> IWorkflowStateForMachines.GetUnreachableBarriers()
    {
        var result = new List<(string, int)>();
        foreach (var staged in WorkflowState.Staged)
        {
            if (staged.Ready) continue;
            var plan = PlanOf(staged);
            if (!plan.HasBarrier) continue;
            if (GetInboundCriteriaStatus(plan, staged.Route) == InboundNotSatisfied) result.Add((staged.Id, staged.Route));
        }

        return result;
    }

    // Tasks with more inbound transitions than this keep their inbound evaluation up to date
    // incrementally instead of recomputing it on every call (a wide join would cost O(N²)).
    private const int TrackedInboundThreshold = 8;

    private readonly Dictionary<(string TaskId, int Route), InboundTracker> _inbound = [];

    // A wide join's value per inbound source, by the source's position in the join's
    // TaskPlan.Sources: each branch that completes changes one slot, with no lookup by name.
    private sealed class InboundTracker(int sources)
    {
        private const sbyte None = -1;
        private readonly sbyte[] _values = new sbyte[sources];

        public int Sources => _values.Length;

        public int TrueCount { get; private set; }

        public int NoneCount { get; private set; }

        public void Init()
        {
            _values.AsSpan().Fill(None);
            NoneCount = _values.Length;
        }

        public void Set(int source, bool? value)
        {
            var old = _values[source];
            var now = value switch { null => None, true => (sbyte)1, false => (sbyte)0 };
            if (old == now) return;
            if (old == 1) TrueCount--;
            if (old == None) NoneCount--;
            if (now == 1) TrueCount++;
            if (now == None) NoneCount++;
            _values[source] = now;
        }
    }

    /// <summary>Whether a join's inbound criteria are satisfied, may still be, or cannot be.</summary>
    /// <exception cref="InvalidTask">The task is not in the graph.</exception>
    public string GetInboundCriteriaStatus(string taskId, int route) => GetInboundCriteriaStatus(FindPlan(taskId) ?? throw new InvalidTask(taskId), route);

    private string GetInboundCriteriaStatus(TaskPlan plan, int route)
    {
        var inbound = plan.Sources;
        int trueCount, noneCount, sources;
        if (plan.Prev.Count > TrackedInboundThreshold)
        {
            if (!_inbound.TryGetValue((plan.Id, route), out var tracker))
            {
                tracker = new InboundTracker(inbound.Length);
                tracker.Init();
                for (var i = 0; i < inbound.Length; i++) tracker.Set(i, EvaluateInbound(inbound[i].Source, inbound[i].Transitions, route));
                _inbound[(plan.Id, route)] = tracker;
            }

            (trueCount, noneCount, sources) = (tracker.TrueCount, tracker.NoneCount, tracker.Sources);
        }
        else
        {
            // Few inbound transitions: evaluate each distinct source once, without allocating.
            trueCount = noneCount = 0;
            sources = inbound.Length;
            foreach (var source in inbound)
            {
                var value = EvaluateInbound(source.Source, source.Transitions, route);
                if (value == true) trueCount++;
                else if (value is null) noneCount++;
            }
        }

        var barrier = plan.Barrier;
        long requirement = barrier is "*" ? sources : barrier is long n && n != 0 ? n : 1;
        if (trueCount >= requirement) return InboundSatisfied;
        if (noneCount > 0 && (WorkflowState.HasActiveTasks || WorkflowState.HasStagedTasks)) return InboundWip;
        return InboundNotSatisfied;
    }

    // The reference's per-source value: None without an entry on the route, else whether any of
    // the source's transitions to the task held. Only the transitions between the two tasks are
    // looked at: a source with N targets must not cost N per target.
    private bool? EvaluateInbound(TaskPlan source, string[] transitionsToTask, int route)
    {
        var entry = WorkflowState.GetTask(source.Id, route);
        if (entry is null) return null;
        foreach (var transitionId in transitionsToTask)
        {
            if (entry.TryGetNext(transitionId, out var ok) && ok) return true;
        }

        return false;
    }

    // The same for one transition of the source: the transition alone when it is the only one to its destination.
    private bool? EvaluateInbound(TaskPlan source, TransitionPlan transition, int route)
    {
        if (!transition.OnlyOneToDestination) return EvaluateInbound(source, transition.ToDestination, route);
        var entry = WorkflowState.GetTask(source.Id, route);
        if (entry is null) return null;
        return entry.TryGetNext(transition.TransitionId, out var ok) && ok;
    }

    // Called when the entry of (source, route) is replaced: every tracked target of the source.
    private void RefreshInbound(TaskPlan source, int route)
    {
        if (_inbound.Count == 0) return;
        foreach (var t in source.Next) RefreshInbound(source, route, t);
    }

    // Called when one transition of (source, route) to the task was evaluated.
    private void RefreshInbound(TaskPlan source, int route, TransitionPlan transition)
    {
        if (_inbound.Count > 0 && _inbound.TryGetValue((transition.Destination.Id, route), out var tracker))
        {
            tracker.Set(transition.SourceIndex, EvaluateInbound(source, transition, route));
        }
    }

    // ----- contexts ------------------------------------------------------------------------

    // The context GetTaskInitialContext gives a staged task: its key's first staged entry's.
    private DictValue InitialContextOf(StagedTask staged) =>
        (WorkflowState.IsFirstStaged(staged) ? staged : WorkflowState.GetStagedTask(staged.Id, staged.Route) ?? staged).InContexts.Merged;

    /// <summary>The context a staged or recorded task starts with.</summary>
    public DictValue GetTaskInitialContext(string taskId, int route)
    {
        var staged = WorkflowState.GetStagedTask(taskId, route);
        if (staged is not null) return staged.InContexts.Merged;
        var entry = WorkflowState.GetTask(taskId, route);
        if (entry is not null) return entry.InContexts.Merged;
        throw new TaskContextNotFound(taskId);
    }

    /// <summary>The initial contexts of the tasks a recorded task transitioned to, by transition id.</summary>
    public DictValue GetTaskTransitionContexts(string taskId, int route)
    {
        var entry = WorkflowState.GetTask(taskId, route) ?? throw new InvalidTaskStateEntry(taskId);
        var result = DictValue.Empty;
        foreach (var t in Graph.GetNextTransitions(taskId))
        {
            var key = WorkflowState.TransitionKey(t.Destination, t.Key);
            if (entry.TryGetNext(key, out var ok) && ok) result = result.Set(key, GetTaskInitialContext(t.Destination, route));
        }

        return result;
    }
}

/// <summary>A task to run, as <see cref="WorkflowConductor.GetNextTasks"/> returns it.</summary>
/// <param name="Id">The task id.</param>
/// <param name="Route">The route.</param>
/// <param name="Context">The context the task runs with.</param>
/// <param name="Actions">The rendered actions: one, or one per item to run now.</param>
public sealed record NextTask(string Id, int Route, DictValue Context, IReadOnlyList<TaskAction> Actions)
{
    /// <summary>The delay before running, in seconds, when the task or its retry has one.</summary>
    public object? Delay { get; init; }

    /// <summary>Whether the task has items.</summary>
    public bool HasItems { get; init; }

    /// <summary>The number of items of a with-items task.</summary>
    public int? ItemsCount { get; init; }

    /// <summary>The concurrency of a with-items task, as rendered.</summary>
    public object? Concurrency { get; init; }
}

/// <summary>A rendered action: what to run and with which input; <see cref="ItemId"/> for an item of a with-items task.</summary>
public sealed record TaskAction(object? Action, object? Input, int? ItemId = null);
