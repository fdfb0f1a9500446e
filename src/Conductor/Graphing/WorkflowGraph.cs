using System.Collections.Immutable;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Graphing;

/// <summary>
/// The workflow graph (the reference's <c>WorkflowGraph</c> over a networkx
/// <c>MultiDiGraph</c>): tasks are nodes with attributes (<c>barrier</c>, <c>splits</c>,
/// <c>retry</c>, ...), task transitions are keyed edges with attributes (<c>criteria</c>,
/// <c>ref</c>, ...). Tasks, neighbours and keys keep the order they were added in, as networkx
/// keeps them, and every result that depends on that order comes out in the reference's order.
/// </summary>
/// <remarks>
/// Lookups by task and by task pair take constant time; next and previous transitions, barriers
/// and cycle membership are computed once and kept until the graph changes. Not safe for
/// concurrent changes; concurrent reads of a graph that no longer changes are safe.
/// </remarks>
public sealed class WorkflowGraph
{
    private const string IdKey = "id";
    private const string KeyKey = "key";

    private readonly OrderedDictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private DictValue _graphAttributes = DictValue.Empty;
    private IReadOnlyDictionary<string, DictValue>? _barriers;
    private HashSet<string>? _cyclic;

    /// <summary>The number of tasks.</summary>
    public int TaskCount => _nodes.Count;

    /// <summary>The task ids, in the order they were added.</summary>
    public IEnumerable<string> TaskIds => _nodes.Keys;

    /// <summary>The position of task <paramref name="taskId"/> among <see cref="TaskIds"/>, or -1.</summary>
    internal int TaskOrdinal(string taskId) => _nodes.IndexOf(taskId);

    /// <summary>The graph's own attributes (the networkx graph dict; empty for graphs Orquesta builds).</summary>
    public DictValue GraphAttributes => _graphAttributes;

    /// <summary>
    /// The tasks no transition leads to, sorted by id: where a workflow starts (the reference's
    /// <c>roots</c>).
    /// </summary>
    public IReadOnlyList<GraphTaskNode> Roots => EndNodes(inbound: true);

    /// <summary>The tasks no transition leaves, sorted by id (the reference's <c>leaves</c>).</summary>
    public IReadOnlyList<GraphTaskNode> Leaves => EndNodes(inbound: false);

    /// <summary>Whether the graph has any task.</summary>
    public bool HasTasks() => _nodes.Count > 0;

    /// <summary>Whether <paramref name="taskId"/> is a task of the graph.</summary>
    public bool HasTask(string taskId) => taskId is not null && _nodes.ContainsKey(taskId);

    /// <summary>The task as a dict: <c>id</c> first, then its attributes.</summary>
    /// <exception cref="InvalidTask">The task is not in the graph.</exception>
    public DictValue GetTask(string taskId) => DictValue.Empty.Set(IdKey, taskId).Merge(GetNode(taskId).Attributes);

    /// <summary>The task's attributes (without its id).</summary>
    /// <exception cref="InvalidTask">The task is not in the graph.</exception>
    public DictValue GetTaskAttributeMap(string taskId) => GetNode(taskId).Attributes;

    /// <summary>
    /// Every task with the value of its <paramref name="attribute"/>, <see langword="null"/> where
    /// it has none, in task order (the reference's <c>get_task_attributes</c>).
    /// </summary>
    public DictValue GetTaskAttributes(string attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        var builder = new DictValue.Builder();
        foreach (var (id, node) in _nodes) builder.Set(id, node.Attributes.GetValueOrDefault(attribute));
        return builder.ToDict();
    }

    /// <summary>Adds the task, or, if it exists, sets the given attributes on it.</summary>
    public void AddTask(string taskId, params ReadOnlySpan<(string Name, object? Value)> attributes)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        if (!_nodes.TryGetValue(taskId, out var node))
        {
            node = new Node(taskId);
            _nodes.Add(taskId, node);
        }

        SetAttributes(node, attributes);
    }

    /// <summary>Sets the given attributes on the task.</summary>
    /// <exception cref="InvalidTask">The task is not in the graph.</exception>
    public void UpdateTask(string taskId, params ReadOnlySpan<(string Name, object? Value)> attributes) =>
        SetAttributes(GetNode(taskId), attributes);

    /// <summary>Sets the given attributes on the task.</summary>
    /// <exception cref="InvalidTask">The task is not in the graph.</exception>
    public void UpdateTask(string taskId, IEnumerable<KeyValuePair<string, object?>> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var node = GetNode(taskId);
        foreach (var (name, value) in attributes) SetAttribute(node, name, value);
    }

    /// <summary>
    /// Adds a transition from <paramref name="source"/> to <paramref name="destination"/>
    /// (adding either task if missing) under the next free key, and returns the key.
    /// </summary>
    public int AddTransition(string source, string destination, params ReadOnlySpan<(string Name, object? Value)> attributes) =>
        AddEdge(source, destination, null, attributes);

    /// <summary>
    /// Adds a transition from <paramref name="source"/> to <paramref name="destination"/> under
    /// <paramref name="key"/>; if that transition exists, sets the given attributes on it.
    /// </summary>
    public int AddTransition(string source, string destination, int key, params ReadOnlySpan<(string Name, object? Value)> attributes) =>
        AddEdge(source, destination, key, attributes);

    /// <summary>
    /// The transitions from <paramref name="source"/> to <paramref name="destination"/> whose
    /// attributes equal (Python equality; absent is <see langword="null"/>) every given filter, in
    /// key order (the reference's <c>has_transition</c>).
    /// </summary>
    public IReadOnlyList<TaskTransition> FindTransitions(string source, string destination, params ReadOnlySpan<(string Name, object? Value)> filter)
    {
        var keys = GetKeyDict(source, destination);
        if (keys is null) return [];
        List<TaskTransition>? found = null;
        foreach (var (key, edge) in keys)
        {
            if (!Matches(edge.Attributes, filter)) continue;
            (found ??= []).Add(new TaskTransition(source, destination, key, edge.Attributes));
        }

        return found is null ? [] : found;
    }

    /// <summary>Whether some transition from <paramref name="source"/> to <paramref name="destination"/> matches every given filter.</summary>
    public bool HasTransition(string source, string destination, params ReadOnlySpan<(string Name, object? Value)> filter) =>
        FindTransitions(source, destination, filter).Count > 0;

    /// <summary>The one transition from <paramref name="source"/> to <paramref name="destination"/> that matches every given filter.</summary>
    /// <exception cref="InvalidTaskTransition">No transition matches.</exception>
    /// <exception cref="AmbiguousTaskTransition">More than one transition matches.</exception>
    public TaskTransition GetTransition(string source, string destination, params ReadOnlySpan<(string Name, object? Value)> filter)
    {
        var found = FindTransitions(source, destination, filter);
        if (found.Count == 0) throw new InvalidTaskTransition(source, destination);
        if (found.Count > 1) throw new AmbiguousTaskTransition(source, destination);
        return found[0];
    }

    /// <summary>The transition from <paramref name="source"/> to <paramref name="destination"/> under <paramref name="key"/>.</summary>
    /// <exception cref="InvalidTaskTransition">There is no such transition.</exception>
    public TaskTransition GetTransition(string source, string destination, int key)
    {
        var keys = GetKeyDict(source, destination);
        if (keys is null || !keys.TryGetValue(key, out var edge)) throw new InvalidTaskTransition(source, destination);
        return new TaskTransition(source, destination, key, edge.Attributes);
    }

    /// <summary>Sets the given attributes on the transition from <paramref name="source"/> to <paramref name="destination"/> under <paramref name="key"/>.</summary>
    /// <exception cref="InvalidTaskTransition">There is no such transition.</exception>
    public void UpdateTransition(string source, string destination, int key, params ReadOnlySpan<(string Name, object? Value)> attributes)
    {
        var keys = GetKeyDict(source, destination);
        if (keys is null || !keys.TryGetValue(key, out var edge)) throw new InvalidTaskTransition(source, destination);
        foreach (var (name, value) in attributes) SetEdgeAttribute(edge, name, value);
        TransitionsChanged(source, destination);
    }

    /// <summary>
    /// Every transition that has <paramref name="attribute"/>, with its value, in the graph's
    /// edge order: by source task, then destination in the order first added, then key (the
    /// reference's <c>get_transition_attributes</c>).
    /// </summary>
    public IReadOnlyList<KeyValuePair<(string Source, string Destination, int Key), object?>> GetTransitionAttributes(string attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        var result = new List<KeyValuePair<(string, string, int), object?>>();
        foreach (var (source, node) in _nodes)
        {
            foreach (var (destination, keys) in node.Successors)
            {
                foreach (var (key, edge) in keys)
                {
                    if (edge.Attributes.TryGetValue(attribute, out var value)) result.Add(new((source, destination, key), value));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The transitions leaving <paramref name="taskId"/>, sorted by destination id; transitions
    /// to the same destination in key order (the reference's <c>get_next_transitions</c>).
    /// Empty for a task not in the graph.
    /// </summary>
    public IReadOnlyList<TaskTransition> GetNextTransitions(string taskId)
    {
        if (taskId is null || !_nodes.TryGetValue(taskId, out var node)) return [];
        return node.NextCache ??= BuildNext(node);
    }

    /// <summary>
    /// The transitions from <paramref name="source"/> to <paramref name="destination"/> in key
    /// order: <see cref="FindTransitions"/> without a filter, found by binary search in the
    /// source's sorted next transitions, without allocating (the conductor asks on every step).
    /// </summary>
    internal ReadOnlySpan<TaskTransition> GetTransitionsTo(string source, string destination)
    {
        if (GetNextTransitions(source) is not ImmutableArray<TaskTransition> next) return FindTransitions(source, destination).ToArray();
        var span = next.AsSpan();
        int low = 0, high = span.Length;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (CodePointComparer.Instance.Compare(span[mid].Destination, destination) < 0) low = mid + 1;
            else high = mid;
        }

        var end = low;
        while (end < span.Length && string.Equals(span[end].Destination, destination, StringComparison.Ordinal)) end++;
        return span[low..end];
    }

    /// <summary>
    /// The transitions leading to <paramref name="taskId"/>: by source in the order its first
    /// transition here was added, then key (the reference's <c>get_prev_transitions</c>, whose
    /// sort by destination keeps that order). Empty for a task not in the graph.
    /// </summary>
    public IReadOnlyList<TaskTransition> GetPrevTransitions(string taskId)
    {
        if (taskId is null || !_nodes.TryGetValue(taskId, out var node)) return [];
        return node.PrevCache ??= BuildPrev(node);
    }

    /// <summary>
    /// The join tasks: every task whose <c>barrier</c> attribute is truthy, with its attributes,
    /// in task order (the reference's <c>get_barriers</c>).
    /// </summary>
    public IReadOnlyDictionary<string, DictValue> GetBarriers()
    {
        if (_barriers is not null) return _barriers;
        var barriers = new OrderedDictionary<string, DictValue>(StringComparer.Ordinal);
        foreach (var (id, node) in _nodes)
        {
            if (PyOps.IsTruthy(node.Attributes.GetValueOrDefault("barrier"))) barriers.Add(id, node.Attributes);
        }

        return _barriers = new System.Collections.ObjectModel.ReadOnlyDictionary<string, DictValue>(barriers);
    }

    /// <summary>Sets the task's <c>barrier</c>: <c>*</c> to wait for every inbound task, or the number of inbound tasks to wait for.</summary>
    /// <exception cref="InvalidTask">The task is not in the graph.</exception>
    public void SetBarrier(string taskId, object? value = null) => UpdateTask(taskId, ("barrier", value ?? "*"));

    /// <summary>The task's <c>barrier</c> attribute, <see langword="null"/> when it has none.</summary>
    /// <exception cref="InvalidTask">The task is not in the graph.</exception>
    public object? GetBarrier(string taskId) => GetNode(taskId).Attributes.GetValueOrDefault("barrier");

    /// <summary>Whether the task's <c>barrier</c> is set and not the empty string.</summary>
    /// <exception cref="InvalidTask">The task is not in the graph.</exception>
    public bool HasBarrier(string taskId) => GetBarrier(taskId) is not (null or "");

    /// <summary>
    /// Whether <paramref name="taskId"/> lies on a cycle of transitions (the reference's
    /// <c>in_cycle</c>, which lists the simple cycles through the task; here only whether there is one).
    /// </summary>
    public bool InCycle(string taskId)
    {
        if (taskId is null) return false;
        _cyclic ??= FindCyclicTasks();
        return _cyclic.Contains(taskId);
    }

    /// <summary>The task's <c>retry</c> attribute, <see langword="null"/> when it has none.</summary>
    /// <exception cref="InvalidTask">The task is not in the graph.</exception>
    public object? GetTaskRetrySpec(string taskId) => GetNode(taskId).Attributes.GetValueOrDefault("retry");

    /// <summary>Whether the task's <c>retry</c> attribute is a dict with a <c>count</c>.</summary>
    /// <exception cref="InvalidTask">The task is not in the graph.</exception>
    public bool TaskHasRetry(string taskId) => GetTaskRetrySpec(taskId) is DictValue retry && retry.ContainsKey("count");

    /// <summary>
    /// The graph in the reference's JSON shape (networkx <c>adjacency_data</c>):
    /// <c>directed</c>, <c>multigraph</c>, <c>graph</c> (a list of pairs), <c>nodes</c> (each
    /// task's attributes then <c>id</c>) and <c>adjacency</c> (for each task, its transitions'
    /// attributes then <c>id</c> and <c>key</c>, sorted by destination id).
    /// </summary>
    public DictValue Serialize()
    {
        var graphPairs = _graphAttributes.Select(kv => (object?)ListValue.Of(kv.Key, kv.Value));
        var nodes = new object?[_nodes.Count];
        var adjacency = new object?[_nodes.Count];
        var i = 0;
        foreach (var (id, node) in _nodes)
        {
            nodes[i] = node.Attributes.Set(IdKey, id);
            var links = new List<(string Destination, DictValue Link)>();
            foreach (var (destination, keys) in node.Successors)
            {
                foreach (var (key, edge) in keys) links.Add((destination, edge.Attributes.Set(IdKey, destination).Set(KeyKey, (long)key)));
            }

            // A stable sort by destination, as the reference's sorted() is.
            adjacency[i] = ListValue.From(links.OrderBy(l => l.Destination, CodePointComparer.Instance).Select(l => (object?)l.Link));
            i++;
        }

        return new DictValue.Builder()
            .Set("directed", true)
            .Set("multigraph", true)
            .Set("graph", ListValue.From(graphPairs))
            .Set("nodes", ListValue.From(nodes))
            .Set("adjacency", ListValue.From(adjacency))
            .ToDict();
    }

    /// <summary>
    /// Rebuilds a graph from <see cref="Serialize"/>'s shape (networkx <c>adjacency_graph</c>,
    /// directed multigraph): tasks in <c>nodes</c> order, then each task's transitions in
    /// <c>adjacency</c> order; a transition repeated under one key merges its attributes, and a
    /// transition to a task not in <c>nodes</c> adds that task.
    /// </summary>
    /// <exception cref="ArgumentException">The data is not in the graph's shape.</exception>
    public static WorkflowGraph Deserialize(object? data)
    {
        if (data is not DictValue dict) throw Malformed("the graph data is not a dict");
        var graph = new WorkflowGraph();

        switch (dict.GetValueOrDefault("graph"))
        {
            case null:
                break;
            case ListValue pairs:
                var builder = new DictValue.Builder();
                foreach (var pair in pairs)
                {
                    if (pair is not ListValue { Count: 2 } kv || kv[0] is null) throw Malformed("an entry of \"graph\" is not a key and value pair");
                    builder.Set(kv[0]!, kv[1]);
                }

                graph._graphAttributes = builder.ToDict();
                break;
            case DictValue attributes:
                graph._graphAttributes = attributes;
                break;
            default:
                throw Malformed("\"graph\" is not a list of pairs");
        }

        if (dict.GetValueOrDefault("nodes") is not ListValue nodes) throw Malformed("\"nodes\" is not a list");
        var mapping = new string[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not DictValue nodeData) throw Malformed($"node {i} is not a dict");
            if (!nodeData.TryGetValue(IdKey, out var idValue) || idValue is not string id) throw Malformed($"node {i} has no string \"id\"");
            mapping[i] = id;
            graph.AddTask(id);
            var node = graph._nodes[id];
            foreach (var (name, value) in nodeData.Remove(IdKey))
            {
                if (name is not string attribute) throw Malformed($"node \"{id}\" has an attribute name that is not a string");
                node.Attributes = node.Attributes.Set(attribute, value);
            }
        }

        var adjacency = dict.GetValueOrDefault("adjacency");
        if (adjacency is not ListValue adjacencyLists) throw Malformed("\"adjacency\" is not a list");
        if (adjacencyLists.Count > mapping.Length) throw Malformed("\"adjacency\" has more entries than \"nodes\"");
        for (var i = 0; i < adjacencyLists.Count; i++)
        {
            if (adjacencyLists[i] is not ListValue links) throw Malformed($"adjacency {i} is not a list");
            foreach (var link in links)
            {
                if (link is not DictValue linkData) throw Malformed($"a transition of \"{mapping[i]}\" is not a dict");
                if (!linkData.TryGetValue(IdKey, out var targetValue) || targetValue is not string target)
                {
                    throw Malformed($"a transition of \"{mapping[i]}\" has no string \"id\"");
                }

                // The reference fails on a transition without key too (networkx looks the edge up under None).
                var key = linkData.GetValueOrDefault(KeyKey) switch
                {
                    long k and >= 0 and <= int.MaxValue => (int)k,
                    _ => throw Malformed($"the transition from \"{mapping[i]}\" to \"{target}\" has no \"key\" that is a non-negative integer"),
                };

                var attributes = linkData.Remove(IdKey).Remove(KeyKey);
                var edgeKey = graph.AddEdge(mapping[i], target, key, []);
                var edge = graph._nodes[mapping[i]].Successors[target][edgeKey];
                foreach (var (name, value) in attributes)
                {
                    if (name is not string attribute) throw Malformed($"the transition from \"{mapping[i]}\" to \"{target}\" has an attribute name that is not a string");
                    edge.Attributes = edge.Attributes.Set(attribute, value);
                }
            }
        }

        return graph;
    }

    private static ArgumentException Malformed(string why) => new($"Unable to deserialize the workflow graph: {why}.");

    private Node GetNode(string taskId)
    {
        if (taskId is null || !_nodes.TryGetValue(taskId, out var node)) throw new InvalidTask(taskId);
        return node;
    }

    private OrderedDictionary<int, Edge>? GetKeyDict(string source, string destination)
    {
        if (source is null || destination is null || !_nodes.TryGetValue(source, out var node)) return null;
        return node.Successors.TryGetValue(destination, out var keys) ? keys : null;
    }

    private int AddEdge(string source, string destination, int? key, ReadOnlySpan<(string Name, object? Value)> attributes)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (!_nodes.ContainsKey(source)) AddTask(source);
        if (!_nodes.ContainsKey(destination)) AddTask(destination);
        var sourceNode = _nodes[source];
        var destinationNode = _nodes[destination];

        if (!sourceNode.Successors.TryGetValue(destination, out var keys))
        {
            // One key dict shared by both directions, as networkx shares it.
            keys = [];
            sourceNode.Successors.Add(destination, keys);
            destinationNode.Predecessors.Add(source, keys);
        }

        // networkx's new_edge_key: the number of keys, moved past any key in use.
        var edgeKey = key ?? keys.Count;
        if (key is null)
        {
            while (keys.ContainsKey(edgeKey)) edgeKey++;
        }

        if (!keys.TryGetValue(edgeKey, out var edge))
        {
            edge = new Edge();
            keys.Add(edgeKey, edge);
            _cyclic = null;
        }

        foreach (var (name, value) in attributes) SetEdgeAttribute(edge, name, value);
        TransitionsChanged(source, destination);
        return edgeKey;
    }

    private void TransitionsChanged(string source, string destination)
    {
        _nodes[source].NextCache = null;
        _nodes[destination].PrevCache = null;
    }

    private static bool Matches(DictValue attributes, ReadOnlySpan<(string Name, object? Value)> filter)
    {
        foreach (var (name, value) in filter)
        {
            if (!PyOps.ValueEquals(attributes.GetValueOrDefault(name), Normalize(value))) return false;
        }

        return true;
    }

    private void SetAttributes(Node node, ReadOnlySpan<(string Name, object? Value)> attributes)
    {
        foreach (var (name, value) in attributes) SetAttribute(node, name, value);
    }

    private void SetAttribute(Node node, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        node.Attributes = node.Attributes.Set(name, Normalize(value));
        _barriers = null;
    }

    private static void SetEdgeAttribute(Edge edge, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        edge.Attributes = edge.Attributes.Set(name, Normalize(value));
    }

    /// <summary>Values are the value model's: a .NET <see cref="int"/> becomes a <see cref="long"/>.</summary>
    private static object? Normalize(object? value) => value is int i ? (long)i : value;

    private static ImmutableArray<TaskTransition> BuildNext(Node node)
    {
        var result = ImmutableArray.CreateBuilder<TaskTransition>();
        foreach (var (destination, keys) in node.Successors)
        {
            foreach (var (key, edge) in keys) result.Add(new TaskTransition(node.Id, destination, key, edge.Attributes));
        }

        // Stable, as the reference's sorted() is: transitions to one destination stay in key order.
        return [.. result.OrderBy(t => t.Destination, CodePointComparer.Instance)];
    }

    private static ImmutableArray<TaskTransition> BuildPrev(Node node)
    {
        var result = ImmutableArray.CreateBuilder<TaskTransition>();
        foreach (var (source, keys) in node.Predecessors)
        {
            foreach (var (key, edge) in keys) result.Add(new TaskTransition(source, node.Id, key, edge.Attributes));
        }

        return result.ToImmutable();
    }

    private ImmutableArray<GraphTaskNode> EndNodes(bool inbound)
    {
        var result = new List<GraphTaskNode>();
        foreach (var (id, node) in _nodes)
        {
            var links = inbound ? node.Predecessors : node.Successors;
            var degree = 0;
            foreach (var keys in links.Values) degree += keys.Count;
            if (degree == 0) result.Add(new GraphTaskNode(id, node.Attributes.TryGetValue("name", out var name) ? name : id));
        }

        return [.. result.OrderBy(n => n.Id, CodePointComparer.Instance)];
    }

    /// <summary>The tasks on some cycle: members of a strongly connected component of two or more tasks, or with a transition to themselves.</summary>
    private HashSet<string> FindCyclicTasks()
    {
        // Tarjan's algorithm, iterative so that long chains of tasks cannot exhaust the stack.
        var count = _nodes.Count;
        var ids = new string[count];
        var indexOf = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var i = 0;
        foreach (var id in _nodes.Keys)
        {
            ids[i] = id;
            indexOf[id] = i++;
        }

        var successors = new int[count][];
        for (var n = 0; n < count; n++)
        {
            successors[n] = [.. _nodes.GetAt(n).Value.Successors.Keys.Select(d => indexOf[d])];
        }

        var cyclic = new HashSet<string>(StringComparer.Ordinal);
        var index = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var work = new Stack<(int Node, int Next)>();
        var nextIndex = 0;

        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0) continue;
            work.Push((root, 0));
            index[root] = low[root] = nextIndex++;
            stack.Push(root);
            onStack[root] = true;

            while (work.Count > 0)
            {
                var (v, next) = work.Pop();
                var edges = successors[v];
                if (next < edges.Length)
                {
                    work.Push((v, next + 1));
                    var w = edges[next];
                    if (w == v)
                    {
                        cyclic.Add(ids[v]);
                    }
                    else if (index[w] < 0)
                    {
                        index[w] = low[w] = nextIndex++;
                        stack.Push(w);
                        onStack[w] = true;
                        work.Push((w, 0));
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }

                    continue;
                }

                if (low[v] == index[v])
                {
                    var members = new List<int>();
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        members.Add(w);
                    }
                    while (w != v);

                    if (members.Count > 1)
                    {
                        foreach (var m in members) cyclic.Add(ids[m]);
                    }
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
            }
        }

        return cyclic;
    }

    private sealed class Node(string id)
    {
        public string Id { get; } = id;

        public DictValue Attributes { get; set; } = DictValue.Empty;

        public OrderedDictionary<string, OrderedDictionary<int, Edge>> Successors { get; } = new(StringComparer.Ordinal);

        public OrderedDictionary<string, OrderedDictionary<int, Edge>> Predecessors { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<TaskTransition>? NextCache { get; set; }

        public IReadOnlyList<TaskTransition>? PrevCache { get; set; }
    }

    private sealed class Edge
    {
        public DictValue Attributes { get; set; } = DictValue.Empty;
    }

    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y) => PyOps.CompareCodePoints(x ?? "", y ?? "");
    }
}
