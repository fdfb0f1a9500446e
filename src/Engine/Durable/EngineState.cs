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

    /// <summary>Writes the document (the conductor's state through its direct JSON writer).</summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schema_version", SchemaVersion);
            writer.WriteNumber("episode", Episode);
            writer.WriteNumber("next_snapshot", NextSnapshot);
            writer.WriteBoolean("deadline_reached", DeadlineReached);
            writer.WritePropertyName("tasks");
            writer.WriteStartArray();
            foreach (var t in Tasks)
            {
                if (t is null)
                {
                    writer.WriteNullValue();
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString("id", t.Id);
                writer.WriteNumber("route", t.Route);
                WriteNullable(writer, "status", t.Status);
                WriteNullable(writer, "started", t.Started is { } started ? Time(started) : null);
                WriteNullable(writer, "ended", t.Ended is { } ended ? Time(ended) : null);
                writer.WritePropertyName("result");
                JsonValues.Write(writer, t.Result);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WritePropertyName("items");
            writer.WriteStartObject();
            foreach (var (key, items) in Items)
            {
                writer.WritePropertyName(key);
                JsonValues.Write(writer, ListValue.From(items));
            }

            writer.WriteEndObject();
            writer.WritePropertyName("actions");
            writer.WriteStartObject();
            foreach (var (name, action) in Actions)
            {
                writer.WritePropertyName(name);
                writer.WriteStartObject();
                writer.WriteString("kind", action.Kind);
                WriteNullable(writer, "definition", action.Definition);
                writer.WriteNumber("version", action.Version);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WritePropertyName("conductor");
            var conductor = new System.Buffers.ArrayBufferWriter<byte>();
            Conductor.SerializeToUtf8(conductor);
            writer.WriteRawValue(conductor.WrittenSpan, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteNullable(System.Text.Json.Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    /// <summary>Reads a document written by <see cref="ToJson"/>.</summary>
    /// <exception cref="EngineStateException">The document is not an engine state of this schema version.</exception>
    public static EngineState Parse(string json, Orquesta.Azure.Conductor.Expressions.IExpressionEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        System.Text.Json.JsonDocument parsed;
        try
        {
            parsed = System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new EngineStateException($"The engine state is not valid JSON: {e.Message}", e);
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object) throw new EngineStateException("The engine state is not a JSON object.");
            if (!root.TryGetProperty("schema_version", out var version) || version.ValueKind != System.Text.Json.JsonValueKind.Number || !version.TryGetInt64(out var v) || v != SchemaVersion)
            {
                throw new EngineStateException($"The engine state has schema version {(root.TryGetProperty("schema_version", out var raw) ? raw.GetRawText() : "(none)")}; this engine reads version {SchemaVersion}.");
            }

            if (!root.TryGetProperty("conductor", out var conductorElement) || conductorElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new EngineStateException("The engine state has no conductor.");
            }

            var conductorText = conductorElement.GetRawText();
            var state = new EngineState
            {
                Conductor = WorkflowConductor.DeserializeFromJson(conductorText, environment),
                Episode = Long(root, "episode"),
                NextSnapshot = Long(root, "next_snapshot"),
                DeadlineReached = root.TryGetProperty("deadline_reached", out var reached) && reached.ValueKind == System.Text.Json.JsonValueKind.True,
            };

            if (root.TryGetProperty("tasks", out var tasks) && tasks.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                foreach (var item in tasks.EnumerateArray())
                {
                    if (item.ValueKind != System.Text.Json.JsonValueKind.Object)
                    {
                        state.Tasks.Add(null);
                        continue;
                    }

                    state.Tasks.Add(new TaskRecord
                    {
                        Id = String(item, "id") ?? string.Empty,
                        Route = (int)Long(item, "route"),
                        Status = String(item, "status"),
                        Started = ParseTime(String(item, "started")),
                        Ended = ParseTime(String(item, "ended")),
                        Result = item.TryGetProperty("result", out var result) ? JsonValues.FromElement(result) : null,
                    });
                }
            }

            if (root.TryGetProperty("items", out var items) && items.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var property in items.EnumerateObject())
                {
                    state.Items[property.Name] = [.. (JsonValues.FromElement(property.Value) as ListValue ?? ListValue.Empty)];
                }
            }

            if (root.TryGetProperty("actions", out var actions) && actions.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var property in actions.EnumerateObject())
                {
                    state.Actions[property.Name] = new ResolvedAction
                    {
                        Name = property.Name,
                        Kind = String(property.Value, "kind") ?? ResolvedActionKinds.Activity,
                        Definition = String(property.Value, "definition"),
                        Version = (int)Long(property.Value, "version"),
                    };
                }
            }

            return state;
        }
    }

    private static long Long(System.Text.Json.JsonElement element, string name) =>
        element.ValueKind == System.Text.Json.JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;

    private static string? String(System.Text.Json.JsonElement element, string name) =>
        element.ValueKind == System.Text.Json.JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;

    /// <summary>Compresses a document (Brotli, fastest level) for a continue-as-new input.</summary>
    public static byte[] Compress(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var output = new MemoryStream();
        using (var brotli = new System.IO.Compression.BrotliStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            brotli.Write(System.Text.Encoding.UTF8.GetBytes(json));
        }

        return output.ToArray();
    }

    /// <summary>Decompresses what <see cref="Compress"/> wrote; null stays null.</summary>
    /// <exception cref="EngineStateException">The bytes are not a compressed document.</exception>
    public static string? Decompress(byte[]? compressed)
    {
        if (compressed is null) return null;
        try
        {
            using var input = new System.IO.Compression.BrotliStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(input, System.Text.Encoding.UTF8);
            var text = reader.ReadToEnd();
            if (!text.StartsWith("{\"schema_version\":", StringComparison.Ordinal)) throw new EngineStateException("The compressed bytes do not hold an engine state document.");
            return text;
        }
        catch (InvalidDataException e)
        {
            throw new EngineStateException($"The compressed engine state cannot be read: {e.Message}", e);
        }
    }

    internal static string Time(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime? ParseTime(string? value) =>
        value is { } s && DateTime.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
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
