using System.Text.Json;
using Orquesta.Azure.Conductor.Graphing;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

// The workflow state written and read as JSON directly: the same document as Serialize gives and
// Read takes, without the value tree in between.
public static partial class WorkflowStateSerializer
{
    /// <summary>Writes the state as <see cref="Serialize"/> would give it, key for key.</summary>
    internal static void Write(Utf8JsonWriter writer, WorkflowState state)
    {
        // Chains are numbered in the order Serialize meets them: the sequence, then the staged tasks.
        var chainIds = new Dictionary<ContextChain, int>(ReferenceEqualityComparer.Instance);
        var chains = new List<ContextChain>();
        var pending = new Stack<ContextChain>();

        int ChainId(ContextChain chain)
        {
            if (chainIds.TryGetValue(chain, out var id)) return id;
            for (var node = chain; node is not null && !chainIds.ContainsKey(node); node = node.Parent) pending.Push(node);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                chainIds[node] = chains.Count;
                chains.Add(node);
            }

            return chainIds[chain];
        }

        var sequenceChains = new int[state.Sequence.Count];
        for (var i = 0; i < sequenceChains.Length; i++) sequenceChains[i] = ChainId(state.Sequence[i].InContexts);
        var stagedChains = new List<int>();
        foreach (var s in state.Staged) stagedChains.Add(ChainId(s.InContexts));

        writer.WriteStartObject();
        writer.WriteString("status"u8, state.Status);
        writer.WriteStartArray("contexts"u8);
        foreach (var context in state.Contexts) JsonValues.Write(writer, context);
        writer.WriteEndArray();
        writer.WriteStartArray("routes"u8);
        foreach (var route in state.Routes)
        {
            writer.WriteStartArray();
            foreach (var split in route) writer.WriteStringValue(split);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("chains"u8);
        foreach (var node in chains)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(node.Parent is null ? -1 : chainIds[node.Parent]);
            writer.WriteNumberValue(node.Index);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("sequence"u8);
        for (var i = 0; i < sequenceChains.Length; i++)
        {
            var entry = state.Sequence[i];
            writer.WriteStartObject();
            writer.WriteString("id"u8, entry.Id);
            writer.WriteNumber("route"u8, entry.Route);
            writer.WriteNumber("in"u8, sequenceChains[i]);
            WriteIntMap(writer, "prev"u8, entry.PrevEntries());
            writer.WriteStartObject("next"u8);
            foreach (var (key, value) in entry.NextEntries()) writer.WriteBoolean(key, value);
            writer.WriteEndObject();
            if (entry.OutContext is { } outContext)
            {
                writer.WriteStartArray("out"u8);
                writer.WriteStringValue(outContext.Key);
                writer.WriteNumberValue(outContext.Value);
                writer.WriteEndArray();
            }

            if (entry.Status is not null) writer.WriteString("status"u8, entry.Status);
            if (entry.Term) writer.WriteBoolean("term"u8, true);
            if (entry.Retry is not null) WriteRetry(writer, entry.Retry);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("staged"u8);
        var stagedIndex = 0;
        foreach (var s in state.Staged)
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, s.Id);
            writer.WriteNumber("route"u8, s.Route);
            writer.WriteNumber("in"u8, stagedChains[stagedIndex++]);
            WriteIntMap(writer, "prev"u8, s.PrevSlots);
            writer.WriteBoolean("ready"u8, s.Ready);
            if (s.Completed) writer.WriteBoolean("completed"u8, true);
            if (s.RunOnFail) writer.WriteBoolean("run_on_fail"u8, true);
            if (s.Retry is not null) WriteRetry(writer, s.Retry);
            if (s.Items is not null)
            {
                writer.WriteStartArray("items"u8);
                foreach (var status in s.Items.ToList()) writer.WriteStringValue(status);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("reruns"u8);
        foreach (var rerun in state.Reruns)
        {
            writer.WriteStartArray();
            foreach (var index in rerun) writer.WriteNumberValue(index);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteIntMap(Utf8JsonWriter writer, ReadOnlySpan<byte> name, TransitionSlots<int> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map) writer.WriteNumber(key, value);
        writer.WriteEndObject();
    }

    private static void WriteRetry(Utf8JsonWriter writer, TaskRetryState retry)
    {
        writer.WriteStartObject("retry"u8);
        writer.WritePropertyName("when"u8);
        JsonValues.Write(writer, retry.When);
        writer.WritePropertyName("count"u8);
        JsonValues.Write(writer, retry.Count);
        if (retry.HasDelay)
        {
            writer.WritePropertyName("delay"u8);
            JsonValues.Write(writer, retry.Delay);
        }

        writer.WriteNumber("tally"u8, retry.Tally);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads a state at the reader's <c>{</c> when it is in the shape <see cref="Write"/> gives
    /// (keys in that order) and passes every check <see cref="Read"/> makes; <see langword="null"/>
    /// otherwise, for the validating reader to take over and name the problem.
    /// </summary>
    internal static WorkflowState? ReadDirect(ref Utf8JsonReader reader, WorkflowGraph graph)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        if (!Property(ref reader, "status"u8) || ReadStatus(ref reader) is not { } status) return null;
        var state = new WorkflowState(graph) { Status = status };

        if (!Property(ref reader, "contexts"u8) || reader.TokenType != JsonTokenType.StartArray) return null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject || JsonValues.ReadValue(ref reader) is not DictValue context || !IsModelValue(context)) return null;
            state.Contexts.Add(context);
        }

        if (!Property(ref reader, "routes"u8) || reader.TokenType != JsonTokenType.StartArray) return null;
        var splits = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray) return null;
            splits.Clear();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String) return null;
                splits.Add(reader.GetString()!);
            }

            state.Routes.Add(splits.ToArray());
        }

        if (!Property(ref reader, "chains"u8) || reader.TokenType != JsonTokenType.StartArray) return null;
        var chains = new List<ContextChain>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray) return null;
            if (!NextInt(ref reader, -1, chains.Count - 1, out var parent) || !NextInt(ref reader, 0, state.Contexts.Count - 1, out var index)) return null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray) return null;
            chains.Add(parent < 0 ? ContextChain.Start(index, state.Contexts[index]) : chains[parent].Append(index, state.Contexts[index]));
        }

        if (!Property(ref reader, "sequence"u8) || reader.TokenType != JsonTokenType.StartArray) return null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!ReadEntry(ref reader, state, chains, graph)) return null;
        }

        if (!Property(ref reader, "staged"u8) || reader.TokenType != JsonTokenType.StartArray) return null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!ReadStaged(ref reader, state, chains, graph)) return null;
        }

        if (!Property(ref reader, "reruns"u8) || reader.TokenType != JsonTokenType.StartArray) return null;
        var rerun = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray) return null;
            rerun.Clear();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (!IsInt(ref reader, 0, state.Sequence.Count - 1, out var index)) return null;
                rerun.Add(index);
            }

            state.Reruns.Add(rerun.ToArray());
        }

        return reader.Read() && reader.TokenType == JsonTokenType.EndObject ? state : null;
    }

    private static bool ReadEntry(ref Utf8JsonReader reader, WorkflowState state, List<ContextChain> chains, WorkflowGraph graph)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        if (!Property(ref reader, "id"u8) || ReadTaskId(ref reader, graph) is not { } id) return false;
        if (!Property(ref reader, "route"u8) || !IsInt(ref reader, 0, state.Routes.Count - 1, out var route)) return false;
        if (!Property(ref reader, "in"u8) || !IsInt(ref reader, 0, chains.Count - 1, out var chain)) return false;
        if (!Property(ref reader, "prev"u8) || ReadIntMap(ref reader, state.Sequence.Count - 1, graph.GetPrevTransitions(id)) is not { } prev) return false;
        var entry = state.AddTaskEntry(id, route, chains[chain], prev);

        if (!Property(ref reader, "next"u8) || reader.TokenType != JsonTokenType.StartObject) return false;
        var next = graph.GetNextTransitions(id);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = TransitionKey(ref reader, next, inbound: false);
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) return false;
            entry.SetNext(key, reader.GetBoolean());
        }

        if (!reader.Read()) return false;
        if (Is(ref reader, "out"u8))
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String) return false;
            var transition = reader.GetString()!;
            if (!NextInt(ref reader, 0, state.Contexts.Count - 1, out var context)) return false;
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray || !reader.Read()) return false;
            entry.OutContext = new KeyValuePair<string, int>(transition, context);
        }

        if (Is(ref reader, "status"u8))
        {
            if (!reader.Read() || ReadStatus(ref reader) is not { } status || !reader.Read()) return false;
            entry.Status = status;
        }

        if (Is(ref reader, "term"u8))
        {
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) return false;
            entry.Term = reader.GetBoolean();
            if (!reader.Read()) return false;
        }

        if (Is(ref reader, "retry"u8))
        {
            if (!reader.Read() || ReadRetry(ref reader) is not { } retry || !reader.Read()) return false;
            entry.Retry = retry;
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool ReadStaged(ref Utf8JsonReader reader, WorkflowState state, List<ContextChain> chains, WorkflowGraph graph)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        if (!Property(ref reader, "id"u8) || ReadTaskId(ref reader, graph) is not { } id) return false;
        if (!Property(ref reader, "route"u8) || !IsInt(ref reader, 0, state.Routes.Count - 1, out var route)) return false;
        if (!Property(ref reader, "in"u8) || !IsInt(ref reader, 0, chains.Count - 1, out var chain)) return false;
        if (!Property(ref reader, "prev"u8) || ReadIntMap(ref reader, state.Sequence.Count - 1, graph.GetPrevTransitions(id)) is not { } prev) return false;
        if (!Property(ref reader, "ready"u8) || reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) return false;
        var staged = state.AddStagedTask(id, route, chains[chain], prev, reader.GetBoolean());

        if (!reader.Read()) return false;
        if (Is(ref reader, "completed"u8))
        {
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) return false;
            staged.Completed = reader.GetBoolean();
            if (!reader.Read()) return false;
        }

        if (Is(ref reader, "run_on_fail"u8))
        {
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) return false;
            staged.RunOnFail = reader.GetBoolean();
            if (!reader.Read()) return false;
        }

        if (Is(ref reader, "retry"u8))
        {
            if (!reader.Read() || ReadRetry(ref reader) is not { } retry || !reader.Read()) return false;
            staged.Retry = retry;
        }

        if (Is(ref reader, "items"u8))
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
            var items = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (ReadStatus(ref reader) is not { } status) return false;
                items.Add(status);
            }

            staged.Items = new TaskItemStatusList(items);
            if (!reader.Read()) return false;
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static TaskRetryState? ReadRetry(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        if (!Property(ref reader, "when"u8)) return null;
        var when = JsonValues.ReadValue(ref reader);
        if (!IsModelValue(when)) return null;
        if (!Property(ref reader, "count"u8)) return null;
        object count;
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False) count = reader.GetBoolean();
        else if (IsInt64(ref reader, out var n)) count = n;
        else return null;

        var retry = new TaskRetryState { When = when, Count = count };
        if (!reader.Read()) return null;
        if (Is(ref reader, "delay"u8))
        {
            if (!reader.Read()) return null;
            var delay = JsonValues.ReadValue(ref reader);
            if (!IsModelValue(delay) || !reader.Read()) return null;
            retry.HasDelay = true;
            retry.Delay = delay;
        }

        if (!Is(ref reader, "tally"u8) || !NextInt(ref reader, 0, int.MaxValue, out var tally)) return null;
        retry.Tally = tally;
        return reader.Read() && reader.TokenType == JsonTokenType.EndObject ? retry : null;
    }

    private static TransitionMap<int>? ReadIntMap(ref Utf8JsonReader reader, int max, IReadOnlyList<TaskTransition> inbound)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        var map = new TransitionMap<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = TransitionKey(ref reader, inbound, inbound: true);
            if (!NextInt(ref reader, 0, max, out var value)) return null;
            map[key] = value;
        }

        return map;
    }

    // A transition id at the reader: the graph's own string when the task has few transitions
    // (the restored state then shares the graph's ids instead of holding copies), else a new one.
    private static string TransitionKey(ref Utf8JsonReader reader, IReadOnlyList<TaskTransition> transitions, bool inbound)
    {
        if (transitions.Count <= 8)
        {
            foreach (var t in transitions)
            {
                var key = inbound ? t.PrevKey : t.TransitionId;
                if (reader.ValueTextEquals(key)) return key;
            }
        }

        return reader.GetString()!;
    }

    private static string? ReadStatus(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) return null;
        var status = reader.GetString();
        return Statuses.IsValid(status) ? status : null;
    }

    private static string? ReadTaskId(ref Utf8JsonReader reader, WorkflowGraph graph)
    {
        if (reader.TokenType != JsonTokenType.String) return null;
        var id = reader.GetString()!;
        return graph.HasTask(id) ? id : null;
    }

    private static bool IsModelValue(object? value) => WorkflowValueCheck.FindProblem(value, "value", WorkflowValueCheck.Model) is null;

    // Moves to the value of the next property, which must be named <paramref name="name"/>.
    private static bool Property(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.Read() && Is(ref reader, name) && reader.Read();

    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name);

    private static bool NextInt(ref Utf8JsonReader reader, long min, long max, out int value)
    {
        value = 0;
        return reader.Read() && IsInt(ref reader, min, max, out value);
    }

    // An integer as JsonValues reads one (no fraction or exponent, within long) from min to max.
    private static bool IsInt(ref Utf8JsonReader reader, long min, long max, out int value)
    {
        value = 0;
        if (!IsInt64(ref reader, out var n) || n < min || n > max) return false;
        value = (int)n;
        return true;
    }

    private static bool IsInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number
            && !reader.HasValueSequence
            && reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0
            && reader.TryGetInt64(out value);
    }
}
