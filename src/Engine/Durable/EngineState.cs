using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Engine.Durable;

/// <summary>
/// One task execution as the engine saw it: the conductor's task entry (same index in the task
/// sequence) plus what only the engine knows: times and the action's result.
/// </summary>
public sealed class TaskRecord
{
    /// <summary>The task id.</summary>
    public required string Id { get; init; }

    /// <summary>The route.</summary>
    public int Route { get; init; }

    /// <summary>The task status (Orquesta's words).</summary>
    public string? Status { get; set; }

    /// <summary>When its action started (orchestration time).</summary>
    public DateTime? Started { get; set; }

    /// <summary>When it reached a completed status.</summary>
    public DateTime? Ended { get; set; }

    /// <summary>The action's result (with-items: the list of item results).</summary>
    public object? Result { get; set; }
}

/// <summary>
/// The engine's whole state between two episodes of an execution, and the document of every
/// snapshot: the conductor's serialized state plus the engine's task records, the accumulated
/// results of with-items tasks still running, and the resolved actions. Schema versioned; read
/// by <see cref="Parse"/>, which rejects other versions.
/// </summary>
public sealed class EngineState
{
    /// <summary>The schema version written into every document.</summary>
    public const long SchemaVersion = 1;

    /// <summary>The conductor.</summary>
    public required WorkflowConductor Conductor { get; init; }

    /// <summary>Task records, index for index with the conductor's task sequence.</summary>
    public List<TaskRecord?> Tasks { get; } = [];

    /// <summary>Accumulated item results of with-items tasks, by task key (<c>task__r0</c>).</summary>
    public SortedDictionary<string, List<object?>> Items { get; } = new(StringComparer.Ordinal);

    /// <summary>Resolved actions by name.</summary>
    public SortedDictionary<string, ResolvedAction> Actions { get; } = new(StringComparer.Ordinal);

    /// <summary>Episodes completed before this one.</summary>
    public long Episode { get; set; }

    /// <summary>The sequence number of the next snapshot.</summary>
    public long NextSnapshot { get; set; }

    /// <summary>Whether the deadline has been reached (the execution was canceled for it).</summary>
    public bool DeadlineReached { get; set; }

    /// <summary>Writes the document.</summary>
    public string ToJson()
    {
        var tasks = ListValue.From(Tasks.Select(t => t is null ? null : (object?)EngineValues.Dict(
            ("id", t.Id),
            ("route", (long)t.Route),
            ("status", t.Status),
            ("started", t.Started is { } s ? Time(s) : null),
            ("ended", t.Ended is { } e ? Time(e) : null),
            ("result", t.Result))));
        var items = EngineValues.Dict(Items.Select(kv => (kv.Key, (object?)ListValue.From(kv.Value))).ToArray());
        var actions = EngineValues.Dict(Actions.Select(kv => (kv.Key, (object?)EngineValues.Dict(
            ("kind", kv.Value.Kind),
            ("definition", kv.Value.Definition),
            ("version", (long)kv.Value.Version)))).ToArray());
        var document = EngineValues.Dict(
            ("schema_version", SchemaVersion),
            ("episode", Episode),
            ("next_snapshot", NextSnapshot),
            ("deadline_reached", DeadlineReached),
            ("tasks", tasks),
            ("items", items),
            ("actions", actions),
            ("conductor", Conductor.Serialize()));
        return JsonValues.Serialize(document);
    }

    /// <summary>Reads a document written by <see cref="ToJson"/>.</summary>
    /// <exception cref="EngineStateException">The document is not an engine state of this schema version.</exception>
    public static EngineState Parse(string json, Orquesta.Azure.Conductor.Expressions.IExpressionEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        DictValue document;
        try
        {
            document = JsonValues.Parse(json) as DictValue ?? throw new EngineStateException("The engine state is not a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new EngineStateException($"The engine state is not valid JSON: {e.Message}", e);
        }

        if (document.GetValueOrDefault("schema_version") is not long version || version != SchemaVersion)
        {
            throw new EngineStateException($"The engine state has schema version {JsonValues.Serialize(document.GetValueOrDefault("schema_version"))}; this engine reads version {SchemaVersion}.");
        }

        if (document.GetValueOrDefault("conductor") is not DictValue conductorDocument)
        {
            throw new EngineStateException("The engine state has no conductor.");
        }

        var state = new EngineState
        {
            Conductor = WorkflowConductor.Deserialize(conductorDocument, environment),
            Episode = document.GetValueOrDefault("episode") as long? ?? 0,
            NextSnapshot = document.GetValueOrDefault("next_snapshot") as long? ?? 0,
            DeadlineReached = document.GetValueOrDefault("deadline_reached") is true,
        };
        foreach (var item in document.GetValueOrDefault("tasks") as ListValue ?? ListValue.Empty)
        {
            if (item is not DictValue t)
            {
                state.Tasks.Add(null);
                continue;
            }

            state.Tasks.Add(new TaskRecord
            {
                Id = t.GetValueOrDefault("id") as string ?? string.Empty,
                Route = (int)(t.GetValueOrDefault("route") as long? ?? 0),
                Status = t.GetValueOrDefault("status") as string,
                Started = ParseTime(t.GetValueOrDefault("started")),
                Ended = ParseTime(t.GetValueOrDefault("ended")),
                Result = t.GetValueOrDefault("result"),
            });
        }

        if (document.GetValueOrDefault("items") is DictValue items)
        {
            foreach (var kv in items) state.Items[(string)kv.Key] = [.. (kv.Value as ListValue ?? ListValue.Empty)];
        }

        if (document.GetValueOrDefault("actions") is DictValue actions)
        {
            foreach (var kv in actions)
            {
                var a = (DictValue)kv.Value!;
                var name = (string)kv.Key;
                state.Actions[name] = new ResolvedAction
                {
                    Name = name,
                    Kind = a.GetValueOrDefault("kind") as string ?? "activity",
                    Definition = a.GetValueOrDefault("definition") as string,
                    Version = (int)(a.GetValueOrDefault("version") as long? ?? 0),
                };
            }
        }

        return state;
    }

    internal static string Time(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime? ParseTime(object? value) =>
        value is string s && DateTime.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}

/// <summary>An engine state document that cannot be read.</summary>
public sealed class EngineStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EngineStateException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
