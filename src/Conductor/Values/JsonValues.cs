using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Orquesta.Azure.Conductor.Values;

/// <summary>
/// JSON in and out of the value model. Reading keeps key order and tells integers (<see cref="long"/>)
/// from floats (<see cref="double"/>) as Python's <c>json</c> does; writing can follow Python's
/// <c>json.dumps</c> layout, which users see in rendered text.
/// </summary>
public static class JsonValues
{
    /// <summary>The deepest nesting accepted when reading JSON.</summary>
    public const int MaxDepth = 256;

    /// <summary>Parses JSON text into a value.</summary>
    /// <exception cref="JsonException">The text is not valid JSON, or is nested deeper than <see cref="MaxDepth"/>.</exception>
    public static object? Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Parses UTF-8 JSON into a value.</summary>
    /// <exception cref="JsonException">The text is not valid JSON, or is nested deeper than <see cref="MaxDepth"/>.</exception>
    public static object? Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read()) throw new JsonException("Expecting value: the document is empty.");
        var value = ReadValue(ref reader);
        if (reader.Read()) throw new JsonException($"Extra data after the JSON value at byte {reader.TokenStartIndex}.");
        return value;
    }

    /// <summary>Converts a <see cref="JsonElement"/> into a value.</summary>
    public static object? FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String: return element.GetString();
            case JsonValueKind.Number: return ParseNumber(element.GetRawText());
            case JsonValueKind.Array:
                var items = new object?[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray()) items[i++] = FromElement(item);
                return ListValue.Wrap(items);
            default:
                var builder = new DictValue.Builder();
                foreach (var property in element.EnumerateObject()) builder.Set(property.Name, FromElement(property.Value));
                return builder.ToDict();
        }
    }

    /// <summary>Reads the value at the reader's current token.</summary>
    public static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Number:
                var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                if (span.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0 && reader.TryGetInt64(out var integer)) return integer;
                return ParseNumber(Encoding.UTF8.GetString(span));
            case JsonTokenType.StartArray:
            {
                // Items gather on a per-thread scratch stack (nested containers push above and
                // take theirs off before this one goes on), then move to an exact-size array.
                var scratch = _scratch ??= new List<object?>(64);
                var start = scratch.Count;
                try
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) scratch.Add(ReadValue(ref reader));
                    var items = new object?[scratch.Count - start];
                    scratch.CopyTo(start, items, 0, items.Length);
                    return ListValue.Wrap(items);
                }
                finally
                {
                    ReleaseScratch(scratch, start);
                }
            }

            case JsonTokenType.StartObject:
            {
                var scratch = _scratch ??= new List<object?>(64);
                var start = scratch.Count;
                try
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        scratch.Add(PropertyName(ref reader));
                        reader.Read();
                        scratch.Add(ReadValue(ref reader));
                    }

                    var count = (scratch.Count - start) / 2;
                    var keys = new object[count];
                    var values = new object?[count];
                    for (var i = 0; i < count; i++)
                    {
                        keys[i] = scratch[start + (2 * i)]!;
                        values[i] = scratch[start + (2 * i) + 1];
                    }

                    return DictValue.FromArrays(keys, values);
                }
                finally
                {
                    ReleaseScratch(scratch, start);
                }
            }

            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    [ThreadStatic]
    private static List<object?>? _scratch;

    // Takes a container's items off the scratch stack (also when reading failed halfway); a stack
    // grown large by a big document is dropped once the outermost container is done.
    private static void ReleaseScratch(List<object?> scratch, int start)
    {
        scratch.RemoveRange(start, scratch.Count - start);
        if (start == 0 && scratch.Capacity > 4096) _scratch = null;
    }

    // Property names repeat in every object of a document ("id", "route", "status" ...): short ones
    // are shared instead of allocated again. A slot holds the last name that hashed to it.
    [ThreadStatic]
    private static string?[]? _names;

    private static string PropertyName(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > 24) return reader.GetString()!;
        var span = reader.ValueSpan;
        var hash = 17;
        foreach (var b in span) hash = (hash * 31) + b;
        var names = _names ??= new string?[512];
        var slot = hash & (names.Length - 1);
        var cached = names[slot];
        if (cached is not null && reader.ValueTextEquals(cached)) return cached;
        return names[slot] = reader.GetString()!;
    }

    private static object ParseNumber(string text)
    {
        if (text.AsSpan().IndexOfAny(".eE") < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Compact JSON (no spaces), key order kept; the project's own wire and storage form.</summary>
    /// <exception cref="ArgumentException">The value holds something JSON cannot represent.</exception>
    public static string Serialize(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false }))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a value with a <see cref="Utf8JsonWriter"/>.</summary>
    /// <exception cref="ArgumentException">The value holds something JSON cannot represent.</exception>
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d:
                if (!double.IsFinite(d)) throw new ArgumentException($"The float {PyRepr.FormatFloat(d)} has no JSON form.", nameof(value));
                writer.WriteRawValue(PyRepr.FormatFloat(d), skipInputValidation: true);
                break;
            case string s: writer.WriteStringValue(s); break;
            case ListValue list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            case DictValue dict:
                writer.WriteStartObject();
                if (dict.TryGetSmall(out var keys, out var values))
                {
                    for (var i = 0; i < keys.Length; i++)
                    {
                        writer.WritePropertyName(KeyText(keys[i]));
                        Write(writer, values[i]);
                    }
                }
                else
                {
                    foreach (var (key, item) in dict)
                    {
                        writer.WritePropertyName(KeyText(key));
                        Write(writer, item);
                    }
                }

                writer.WriteEndObject();
                break;
            case DateTimeOffset dt: writer.WriteStringValue(PyRepr.FormatDateTime(dt)); break;
            case TimeSpan ts: writer.WriteStringValue(PyRepr.FormatTimeSpan(ts)); break;
            default: throw new ArgumentException($"A value of type {value.GetType().Name} has no JSON form.", nameof(value));
        }
    }

    /// <summary>
    /// Python's <c>json.dumps(value, sort_keys=...)</c> with its default layout:
    /// <c>", "</c> and <c>": "</c> separators and non-ASCII characters escaped.
    /// </summary>
    /// <exception cref="ExpressionRuntimeError">A <c>TypeError</c> for values JSON cannot represent.</exception>
    public static string Dumps(object? value, bool sortKeys = false, bool htmlSafe = false)
    {
        var sb = new StringBuilder();
        AppendDumps(sb, value, sortKeys, htmlSafe, 0);
        return sb.ToString();
    }

    private static void AppendDumps(StringBuilder sb, object? value, bool sortKeys, bool htmlSafe, int depth)
    {
        if (depth > MaxDepth) throw ExpressionRuntimeError.ValueError("Circular reference detected");
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyRepr.FormatFloat(d));
                break;
            case string s: AppendJsonString(sb, s, htmlSafe); break;
            case ListValue list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AppendDumps(sb, list[i], sortKeys, htmlSafe, depth + 1);
                }

                sb.Append(']');
                break;
            case DictValue dict:
                sb.Append('{');
                IEnumerable<KeyValuePair<object, object?>> entries = dict;
                if (sortKeys) entries = dict.OrderBy(e => e.Key, Comparer<object>.Create(PyOps.Compare));
                var first = true;
                foreach (var (key, item) in entries)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    AppendJsonString(sb, KeyText(key), htmlSafe);
                    sb.Append(": ");
                    AppendDumps(sb, item, sortKeys, htmlSafe, depth + 1);
                }

                sb.Append('}');
                break;
            default:
                throw ExpressionRuntimeError.TypeError($"Object of type {PyOps.TypeName(value)} is not JSON serializable");
        }
    }

    /// <summary>How Python's <c>json</c> writes a dict key.</summary>
    public static string KeyText(object key) => key switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PyRepr.FormatFloat(d),
        _ => throw ExpressionRuntimeError.TypeError($"keys must be str, int, float, bool or None, not {PyOps.TypeName(key)}"),
    };

    private static void AppendJsonString(StringBuilder sb, string s, bool htmlSafe)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e || (htmlSafe && (c is '<' or '>' or '&' or '\'')))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
