using Orquesta.Azure.Conductor.Graphing;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// Composes the workflow graph from a native spec (the reference's native
/// <c>WorkflowComposer</c>): tasks breadth-first from the start tasks, barriers for joins,
/// split bookkeeping, retry attributes, and one transition per <c>next</c> entry and target.
/// </summary>
public static class WorkflowComposer
{
    // A spec is immutable and conducting never changes its graph, so every conductor of one spec
    // shares one composed graph.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WorkflowSpec, WorkflowGraph> Composed = [];

    /// <summary>The graph of <paramref name="spec"/>, composed once per spec and shared; do not change it.</summary>
    public static WorkflowGraph ComposeShared(WorkflowSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Composed.GetValue(spec, Compose);
    }

    /// <summary>Builds the graph of <paramref name="spec"/>.</summary>
    public static WorkflowGraph Compose(WorkflowSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tasks = spec.Tasks;
        var graph = new WorkflowGraph();
        var queue = new Queue<(string Name, List<string> Splits)>();
        var trackSplits = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var start in tasks.GetStartTasks()) queue.Enqueue((start, []));

        while (queue.Count > 0)
        {
            var (name, splits) = queue.Dequeue();
            graph.AddTask(name);
            // A name no task has (a definition that fails inspection) becomes a bare node.
            var task = tasks.GetTask(name);
            if (task is not null && tasks.IsJoinTask(name))
            {
                var join = task.Join;
                graph.SetBarrier(name, join is "all" ? "*" : join);
            }

            if (tasks.IsSplitTask(name) && !tasks.InCycle(name)) splits.Add(name);
            if (splits.Count > 0) graph.UpdateTask(name, ("splits", ListValue.From(splits)));

            if (task?.Retry is { } retry)
            {
                graph.UpdateTask(name, ("retry", DictValue.Empty.Set("when", retry.When).Set("count", retry.Count).Set("delay", retry.Delay)));
            }

            foreach (var (next, condition, index) in tasks.GetNextTasks(name))
            {
                if (next == "retry")
                {
                    graph.UpdateTask(name, ("retry", DictValue.Empty.Set("when", condition ?? "<% completed() %>").Set("count", 3L)));
                    continue;
                }

                if (!graph.HasTask(next) || !tasks.InCycle(next))
                {
                    // A target already queued with a superset of these splits is not queued again.
                    if (trackSplits.TryGetValue(next, out var existing) && existing.Count > 0)
                    {
                        if (!splits.All(existing.Contains))
                        {
                            queue.Enqueue((next, [.. splits]));
                            existing.UnionWith(splits);
                        }
                    }
                    else
                    {
                        queue.Enqueue((next, [.. splits]));
                        trackSplits[next] = new HashSet<string>(splits, StringComparer.Ordinal);
                    }
                }

                var criteria = condition is null ? ListValue.Empty : ListValue.Of(condition);
                var found = graph.FindTransitions(name, next, ("criteria", criteria), ("ref", (long)index));
                if (found.Count > 0) graph.UpdateTransition(name, next, found[0].Key, ("criteria", criteria), ("ref", (long)index));
                else graph.AddTransition(name, next, ("criteria", criteria), ("ref", (long)index));
            }
        }

        return graph;
    }
}
