using System.Runtime.CompilerServices;
using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Graphing;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// What a conducting step asks of one task's spec and graph node, read once per composed graph:
/// the spec, whether it has items, a delay, a retry, a barrier, whether it splits routes, and its
/// transitions with their criteria, publish spec and destination plan already resolved.
/// </summary>
/// <remarks>
/// A step of a large workflow reads the data of a task no step has read for a long time, so
/// every separate object it touches is a likely cache miss: answering each question through the
/// graph's node dictionary, the node's attribute dict, the spec's task dictionary and the
/// spec's definition dict costs tens of misses per step. The plans of a graph are built in one
/// pass in task order, so a step reads its task's plan and its transitions' plans: a few
/// objects that lie next to each other, and next to the following task's (decision 0004).
/// Plans are shared by every conductor of the graph and never change after the build.
/// </remarks>
internal sealed class TaskPlan
{
    private TaskPlan(string id, int ordinal)
    {
        Id = id;
        Ordinal = ordinal;
    }

    /// <summary>The task id (the graph node's own string).</summary>
    public string Id { get; }

    /// <summary>The task's position among the graph's tasks (<see cref="WorkflowGraph.TaskIds"/>).</summary>
    public int Ordinal { get; }

    /// <summary>The task's spec, the engine command's, or <see langword="null"/> for a node no task has.</summary>
    public TaskSpec? Spec { get; private set; }

    /// <summary>Whether the task has items (<see cref="TaskSpec.HasItems"/>).</summary>
    public bool HasItems { get; private set; }

    /// <summary>
    /// The task's one rendered action when rendering has nothing to evaluate (no items, no
    /// expression in its action or input): shared by every rendering; else <see langword="null"/>.
    /// </summary>
    public IReadOnlyList<TaskAction>? ConstantActions { get; private set; }

    /// <summary>The task's <c>delay</c> as written.</summary>
    public object? Delay { get; private set; }

    /// <summary>Whether reaching the task starts a new route: a split task not in a cycle.</summary>
    public bool StartsRoute { get; private set; }

    /// <summary>The graph's <c>retry</c> attribute when it is a dict with a <c>count</c> (the task retries), else <see langword="null"/>.</summary>
    public DictValue? Retry { get; private set; }

    /// <summary>The graph's <c>barrier</c> attribute.</summary>
    public object? Barrier { get; private set; }

    /// <summary>Whether the barrier is set and not the empty string.</summary>
    public bool HasBarrier { get; private set; }

    /// <summary>Whether the task is the engine command <c>continue</c>.</summary>
    public bool IsContinue { get; private set; }

    /// <summary>Whether the task is an engine command (<see cref="EngineOperationEvent.IsCommand"/>).</summary>
    public bool IsCommand { get; private set; }

    /// <summary>The outbound transitions, in the graph's order.</summary>
    public TransitionPlan[] Next { get; private set; } = [];

    /// <summary>Whether the task has more outbound transitions than an entry keeps in its own fields (a task's first event asks, and need not read <see cref="Next"/> for it).</summary>
    public bool WideNext { get; private set; }

    /// <summary>Whether a transition leads to the <c>fail</c> command.</summary>
    public bool MayFail { get; private set; }

    /// <summary>The inbound transitions, in the graph's order (<see cref="WorkflowGraph.GetPrevTransitions"/>).</summary>
    public IReadOnlyList<TaskTransition> Prev { get; private set; } = [];

    /// <summary>The distinct sources of <see cref="Prev"/> in order, each with its transitions to this task in key order.</summary>
    public InboundSource[] Sources { get; private set; } = [];

    /// <summary>The plans of every task of <paramref name="graph"/>, built once per graph and shared.</summary>
    public static TaskPlanTable For(WorkflowSpec spec, WorkflowGraph graph) => Tables.GetValue(graph, g => Build(spec, g));

    private static readonly ConditionalWeakTable<WorkflowGraph, TaskPlanTable> Tables = [];

    private static TaskPlanTable Build(WorkflowSpec spec, WorkflowGraph graph)
    {
        var plans = new Dictionary<string, TaskPlan>(graph.TaskCount, StringComparer.Ordinal);
        var shared = new PlanSharing();
        // An entry that leads to N tasks is asked N times whether it names each: a set of its targets.
        var targets = new Dictionary<TaskTransitionSpec, HashSet<string>>();
        // First each task's own facts and its outbound transitions, in task order: a step reads a
        // task's plan and its transitions together, so they are made one after the other and lie
        // together in memory. Then what points at other plans.
        foreach (var id in graph.TaskIds)
        {
            var task = spec.Tasks.GetTask(id);
            var barrier = graph.GetBarrier(id);
            var plan = new TaskPlan(id, plans.Count)
            {
                Spec = task,
                HasItems = task?.HasItems ?? false,
                Delay = task?.Delay,
                StartsRoute = spec.Tasks.IsSplitTask(id) && !graph.InCycle(id),
                Retry = graph.TaskHasRetry(id) ? (DictValue?)graph.GetTaskRetrySpec(id) : null,
                Barrier = barrier,
                HasBarrier = barrier is not (null or ""),
                IsContinue = id == "continue",
                IsCommand = EngineOperationEvent.IsCommand(id),
            };
            if (task is { HasItems: false } && IsConstant(task.Action) && IsConstant(task.Input))
            {
                plan.ConstantActions = shared.Actions(task.Action, task.Input);
            }

            var next = graph.GetNextTransitions(id);
            plan.Next = new TransitionPlan[next.Count];
            plan.WideNext = next.Count > 2;
            for (var i = 0; i < next.Count; i++)
            {
                var t = next[i];
                var entry = FindSpec(task, t);
                // The reference tests "name in do": a substring test when do is a string.
                var publishes = entry is not null && (entry.DoValue is string text
                    ? text.Contains(t.Destination, StringComparison.Ordinal)
                    : (targets.TryGetValue(entry, out var set) ? set : targets[entry] = entry.Do.ToHashSet(StringComparer.Ordinal)).Contains(t.Destination));
                plan.Next[i] = new TransitionPlan(t, shared.Criteria(t.Criteria), entry, entry is null ? [] : shared.Publish(entry.Publish), publishes)
                {
                    ToDestination = TransitionIds(graph.GetTransitionsTo(id, t.Destination)),
                };
                plan.MayFail |= t.Destination == "fail";
            }

            plans.Add(id, plan);
        }

        foreach (var plan in plans.Values)
        {
            foreach (var t in plan.Next)
            {
                t.Destination = plans[t.Transition.Destination];
            }

            plan.Prev = graph.GetPrevTransitions(plan.Id);
            var sources = new List<InboundSource>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in plan.Prev)
            {
                if (seen.Add(t.Source)) sources.Add(new InboundSource(plans[t.Source], TransitionIds(graph.GetTransitionsTo(t.Source, plan.Id))));
            }

            plan.Sources = [.. sources];
        }

        // Each transition knows where its source sits among its destination's sources.
        var sourceIndexes = new Dictionary<(TaskPlan Source, TaskPlan Destination), int>();
        foreach (var plan in plans.Values)
        {
            for (var k = 0; k < plan.Sources.Length; k++) sourceIndexes.TryAdd((plan.Sources[k].Source, plan), k);
        }

        foreach (var plan in plans.Values)
        {
            foreach (var t in plan.Next) t.SourceIndex = sourceIndexes.TryGetValue((plan, t.Destination), out var k) ? k : -1;
        }

        var roots = graph.Roots.Select(r => plans[r.Id]).ToArray();
        return new TaskPlanTable(plans, roots);
    }

    private static string[] TransitionIds(ReadOnlySpan<TaskTransition> transitions)
    {
        var ids = new string[transitions.Length];
        for (var i = 0; i < ids.Length; i++) ids[i] = transitions[i].TransitionId;
        return ids;
    }

    // Whether evaluating the statement gives an equal value for certain: no string in it holds an
    // expression and every dict key is such a string (other keys take the evaluator's own way).
    private static bool IsConstant(object? statement) => statement switch
    {
        string text => !ExpressionEvaluator.HasExpressions(text),
        ListValue list => list.All(IsConstant),
        DictValue dict => dict.All(kv => kv.Key is string key && IsConstant(key) && IsConstant(kv.Value)),
        _ => true,
    };

    // The next entry a transition comes from (its ref), when the spec has it; the conductor
    // reports a missing one when it finalizes the context, as it always did.
    private static TaskTransitionSpec? FindSpec(TaskSpec? task, TaskTransition transition)
    {
        if (task is null || transition.Ref is not (long or int or bool)) return null;
        var index = (int)PyOps.ToLong(transition.Ref);
        foreach (var t in task.Next)
        {
            if (t.Index == index) return t;
        }

        return null;
    }
}

/// <summary>One outbound transition of a <see cref="TaskPlan"/>.</summary>
internal sealed class TransitionPlan
{
    public TransitionPlan(TaskTransition transition, ListValue criteria, TaskTransitionSpec? spec, IReadOnlyList<NamedValue> publish, bool publishesToDestination)
    {
        Transition = transition;
        TransitionId = transition.TransitionId;
        PrevKey = transition.PrevKey;
        Criteria = criteria;
        Spec = spec;
        Publish = publish;
        PublishesToDestination = publishesToDestination;
        Publishes = publishesToDestination && publish.Count > 0;
    }

    /// <summary>The graph's transition.</summary>
    public TaskTransition Transition { get; }

    /// <summary><see cref="TaskTransition.TransitionId"/>.</summary>
    public string TransitionId { get; }

    /// <summary><see cref="TaskTransition.PrevKey"/>.</summary>
    public string PrevKey { get; }

    /// <summary>The <c>when</c> expressions (one list for every transition of the graph with the same ones).</summary>
    public ListValue Criteria { get; }

    /// <summary>The plan of the task the transition leads to.</summary>
    public TaskPlan Destination { get; internal set; } = null!;

    /// <summary>The transition ids of every transition from the same source to <see cref="Destination"/>, in key order.</summary>
    public string[] ToDestination
    {
        get => _toDestination;
        init
        {
            _toDestination = value;
            OnlyOneToDestination = value.Length == 1 && ReferenceEquals(value[0], TransitionId);
        }
    }

    private readonly string[] _toDestination = [];

    /// <summary>Whether this is the only transition from its source to <see cref="Destination"/> (then a join asks about it alone, without reading <see cref="ToDestination"/>).</summary>
    public bool OnlyOneToDestination { get; private init; }

    /// <summary>The source's <c>next</c> entry the transition comes from, or <see langword="null"/> when the spec has none.</summary>
    public TaskTransitionSpec? Spec { get; }

    /// <summary>The entry's <c>publish</c> (one list for every transition of the graph with the same one); empty without an entry.</summary>
    public IReadOnlyList<NamedValue> Publish { get; }

    /// <summary>Whether the destination is among the entry's <c>do</c> targets, so that the entry's publish applies.</summary>
    public bool PublishesToDestination { get; }

    /// <summary>Whether the transition publishes something to its destination.</summary>
    public bool Publishes { get; }

    /// <summary>The position of the transition's source among <see cref="Destination"/>'s <see cref="TaskPlan.Sources"/>.</summary>
    public int SourceIndex { get; internal set; } = -1;
}

/// <summary>An inbound source of a task: its plan and its transitions to the task, in key order.</summary>
internal sealed record InboundSource(TaskPlan Source, string[] Transitions);

/// <summary>The plans of one graph's tasks by id.</summary>
internal sealed class TaskPlanTable(Dictionary<string, TaskPlan> plans, TaskPlan[] roots)
{
    /// <summary>The plans of the graph's roots, in the order of <see cref="WorkflowGraph.Roots"/>.</summary>
    public IReadOnlyList<TaskPlan> Roots { get; } = roots;

    /// <summary>The plan of a task of the graph, or <see langword="null"/>.</summary>
    public TaskPlan? Find(string taskId) => plans.GetValueOrDefault(taskId);
}
