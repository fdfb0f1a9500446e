using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Api;

/// <summary>Reading requests and writing responses: bounded bodies, JSON errors, URLs.</summary>
public sealed partial class OrquestaApi
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    private async Task RunAsync(HttpContext context, Func<CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await handler(context.RequestAborted).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(context, e.Status, e.Message, e.Details).ConfigureAwait(false);
        }
        catch (WorkflowNotFoundException e)
        {
            await WriteErrorAsync(context, 404, e.Message).ConfigureAwait(false);
        }
        catch (ExecutionNotFoundException e)
        {
            await WriteErrorAsync(context, 404, e.Message).ConfigureAwait(false);
        }
        catch (SnapshotNotFoundException e)
        {
            await WriteErrorAsync(context, 404, e.Message).ConfigureAwait(false);
        }
        catch (StorageConflictException e)
        {
            await WriteErrorAsync(context, 409, e.Message).ConfigureAwait(false);
        }
        catch (StorageFailureException e)
        {
            LogStorageFailure(_logger, e, context.Request.Method, context.Request.Path.Value ?? string.Empty);
            await WriteErrorAsync(context, 503, "The storage service failed; try again.").ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            await WriteErrorAsync(context, 413, $"The body is larger than the server accepts ({_options.MaxRequestBytes} bytes).").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer.
        }
        catch (Exception e)
        {
            LogUnexpected(_logger, e, context.Request.Method, context.Request.Path.Value ?? string.Empty);
            await WriteErrorAsync(context, 500, "The server failed to handle the request.").ConfigureAwait(false);
        }
    }

    /// <summary>The body, at most <see cref="EngineOptions.MaxRequestBytes"/> bytes (413 past it: never buffered unbounded).</summary>
    private async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        var limit = _options.MaxRequestBytes;
        if (context.Request.ContentLength is { } declared && declared > limit) throw TooLarge(limit);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var body = context.Request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await body.ReadAsync(memory, context.RequestAborted).ConfigureAwait(false);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit) throw TooLarge(limit);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static ApiException TooLarge(long limit) =>
        new(413, string.Create(CultureInfo.InvariantCulture, $"The body is larger than {limit} bytes."), w => w.WriteNumber("limit", limit));

    private static object? ParseJson(byte[] body, string what)
    {
        try
        {
            return JsonValues.Parse(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or DecoderFallbackException)
        {
            throw new ApiException(400, $"The body must be JSON ({what}): {e.Message}");
        }
    }

    private static bool IsWhitespace(byte[] body) => body.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');

    private static string Describe(object? value) => value switch
    {
        null => "null",
        ListValue => "a list",
        string => "a string",
        bool => "a boolean",
        _ => "a number",
    };

    /// <summary>Names and ids: what the stores and the routes take (no '/', no control characters, bounded).</summary>
    private static void CheckName(string value, string what)
    {
        if (string.IsNullOrEmpty(value)) throw new ApiException(400, $"The {what} is missing.");
        if (value.Length > MaxNameLength) throw new ApiException(400, $"The {what} is longer than {MaxNameLength} characters.");
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                throw new ApiException(400, $"The {what} '{value}' may hold only letters, digits, '.', '-' and '_'.");
            }
        }
    }

    private static int? QueryInt(HttpContext context, string name, int min, int max)
    {
        var text = context.Request.Query[name].LastOrDefault();
        if (string.IsNullOrEmpty(text)) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ApiException(400, string.Create(CultureInfo.InvariantCulture, $"The query parameter '{name}' must be a whole number from {min} to {max}; it is '{text}'."));
        }

        return value;
    }

    private static double? QueryTimeout(HttpContext context)
    {
        var text = context.Request.Query["timeout"].LastOrDefault();
        if (string.IsNullOrEmpty(text)) return null;
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds <= 0 || seconds > MaxTimeoutSeconds)
        {
            throw new ApiException(400, string.Create(CultureInfo.InvariantCulture, $"The timeout must be a number of seconds above 0 and at most {MaxTimeoutSeconds}; it is '{text}'."));
        }

        return seconds;
    }

    /// <summary>A new execution id: 32 hex digits (URL-safe, no '.', which the orchestrator uses for subworkflow ids).</summary>
    private static string NewExecutionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static List<RerunTask> ParseRerunTasks(object? request)
    {
        if (request is null) return [];
        if (request is not DictValue dict) throw new ApiException(400, $"The rerun request must be a JSON object; it is {Describe(request)}.");
        foreach (var key in dict.Keys)
        {
            if ((string)key != "tasks") throw new ApiException(400, $"The rerun request has an unknown field '{key}'; it takes only 'tasks'.");
        }

        var tasks = new List<RerunTask>();
        if (dict.GetValueOrDefault("tasks") is not { } items) return tasks;
        if (items is not ListValue list) throw new ApiException(400, $"'tasks' must be a list; it is {Describe(items)}.");
        for (var i = 0; i < list.Count; i++)
        {
            switch (list[i])
            {
                case string id when id.Length > 0:
                    tasks.Add(new RerunTask(id));
                    break;
                case DictValue t:
                    if (t.GetValueOrDefault("task_id") is not string taskId || taskId.Length == 0)
                    {
                        throw new ApiException(400, string.Create(CultureInfo.InvariantCulture, $"tasks[{i}] has no 'task_id' string."));
                    }

                    var route = t.GetValueOrDefault("route") switch
                    {
                        null => 0L,
                        long r when r is >= 0 and <= int.MaxValue => r,
                        var other => throw new ApiException(400, string.Create(CultureInfo.InvariantCulture, $"tasks[{i}].route must be a whole number from 0; it is {JsonValues.Serialize(other)}.")),
                    };
                    var reset = t.GetValueOrDefault("reset_items") switch
                    {
                        null => false,
                        bool b => b,
                        var other => throw new ApiException(400, string.Create(CultureInfo.InvariantCulture, $"tasks[{i}].reset_items must be true or false; it is {JsonValues.Serialize(other)}.")),
                    };
                    tasks.Add(new RerunTask(taskId, (int)route, reset));
                    break;
                default:
                    throw new ApiException(400, string.Create(CultureInfo.InvariantCulture, $"tasks[{i}] must be a task id or an object with 'task_id', 'route' and 'reset_items'."));
            }
        }

        return tasks;
    }

    private static bool IsFinished(OrchestrationMetadata metadata) =>
        metadata.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>Whether a task key (<c>task__r0</c>) is of <paramref name="taskId"/> on any route.</summary>
    private static bool IsKeyOf(string key, string taskId) =>
        key.Length > taskId.Length + 3
        && key.StartsWith(taskId, StringComparison.Ordinal)
        && key.AsSpan(taskId.Length).StartsWith("__r", StringComparison.Ordinal)
        && key.AsSpan(taskId.Length + 3).ContainsAnyExceptInRange('0', '9') is false;

    private static EngineState ReadState(Snapshot snapshot)
    {
        try
        {
            return EngineState.Parse(snapshot.Document);
        }
        catch (Exception e) when (e is EngineStateException or OrquestaException)
        {
            throw new ApiException(500, $"Snapshot {snapshot.Sequence} of execution '{snapshot.ExecutionId}' cannot be read: {e.Message}");
        }
    }

    private static string Time(DateTimeOffset value) => EngineState.Time(value.UtcDateTime);

    /// <summary>An absolute URL under the route prefix, from the request's scheme, host and path base (never its query, which may hold the key).</summary>
    private static string Url(HttpContext context, params string[] segments)
    {
        var request = context.Request;
        var builder = new StringBuilder();
        builder.Append(request.Scheme).Append("://").Append(request.Host.Value).Append(request.PathBase.Value).Append('/').Append(RoutePrefix);
        foreach (var segment in segments) builder.Append('/').Append(Uri.EscapeDataString(segment));
        return builder.ToString();
    }

    private static void WriteExecutionUrls(Utf8JsonWriter w, HttpContext context, string id)
    {
        w.WriteString("statusUrl", Url(context, "executions", id));
        w.WriteString("pauseUrl", Url(context, "executions", id, "pause"));
        w.WriteString("resumeUrl", Url(context, "executions", id, "resume"));
        w.WriteString("cancelUrl", Url(context, "executions", id, "cancel"));
        w.WriteString("rerunUrl", Url(context, "executions", id, "rerun"));
        w.WriteString("snapshotsUrl", Url(context, "executions", id, "snapshots"));
        w.WriteString("respondUrl", Url(context, "executions", id, "tasks") + "/{taskId}/respond");
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, Action<Utf8JsonWriter>? details = null) =>
        WriteAsync(context, status, w =>
        {
            w.WriteString("error", message);
            details?.Invoke(w);
        });

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        await WriteBytesAsync(context, status, buffer.WrittenMemory).ConfigureAwait(false);
    }

    private static Task WriteRawAsync(HttpContext context, int status, string json) =>
        WriteBytesAsync(context, status, Encoding.UTF8.GetBytes(json));

    private static async Task WriteBytesAsync(HttpContext context, int status, ReadOnlyMemory<byte> bytes)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A request the API refuses: the status and the message of the JSON error body.</summary>
    private sealed class ApiException(int status, string message, Action<Utf8JsonWriter>? details = null) : Exception(message)
    {
        public int Status { get; } = status;

        public Action<Utf8JsonWriter>? Details { get; } = details;
    }
}

/// <summary>Writing JSON text that is already serialized (stored input, output, errors, results).</summary>
internal static class JsonWriterExtensions
{
    /// <summary>Writes <paramref name="json"/> as the value of <paramref name="name"/>; null text is JSON null.</summary>
    public static void WriteRaw(this Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (json is null) writer.WriteNullValue();
        else writer.WriteRawValue(json, skipInputValidation: false);
    }
}
