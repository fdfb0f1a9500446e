using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// The workflow state to and from the value model (then JSON), losslessly. Context chains are
/// written once each as <c>[parent, index]</c> nodes and referenced by number, so the document
/// grows with the work done, not with its square as the reference's per-task context lists do.
/// </summary>
public static class WorkflowStateSerializer
{
    /// <summary>The state as a value.</summary>
    public static DictValue Serialize(WorkflowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var chainIds = new Dictionary<ContextChain, int>(ReferenceEqualityComparer.Instance);
        var chains = new List<object?>();

        int ChainId(ContextChain chain)
        {
            if (chainIds.TryGetValue(chain, out var id)) return id;
            // Iterate, not recurse: chains can be as long as the workflow.
            var pending = new Stack<ContextChain>();
            for (var node = chain; node is not null && !chainIds.ContainsKey(node); node = node.Parent) pending.Push(node);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                var parent = node.Parent is null ? -1L : chainIds[node.Parent];
                chainIds[node] = chains.Count;
                chains.Add(ListValue.Of(parent, (long)node.Index));
            }

            return chainIds[chain];
        }

        var sequence = new List<object?>(state.Sequence.Count);
        foreach (var entry in state.Sequence)
        {
            var d = DictValue.Empty
                .Set("id", entry.Id)
                .Set("route", (long)entry.Route)
                .Set("in", (long)ChainId(entry.InContexts))
                .Set("prev", IntMap(entry.Prev))
                .Set("next", BoolMap(entry.Next));
            if (entry.OutContext is { } outContext) d = d.Set("out", ListValue.Of(outContext.Key, (long)outContext.Value));
            if (entry.Status is not null) d = d.Set("status", entry.Status);
            if (entry.Term) d = d.Set("term", true);
            if (entry.Retry is not null) d = d.Set("retry", SerializeRetry(entry.Retry));
            sequence.Add(d);
        }

        var staged = new List<object?>();
        foreach (var s in state.Staged)
        {
            var d = DictValue.Empty
                .Set("id", s.Id)
                .Set("route", (long)s.Route)
                .Set("in", (long)ChainId(s.InContexts))
                .Set("prev", IntMap(s.Prev))
                .Set("ready", s.Ready);
            if (s.Completed) d = d.Set("completed", true);
            if (s.RunOnFail) d = d.Set("run_on_fail", true);
            if (s.Retry is not null) d = d.Set("retry", SerializeRetry(s.Retry));
            if (s.Items is not null) d = d.Set("items", ListValue.From(s.Items.ToList()));
            staged.Add(d);
        }

        return DictValue.Empty
            .Set("status", state.Status)
            .Set("contexts", ListValue.From(state.Contexts))
            .Set("routes", ListValue.From(state.Routes.Select(r => (object?)ListValue.From(r))))
            .Set("chains", ListValue.From(chains))
            .Set("sequence", ListValue.From(sequence))
            .Set("staged", ListValue.From(staged))
            .Set("reruns", ListValue.From(state.Reruns.Select(r => (object?)ListValue.From(r.Select(i => (object?)(long)i)))));
    }

    /// <summary>Reads a state written by <see cref="Serialize"/>.</summary>
    /// <exception cref="ConductorStateException">The document is not a workflow state.</exception>
    public static WorkflowState Deserialize(DictValue data)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            var state = new WorkflowState { Status = (string)data["status"]! };
            foreach (var c in (ListValue)data["contexts"]!) state.Contexts.Add((DictValue)c!);
            foreach (var r in (ListValue)data["routes"]!) state.Routes.Add(((ListValue)r!).Cast<string>().ToArray());
            var chains = new List<ContextChain>();
            foreach (var c in (ListValue)data["chains"]!)
            {
                var node = (ListValue)c!;
                var parent = (long)node[0]!;
                var index = (int)(long)node[1]!;
                chains.Add(parent < 0 ? ContextChain.Start(index, state.Contexts[index]) : chains[(int)parent].Append(index, state.Contexts[index]));
            }

            foreach (var e in (ListValue)data["sequence"]!)
            {
                var d = (DictValue)e!;
                var entry = state.AddTaskEntry((string)d["id"]!, (int)(long)d["route"]!, chains[(int)(long)d["in"]!], ReadIntMap((DictValue)d["prev"]!));
                foreach (var (k, v) in (DictValue)d["next"]!) entry.Next[(string)k] = (bool)v!;
                if (d.GetValueOrDefault("out") is ListValue o) entry.OutContext = new KeyValuePair<string, int>((string)o[0]!, (int)(long)o[1]!);
                if (d.GetValueOrDefault("status") is string status) entry.Status = status;
                entry.Term = d.GetValueOrDefault("term") is true;
                if (d.GetValueOrDefault("retry") is DictValue retry) entry.Retry = DeserializeRetry(retry);
            }

            foreach (var s in (ListValue)data["staged"]!)
            {
                var d = (DictValue)s!;
                var staged = state.AddStagedTask((string)d["id"]!, (int)(long)d["route"]!, chains[(int)(long)d["in"]!], ReadIntMap((DictValue)d["prev"]!), (bool)d["ready"]!);
                staged.Completed = d.GetValueOrDefault("completed") is true;
                staged.RunOnFail = d.GetValueOrDefault("run_on_fail") is true;
                if (d.GetValueOrDefault("retry") is DictValue retry) staged.Retry = DeserializeRetry(retry);
                if (d.GetValueOrDefault("items") is ListValue items) staged.Items = new TaskItemStatusList(items.Cast<string>());
            }

            foreach (var r in (ListValue)data["reruns"]!) state.Reruns.Add(((ListValue)r!).Select(i => (int)(long)i!).ToArray());
            return state;
        }
        catch (Exception e) when (e is InvalidCastException or KeyNotFoundException or NullReferenceException or ArgumentOutOfRangeException)
        {
            throw new ConductorStateException($"The workflow state document is malformed: {e.Message}", e);
        }
    }

    private static DictValue IntMap(OrderedDictionary<string, int> map)
    {
        var b = new DictValue.Builder();
        foreach (var (k, v) in map) b.Set(k, (long)v);
        return b.ToDict();
    }

    private static DictValue BoolMap(OrderedDictionary<string, bool> map)
    {
        var b = new DictValue.Builder();
        foreach (var (k, v) in map) b.Set(k, v);
        return b.ToDict();
    }

    private static OrderedDictionary<string, int> ReadIntMap(DictValue d)
    {
        var map = new OrderedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in d) map[(string)k] = (int)(long)v!;
        return map;
    }

    private static DictValue SerializeRetry(TaskRetryState retry)
    {
        var d = DictValue.Empty.Set("when", retry.When).Set("count", retry.Count);
        if (retry.HasDelay) d = d.Set("delay", retry.Delay);
        return d.Set("tally", retry.Tally);
    }

    private static TaskRetryState DeserializeRetry(DictValue d) => new()
    {
        When = d.GetValueOrDefault("when"),
        Count = d.GetValueOrDefault("count"),
        HasDelay = d.ContainsKey("delay"),
        Delay = d.GetValueOrDefault("delay"),
        Tally = d.GetValueOrDefault("tally") is long t ? t : 0,
    };
}

/// <summary>A serialized conductor or workflow state could not be read.</summary>
public sealed class ConductorStateException : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public ConductorStateException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorType => "ConductorStateException";
}
