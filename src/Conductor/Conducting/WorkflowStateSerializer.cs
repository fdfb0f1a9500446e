using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// The workflow state to and from the value model (then JSON), losslessly. Context chains are
/// written once each as <c>[parent, index]</c> nodes and referenced by number, so the document
/// grows with the work done, not with its square as the reference's per-task context lists do.
/// </summary>
public static partial class WorkflowStateSerializer
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
                .Set("prev", IntMap(entry.PrevEntries()))
                .Set("next", BoolMap(entry.NextEntries()));
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
                .Set("prev", IntMap(s.PrevSlots))
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
    /// <exception cref="ConductorStateException">The document is not a workflow state: the message names the place and the problem.</exception>
    public static WorkflowState Deserialize(DictValue data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Read(DocumentReader.Root("workflow state document", data), isTask: null);
    }

    /// <summary>
    /// Reads a state, checking every value and every reference between its parts (chains,
    /// contexts, routes, sequence indexes); <paramref name="isTask"/>, when given, says which task
    /// ids the workflow has.
    /// </summary>
    internal static WorkflowState Read(DocumentReader data, Func<string, bool>? isTask)
    {
        data.Closed("status", "contexts", "routes", "chains", "sequence", "staged", "reruns");
        var state = new WorkflowState { Status = ReadStatus(data["status"]) };
        foreach (var c in data["contexts"].Items()) state.Contexts.Add(ReadValue(c).Dict());
        foreach (var r in data["routes"].Items()) state.Routes.Add(r.Items().Select(x => x.String()).ToArray());

        var chains = new List<ContextChain>();
        foreach (var c in data["chains"].Items())
        {
            var node = c.Items().ToList();
            if (node.Count != 2) throw c.Fail("a chain node is not [parent, index]");
            var parent = node[0].Int(-1, chains.Count - 1, "an earlier chain node or -1");
            var index = node[1].Int(0, state.Contexts.Count - 1, "a context index");
            chains.Add(parent < 0 ? ContextChain.Start(index, state.Contexts[index]) : chains[parent].Append(index, state.Contexts[index]));
        }

        foreach (var e in data["sequence"].Items())
        {
            e.Closed("id", "route", "in", "prev", "next", "out", "status", "term", "retry");
            var id = ReadTaskId(e["id"], isTask);
            var route = e["route"].Int(0, state.Routes.Count - 1, "a route index");
            var chain = chains[e["in"].Int(0, chains.Count - 1, "a chain node")];
            var prev = ReadIntMap(e["prev"], state.Sequence.Count - 1, "an earlier entry of the sequence");
            var entry = state.AddTaskEntry(id, route, chain, prev);
            foreach (var (k, v) in e["next"].Entries()) entry.SetNext(k, v.Bool());
            if (e.Optional("out") is { } o)
            {
                var pair = o.Items().ToList();
                if (pair.Count != 2) throw o.Fail("the outgoing context is not [transition id, context index]");
                entry.OutContext = new KeyValuePair<string, int>(pair[0].String(), pair[1].Int(0, state.Contexts.Count - 1, "a context index"));
            }

            if (e.Optional("status") is { } status) entry.Status = ReadStatus(status);
            if (e.Optional("term") is { } term) entry.Term = term.Bool();
            if (e.Optional("retry") is { } retry) entry.Retry = ReadRetry(retry);
        }

        foreach (var s in data["staged"].Items())
        {
            s.Closed("id", "route", "in", "prev", "ready", "completed", "run_on_fail", "retry", "items");
            var id = ReadTaskId(s["id"], isTask);
            var route = s["route"].Int(0, state.Routes.Count - 1, "a route index");
            var chain = chains[s["in"].Int(0, chains.Count - 1, "a chain node")];
            var prev = ReadIntMap(s["prev"], state.Sequence.Count - 1, "an entry of the sequence");
            var staged = state.AddStagedTask(id, route, chain, prev, s["ready"].Bool());
            if (s.Optional("completed") is { } completed) staged.Completed = completed.Bool();
            if (s.Optional("run_on_fail") is { } runOnFail) staged.RunOnFail = runOnFail.Bool();
            if (s.Optional("retry") is { } retry) staged.Retry = ReadRetry(retry);
            if (s.Optional("items") is { } items) staged.Items = new TaskItemStatusList(items.Items().Select(ReadStatus).ToList());
        }

        foreach (var r in data["reruns"].Items()) state.Reruns.Add(r.Items().Select(i => i.Int(0, state.Sequence.Count - 1, "an entry of the sequence")).ToArray());
        return state;
    }

    private static string ReadStatus(DocumentReader node)
    {
        var status = node.String();
        return Statuses.IsValid(status) ? status : throw node.Fail($"\"{status}\" is not a status");
    }

    private static string ReadTaskId(DocumentReader node, Func<string, bool>? isTask)
    {
        var id = node.String();
        return isTask is null || isTask(id) ? id : throw node.Fail($"the task \"{id}\" is not in the workflow");
    }

    /// <summary>A value that must be made of values of the value model, as the conductor's own state is.</summary>
    internal static DocumentReader ReadValue(DocumentReader node) =>
        WorkflowValueCheck.FindProblem(node.Value, "value", WorkflowValueCheck.Model) is { } problem ? throw node.Fail(problem) : node;

    private static TransitionMap<int> ReadIntMap(DocumentReader node, int max, string what)
    {
        var map = new TransitionMap<int>();
        foreach (var (k, v) in node.Entries()) map[k] = v.Int(0, max, what);
        return map;
    }

    private static TaskRetryState ReadRetry(DocumentReader node)
    {
        node.Closed("when", "count", "delay", "tally");
        var count = node["count"];
        if (count.Value is not (long or bool)) throw count.Fail($"expected an integer, found {DocumentReader.Describe(count.Value)}");
        return new TaskRetryState
        {
            When = ReadValue(node["when"]).Value,
            Count = count.Value,
            HasDelay = node.Optional("delay") is not null,
            Delay = node.Optional("delay") is { } delay ? ReadValue(delay).Value : null,
            Tally = node["tally"].Int(0, int.MaxValue, "a number of retries"),
        };
    }

    private static DictValue IntMap(TransitionSlots<int> slots)
    {
        var b = new DictValue.Builder();
        foreach (var (k, v) in slots) b.Set(k, (long)v);
        return b.ToDict();
    }

    private static DictValue BoolMap(TransitionSlots<bool> map)
    {
        var b = new DictValue.Builder();
        foreach (var (k, v) in map) b.Set(k, v);
        return b.ToDict();
    }

    private static DictValue SerializeRetry(TaskRetryState retry)
    {
        var d = DictValue.Empty.Set("when", retry.When).Set("count", retry.Count);
        if (retry.HasDelay) d = d.Set("delay", retry.Delay);
        return d.Set("tally", retry.Tally);
    }
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
