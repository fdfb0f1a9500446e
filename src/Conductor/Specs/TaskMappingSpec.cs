using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Specs;

/// <summary>
/// The tasks of a workflow, in the order written, with the graph queries the reference's
/// inspection and composer use (next, previous and start tasks, joins, splits, cycles). Names
/// of engine commands (<c>continue</c>, <c>fail</c>, <c>noop</c>, <c>retry</c>) count as tasks
/// for <see cref="HasTask"/> and <see cref="GetTask"/>, as in the reference.
/// </summary>
public sealed class TaskMappingSpec : IReadOnlyCollection<TaskSpec>
{
    private static readonly string[] CommandNames = ["continue", "fail", "noop", "retry"];
    private static readonly IComparer<string> NameOrder = Comparer<string>.Create(PyOps.CompareCodePoints);
    private static readonly Dictionary<string, TaskSpec> Commands = CommandNames.ToDictionary(n => n, TaskSpec.EngineCommand, StringComparer.Ordinal);

    private readonly List<TaskSpec> _tasks = [];
    private readonly Dictionary<string, TaskSpec> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TaskTransitionRef>> _next = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TaskTransitionRef>> _prev = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _start;
    private readonly Lazy<HashSet<string>> _inCycle;

    internal TaskMappingSpec(object? definition)
    {
        if (definition is DictValue tasks)
        {
            foreach (var (key, body) in tasks)
            {
                if (key is not string name) continue;
                var task = TaskSpec.FromDefinition(name, body);
                _tasks.Add(task);
                _byName[name] = task;
            }
        }

        foreach (var task in _tasks)
        {
            var source = GetTask(task.Name)!;
            var next = new List<TaskTransitionRef>();
            foreach (var transition in source.Next)
            {
                foreach (var target in transition.Do) next.Add(new TaskTransitionRef(target, transition.When, transition.Index));
            }

            _next[task.Name] = next.OrderBy(n => n.TaskName, NameOrder).ToArray();
        }

        var prev = new Dictionary<string, List<TaskTransitionRef>>(StringComparer.Ordinal);
        foreach (var task in _tasks)
        {
            foreach (var next in _next[task.Name])
            {
                if (!prev.TryGetValue(next.TaskName, out var list)) prev[next.TaskName] = list = [];
                list.Add(next with { TaskName = task.Name });
            }
        }

        foreach (var (name, list) in prev) _prev[name] = list.OrderBy(p => p.TaskName, NameOrder).ToArray();
        _start = _tasks.Select(t => t.Name).Where(n => !_prev.ContainsKey(n)).OrderBy(n => n, NameOrder).ToArray();
        _inCycle = new Lazy<HashSet<string>>(FindCycles, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The engine commands a transition may name in <c>do</c>; they are reserved as task names.</summary>
    public static IReadOnlyList<string> EngineCommands => CommandNames;

    /// <summary>Whether <paramref name="name"/> is an engine command.</summary>
    public static bool IsEngineCommand(string name) => name is "continue" or "fail" or "noop" or "retry";

    /// <summary>The number of tasks written.</summary>
    public int Count => _tasks.Count;

    /// <summary>The task names, in the order written.</summary>
    public IReadOnlyList<string> Names => _tasks.Select(t => t.Name).ToArray();

    /// <summary>The task written under <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No task has that name.</exception>
    public TaskSpec this[string name] => _byName[name];

    /// <summary>Whether a task is written under <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The task written under <paramref name="name"/>, if any.</summary>
    public bool TryGetTask(string name, [NotNullWhen(true)] out TaskSpec? task) => _byName.TryGetValue(name, out task);

    /// <summary>Whether <paramref name="name"/> is a task or an engine command (the reference's <c>has_task</c>).</summary>
    public bool HasTask(string name) => IsEngineCommand(name) || _byName.ContainsKey(name);

    /// <summary>
    /// The task for <paramref name="name"/> as the reference's <c>get_task</c> finds it: an engine
    /// command's spec (even where a task is written under that reserved name), else the task, else
    /// <see langword="null"/>.
    /// </summary>
    public TaskSpec? GetTask(string name) =>
        Commands.TryGetValue(name, out var command) ? command : _byName.GetValueOrDefault(name);

    /// <summary>The tasks and commands <paramref name="taskName"/> transitions to, sorted by name (stable).</summary>
    public IReadOnlyList<TaskTransitionRef> GetNextTasks(string taskName) =>
        _next.TryGetValue(taskName, out var next) && !IsEngineCommand(taskName) ? next : [];

    /// <summary>The tasks that transition to <paramref name="taskName"/>, sorted by name (stable); each with the condition and index of its transition.</summary>
    public IReadOnlyList<TaskTransitionRef> GetPrevTasks(string taskName) =>
        _prev.TryGetValue(taskName, out var prev) ? prev : [];

    /// <summary>The tasks nothing transitions to, sorted by name: where the workflow starts.</summary>
    public IReadOnlyList<string> GetStartTasks() => _start;

    /// <summary>Whether <paramref name="taskName"/> is a join task.</summary>
    public bool IsJoinTask(string taskName) => GetTask(taskName)?.IsJoin ?? false;

    /// <summary>Whether <paramref name="taskName"/> is a split: not a join, and more than one transition leads to it.</summary>
    public bool IsSplitTask(string taskName) => !IsJoinTask(taskName) && GetPrevTasks(taskName).Count > 1;

    /// <summary>Whether <paramref name="taskName"/> can reach itself through transitions.</summary>
    public bool InCycle(string taskName) => _inCycle.Value.Contains(taskName);

    /// <summary>Whether any task is in a cycle.</summary>
    public bool HasCycles() => _tasks.Any(t => InCycle(t.Name));

    /// <inheritdoc />
    public IEnumerator<TaskSpec> GetEnumerator() => _tasks.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Tarjan's strongly connected components, iterative. A task is in a cycle when its component
    // has more than one member or it transitions to itself.
    private HashSet<string> FindCycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var result = new HashSet<string>(StringComparer.Ordinal);
        var counter = 0;
        foreach (var root in _tasks.Select(t => t.Name))
        {
            if (index.ContainsKey(root)) continue;
            var work = new Stack<(string Node, int Edge)>();
            work.Push((root, 0));
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack.Add(root);
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                var next = GetNextTasks(node);
                if (edge < next.Count)
                {
                    work.Push((node, edge + 1));
                    var target = next[edge].TaskName;
                    if (target == node) result.Add(node);
                    if (!index.TryGetValue(target, out var targetIndex))
                    {
                        index[target] = low[target] = counter++;
                        stack.Push(target);
                        onStack.Add(target);
                        work.Push((target, 0));
                    }
                    else if (onStack.Contains(target))
                    {
                        low[node] = Math.Min(low[node], targetIndex);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] != index[node]) continue;
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1) result.UnionWith(component);
            }
        }

        return result;
    }
}
