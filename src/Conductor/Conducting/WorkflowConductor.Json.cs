using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

// The conductor document as JSON, written and read directly (no value tree in between). The bytes
// are exactly JsonValues.Serialize(Serialize()); reading accepts exactly what Deserialize accepts.
public sealed partial class WorkflowConductor
{
    private static readonly JsonWriterOptions DocumentWriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonReaderOptions DocumentReaderOptions = new()
    {
        MaxDepth = JsonValues.MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>
    /// Writes the conductor document (<see cref="Serialize"/>) as compact UTF-8 JSON, byte for
    /// byte what <c>JsonValues.Serialize(Serialize())</c> gives, without building the value first.
    /// </summary>
    /// <exception cref="ArgumentException">A value in the state has no JSON form.</exception>
    public void SerializeToUtf8(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, DocumentWriterOptions);
        WriteDocument(writer);
    }

    /// <summary>Writes the conductor document as compact UTF-8 JSON to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">A value in the state has no JSON form.</exception>
    public void SerializeToUtf8(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, DocumentWriterOptions);
        WriteDocument(writer);
    }

    /// <summary>The conductor document as compact JSON text (the text <c>JsonValues.Serialize(Serialize())</c> gives).</summary>
    /// <exception cref="ArgumentException">A value in the state has no JSON form.</exception>
    public string SerializeToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        SerializeToUtf8(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteDocument(Utf8JsonWriter writer)
    {
        var spec = WorkflowSpecCache.TextOf(Spec);
        WorkflowSpecCache.Remember(Spec, spec.Key);
        writer.WriteStartObject();
        writer.WriteNumber("schema_version"u8, SchemaVersion);
        writer.WritePropertyName("spec"u8);
        writer.WriteRawValue(spec.Utf8, skipInputValidation: true);
        writer.WriteString("spec_digest"u8, spec.Key);
        writer.WritePropertyName("input"u8);
        JsonValues.Write(writer, _inputs);
        writer.WritePropertyName("context"u8);
        JsonValues.Write(writer, _parentContext);
        writer.WritePropertyName("state"u8);
        WorkflowStateSerializer.Write(writer, WorkflowState);
        writer.WritePropertyName("log"u8);
        WriteEntries(writer, Log);
        writer.WritePropertyName("errors"u8);
        WriteEntries(writer, Errors);
        writer.WritePropertyName("output"u8);
        JsonValues.Write(writer, _outputs);
        writer.WriteEndObject();
    }

    private static void WriteEntries(Utf8JsonWriter writer, List<DictValue> entries)
    {
        writer.WriteStartArray();
        foreach (var entry in entries) JsonValues.Write(writer, entry);
        writer.WriteEndArray();
    }

    /// <summary>Restores a conductor from the JSON text of its document (<see cref="SerializeToJson"/>).</summary>
    /// <exception cref="ConductorStateException">The text is not JSON, or not a conductor document this version reads (see <see cref="Deserialize"/>).</exception>
    public static WorkflowConductor DeserializeFromJson(string json, IExpressionEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var length = Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var count = Encoding.UTF8.GetBytes(json, rented);
            return DeserializeFromUtf8(rented.AsSpan(0, count), environment);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Restores a conductor from the UTF-8 JSON of its document (<see cref="SerializeToUtf8(IBufferWriter{byte})"/>),
    /// reading it directly into the state. Accepts exactly the documents <see cref="Deserialize"/> accepts
    /// and refuses the others with the same messages.
    /// </summary>
    /// <exception cref="ConductorStateException">The text is not JSON, or not a conductor document this version reads (see <see cref="Deserialize"/>).</exception>
    public static WorkflowConductor DeserializeFromUtf8(ReadOnlySpan<byte> utf8Json, IExpressionEnvironment? environment = null)
    {
        // The direct reader takes documents in the shape this version writes (keys in its order).
        // Anything else, from a reordered key to a broken document, goes through the value tree
        // and the validating reader, which accepts any key order and names what is wrong.
        try
        {
            var reader = new Utf8JsonReader(utf8Json, DocumentReaderOptions);
            if (ReadDocument(ref reader, utf8Json, environment) is { } conductor) return conductor;
        }
        catch (Exception e) when (e is JsonException or OrquestaException)
        {
            // Fall through to the validating reader.
        }

        object? value;
        try
        {
            value = JsonValues.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            throw new ConductorStateException($"The conductor document is not JSON: {e.Message}", e);
        }

        return Deserialize(DocumentReader.Root("conductor document", value).Dict(), environment);
    }

    // The document in this version's key order, every value checked as Deserialize checks it;
    // null (or JsonException) for anything else.
    private static WorkflowConductor? ReadDocument(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8Json, IExpressionEnvironment? environment)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        if (!Property(ref reader, "schema_version"u8) || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var version) || version != SchemaVersion) return null;
        if (reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0) return null;

        if (!Property(ref reader, "spec"u8) || reader.TokenType != JsonTokenType.StartObject) return null;
        var specStart = (int)reader.TokenStartIndex;
        reader.Skip();
        var specJson = utf8Json[specStart..(int)reader.BytesConsumed];

        if (!Property(ref reader, "spec_digest"u8)) return null;
        var digest = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        reader.Skip();

        var spec = digest is null ? null : WorkflowSpecCache.Find(digest, specJson);
        if (spec is null)
        {
            if (JsonValues.Parse(specJson) is not DictValue definition || !IsModelValue(definition)) return null;
            spec = WorkflowSpecCache.Get(definition, digest);
        }

        var graph = WorkflowComposer.ComposeShared(spec);
        if (!Property(ref reader, "input"u8) || ReadModelDict(ref reader) is not { } input) return null;
        if (!Property(ref reader, "context"u8) || ReadModelDict(ref reader) is not { } context) return null;
        if (!Property(ref reader, "state"u8)) return null;
        var state = WorkflowStateSerializer.ReadDirect(ref reader, graph);
        if (state is null) return null;
        if (!Property(ref reader, "log"u8) || ReadEntries(ref reader) is not { } log) return null;
        if (!Property(ref reader, "errors"u8) || ReadEntries(ref reader) is not { } errors) return null;
        if (!Property(ref reader, "output"u8)) return null;
        DictValue? output = null;
        if (reader.TokenType != JsonTokenType.Null)
        {
            output = ReadModelDict(ref reader);
            if (output is null) return null;
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject || reader.Read()) return null;

        var conductor = new WorkflowConductor(spec, input, context, environment)
        {
            _graph = graph,
            _state = state,
            _outputs = output,
        };
        conductor.Log.AddRange(log);
        conductor.Errors.AddRange(errors);
        return conductor;
    }

    // Moves to the value of the next property, which must be named <paramref name="name"/>.
    private static bool Property(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name) && reader.Read();

    private static bool IsModelValue(object? value) => WorkflowValueCheck.FindProblem(value, "value", WorkflowValueCheck.Model) is null;

    private static DictValue? ReadModelDict(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.StartObject && JsonValues.ReadValue(ref reader) is DictValue dict && IsModelValue(dict) ? dict : null;

    private static List<DictValue>? ReadEntries(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) return null;
        var entries = new List<DictValue>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (ReadModelDict(ref reader) is not { } entry) return null;
            entries.Add(entry);
        }

        return entries;
    }
}
