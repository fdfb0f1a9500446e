using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Storage;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Engine.Api;

/// <summary>
/// The HTTP API's handlers, written once for every host: the Function app binds one trigger per
/// route to these methods, <c>orquesta serve</c> maps the same <see cref="Routes"/> in ASP.NET
/// Core. Each method reads the request, writes the whole response (status, JSON body, headers)
/// and never throws for a bad request: every error is a JSON body <c>{"error": "..."}</c> with
/// 400, 404, 409, 413 (or 500/503 when storage fails). Keys are the host's business.
/// </summary>
/// <remarks>See docs/api.md for the routes, bodies and status codes.</remarks>
public sealed partial class OrquestaApi
{
    /// <summary>The prefix of every route (the Functions host's default route prefix).</summary>
    public const string RoutePrefix = "api";

    /// <summary>The most executions a listing returns unless <c>?limit=</c> asks for fewer.</summary>
    public const int MaxListedExecutions = 1000;

    /// <summary>The longest timeout a start request may give, in seconds (one year).</summary>
    public const double MaxTimeoutSeconds = 365 * 24 * 3600;

    private const int DefaultListedExecutions = 100;
    private const int MaxNameLength = 128;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IEngineStore _store;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the handlers over a store.</summary>
    public OrquestaApi(IEngineStore store, EngineOptions options, TimeProvider? time = null, ILogger<OrquestaApi>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    /// <summary>Every route, in a fixed order; both hosts bind exactly these.</summary>
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("PUT", "workflows/{name}", ApiOperations.SaveWorkflow),
        new("GET", "workflows", ApiOperations.ListWorkflows),
        new("GET", "workflows/{name}", ApiOperations.GetWorkflow),
        new("DELETE", "workflows/{name}", ApiOperations.DeleteWorkflow),
        new("POST", "workflows/{name}/executions", ApiOperations.StartExecution),
        new("GET", "executions", ApiOperations.ListExecutions),
        new("GET", "executions/{id}", ApiOperations.GetExecution),
        new("GET", "executions/{id}/snapshots", ApiOperations.ListSnapshots),
        new("GET", "executions/{id}/snapshots/{sequence}", ApiOperations.GetSnapshot),
        new("POST", "executions/{id}/pause", ApiOperations.PauseExecution),
        new("POST", "executions/{id}/resume", ApiOperations.ResumeExecution),
        new("POST", "executions/{id}/cancel", ApiOperations.CancelExecution),
        new("POST", "executions/{id}/rerun", ApiOperations.RerunExecution),
        new("POST", "executions/{id}/tasks/{taskId}/respond", ApiOperations.Respond),
    ];

    /// <summary>
    /// Runs the operation of a route with the route values ASP.NET Core's routing put in
    /// <see cref="HttpRequest.RouteValues"/> (names as in the <see cref="Routes"/> templates).
    /// </summary>
    public Task InvokeAsync(string operation, HttpContext context, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(context);
        string Value(string name) => context.Request.RouteValues.TryGetValue(name, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;
        return operation switch
        {
            ApiOperations.SaveWorkflow => HandleSaveWorkflowAsync(context, client, Value("name")),
            ApiOperations.ListWorkflows => HandleListWorkflowsAsync(context, client),
            ApiOperations.GetWorkflow => HandleGetWorkflowAsync(context, client, Value("name")),
            ApiOperations.DeleteWorkflow => HandleDeleteWorkflowAsync(context, client, Value("name")),
            ApiOperations.StartExecution => HandleStartExecutionAsync(context, client, Value("name")),
            ApiOperations.ListExecutions => HandleListExecutionsAsync(context, client),
            ApiOperations.GetExecution => HandleGetExecutionAsync(context, client, Value("id")),
            ApiOperations.ListSnapshots => HandleListSnapshotsAsync(context, client, Value("id")),
            ApiOperations.GetSnapshot => HandleGetSnapshotAsync(context, client, Value("id"), Value("sequence")),
            ApiOperations.PauseExecution => HandlePauseExecutionAsync(context, client, Value("id")),
            ApiOperations.ResumeExecution => HandleResumeExecutionAsync(context, client, Value("id")),
            ApiOperations.CancelExecution => HandleCancelExecutionAsync(context, client, Value("id")),
            ApiOperations.RerunExecution => HandleRerunExecutionAsync(context, client, Value("id")),
            ApiOperations.Respond => HandleRespondAsync(context, client, Value("id"), Value("taskId")),
            _ => throw new ArgumentException($"Unknown operation '{operation}'.", nameof(operation)),
        };
    }

    // ---- workflows ---------------------------------------------------------------------------

    /// <summary><c>PUT /api/workflows/{name}</c>: the body is YAML; inspect it and save a new version (201), or 400 with the categorized errors.</summary>
    public Task HandleSaveWorkflowAsync(HttpContext context, DurableTaskClient client, string name) => RunAsync(context, async cancel =>
    {
        CheckName(name, "workflow name");
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body.Length == 0) throw new ApiException(400, "The body must be the workflow definition (YAML); it is empty.");
        string yaml;
        try
        {
            yaml = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw new ApiException(400, "The workflow definition is not UTF-8 text.");
        }

        WorkflowSpec spec;
        try
        {
            spec = WorkflowSpec.Load(yaml);
        }
        catch (OrquestaException e)
        {
            throw new ApiException(400, $"The workflow definition cannot be loaded: {e.Message}", w => w.WriteString("type", e.ErrorType));
        }

        var inspection = spec.Inspect();
        if (inspection.HasErrors)
        {
            throw new ApiException(400, "The workflow definition failed inspection.", w => w.WriteRaw("inspection", inspection.ToJson()));
        }

        var saved = await _store.SaveWorkflowAsync(name, yaml, inspection.ToJson(), _time.GetUtcNow(), cancel).ConfigureAwait(false);
        var url = Url(context, "workflows", saved.Name);
        context.Response.Headers.Location = url;
        await WriteAsync(context, 201, w =>
        {
            w.WriteString("name", saved.Name);
            w.WriteNumber("version", saved.Version);
            w.WriteString("saved", Time(saved.SavedAt));
            w.WriteString("url", url);
            w.WriteString("executionsUrl", Url(context, "workflows", saved.Name, "executions"));
        }).ConfigureAwait(false);
    });

    /// <summary><c>GET /api/workflows</c>: every workflow with its latest version.</summary>
    public Task HandleListWorkflowsAsync(HttpContext context, DurableTaskClient client) => RunAsync(context, async cancel =>
    {
        var workflows = await _store.ListWorkflowsAsync(cancel).ConfigureAwait(false);
        await WriteAsync(context, 200, w =>
        {
            w.WriteStartArray("workflows");
            foreach (var workflow in workflows)
            {
                w.WriteStartObject();
                w.WriteString("name", workflow.Name);
                w.WriteNumber("version", workflow.LatestVersion);
                w.WriteString("updated", Time(workflow.UpdatedAt));
                w.WriteString("url", Url(context, "workflows", workflow.Name));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    });

    /// <summary><c>GET /api/workflows/{name}[?version=N]</c>: the YAML, the version and its inspection.</summary>
    public Task HandleGetWorkflowAsync(HttpContext context, DurableTaskClient client, string name) => RunAsync(context, async cancel =>
    {
        CheckName(name, "workflow name");
        var version = QueryInt(context, "version", 1, int.MaxValue);
        var workflow = await _store.GetWorkflowAsync(name, version, cancel).ConfigureAwait(false);
        await WriteAsync(context, 200, w =>
        {
            w.WriteString("name", workflow.Name);
            w.WriteNumber("version", workflow.Version);
            w.WriteString("saved", Time(workflow.SavedAt));
            w.WriteString("yaml", workflow.Yaml);
            w.WriteRaw("inspection", workflow.InspectionJson);
        }).ConfigureAwait(false);
    });

    /// <summary><c>DELETE /api/workflows/{name}</c>: deletes every version (204). Executions keep their rows.</summary>
    public Task HandleDeleteWorkflowAsync(HttpContext context, DurableTaskClient client, string name) => RunAsync(context, async cancel =>
    {
        CheckName(name, "workflow name");
        await _store.DeleteWorkflowAsync(name, cancel).ConfigureAwait(false);
        context.Response.StatusCode = 204;
    });

    // ---- executions --------------------------------------------------------------------------

    /// <summary>
    /// <c>POST /api/workflows/{name}/executions[?timeout=SECONDS][&amp;version=N]</c>: the body (a
    /// JSON object, or nothing) is the workflow's input. Creates the execution's row
    /// (<c>requested</c>), schedules the orchestration and answers 202 with the status URLs.
    /// </summary>
    public Task HandleStartExecutionAsync(HttpContext context, DurableTaskClient client, string name) => RunAsync(context, async cancel =>
    {
        ArgumentNullException.ThrowIfNull(client);
        CheckName(name, "workflow name");
        var timeout = QueryTimeout(context);
        var version = QueryInt(context, "version", 1, int.MaxValue);
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        string? inputJson = null;
        if (body.Length > 0 && !IsWhitespace(body))
        {
            var input = ParseJson(body, "the input");
            if (input is not DictValue) throw new ApiException(400, $"The input must be a JSON object; the body is {Describe(input)}.");
            inputJson = JsonValues.Serialize(input);
        }

        var workflow = await _store.GetWorkflowAsync(name, version, cancel).ConfigureAwait(false);
        var id = NewExecutionId();
        var now = _time.GetUtcNow();
        await _store.CreateExecutionAsync(new NewExecution
        {
            Id = id,
            WorkflowName = workflow.Name,
            WorkflowVersion = workflow.Version,
            Status = Statuses.Requested,
            CreatedAt = now,
            InputJson = inputJson,
        }, cancel).ConfigureAwait(false);

        var runInput = new WorkflowRunInput
        {
            ExecutionId = id,
            WorkflowName = workflow.Name,
            WorkflowVersion = workflow.Version,
            Definition = workflow.Yaml,
            InputJson = inputJson,
            Deadline = timeout is { } seconds ? now.UtcDateTime.AddSeconds(seconds) : null,
            TimeoutSeconds = timeout,
            EpisodeEvents = _options.EpisodeEvents,
        };
        await client.ScheduleNewOrchestrationInstanceAsync(OrchestrationNames.Workflow, runInput, new StartOrchestrationOptions { InstanceId = id }, cancel).ConfigureAwait(false);
        LogStarted(_logger, id, workflow.Name, workflow.Version);

        var statusUrl = Url(context, "executions", id);
        context.Response.Headers.Location = statusUrl;
        await WriteAsync(context, 202, w =>
        {
            w.WriteString("id", id);
            w.WriteString("workflow", workflow.Name);
            w.WriteNumber("version", workflow.Version);
            w.WriteString("status", Statuses.Requested);
            if (timeout is { } t) w.WriteNumber("timeout", t);
            WriteExecutionUrls(w, context, id);
        }).ConfigureAwait(false);
    });

    /// <summary><c>GET /api/executions[?status=a,b][&amp;workflow=NAME][&amp;limit=N]</c>: execution rows, without input and output.</summary>
    public Task HandleListExecutionsAsync(HttpContext context, DurableTaskClient client) => RunAsync(context, async cancel =>
    {
        var statuses = context.Request.Query["status"]
            .SelectMany(s => (s ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var status in statuses)
        {
            if (!Statuses.All.Contains(status)) throw new ApiException(400, $"Unknown status '{status}'; the statuses are {string.Join(", ", Statuses.All.Order(StringComparer.Ordinal))}.");
        }

        var workflow = context.Request.Query["workflow"].LastOrDefault();
        if (!string.IsNullOrEmpty(workflow)) CheckName(workflow, "workflow name");
        var limit = QueryInt(context, "limit", 1, MaxListedExecutions) ?? DefaultListedExecutions;
        var filter = new ExecutionFilter { Statuses = statuses.Count > 0 ? statuses : null, WorkflowName = string.IsNullOrEmpty(workflow) ? null : workflow };
        var executions = await _store.ListExecutionsAsync(filter, limit, cancel).ConfigureAwait(false);
        await WriteAsync(context, 200, w =>
        {
            w.WriteStartArray("executions");
            foreach (var e in executions)
            {
                w.WriteStartObject();
                w.WriteString("id", e.Id);
                w.WriteString("workflow", e.WorkflowName);
                w.WriteNumber("version", e.WorkflowVersion);
                w.WriteString("status", e.Status);
                w.WriteString("created", Time(e.CreatedAt));
                w.WriteString("updated", Time(e.UpdatedAt));
                if (e.ParentId is not null) w.WriteString("parent", e.ParentId);
                w.WriteString("statusUrl", Url(context, "executions", e.Id));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    });

    /// <summary>
    /// <c>GET /api/executions/{id}</c>: the execution's status (the orchestration's progress while
    /// it runs, else its result or the row), input, output, errors and tasks (from the latest snapshot).
    /// </summary>
    public Task HandleGetExecutionAsync(HttpContext context, DurableTaskClient client, string id) => RunAsync(context, async cancel =>
    {
        ArgumentNullException.ThrowIfNull(client);
        CheckName(id, "execution id");
        var row = await _store.GetExecutionAsync(id, cancel).ConfigureAwait(false);
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancel).ConfigureAwait(false);
        var view = ExecutionView.Of(row, metadata);
        var snapshot = await _store.GetLatestSnapshotAsync(id, cancel).ConfigureAwait(false);
        var state = snapshot is null ? null : ReadState(snapshot);
        await WriteAsync(context, 200, w =>
        {
            w.WriteString("id", row.Id);
            w.WriteString("workflow", row.WorkflowName);
            w.WriteNumber("version", row.WorkflowVersion);
            w.WriteString("status", view.Status);
            w.WriteRaw("input", row.InputJson);
            w.WriteRaw("output", view.OutputJson);
            w.WriteRaw("errors", view.ErrorsJson ?? "[]");
            w.WriteStartArray("tasks");
            foreach (var task in state?.Tasks ?? [])
            {
                if (task is null) continue;
                w.WriteStartObject();
                w.WriteString("id", task.Id);
                w.WriteNumber("route", task.Route);
                w.WriteString("status", task.Status);
                w.WriteString("started", task.Started is { } s ? EngineState.Time(s) : null);
                w.WriteString("ended", task.Ended is { } e ? EngineState.Time(e) : null);
                w.WriteRaw("result", task.Result is null ? null : JsonValues.Serialize(task.Result));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (view.Pending.Count > 0)
            {
                w.WriteStartArray("pending");
                foreach (var key in view.Pending) w.WriteStringValue(key);
                w.WriteEndArray();
            }

            if (snapshot is not null) w.WriteNumber("snapshot", snapshot.Sequence);
            if (row.ParentId is not null) w.WriteString("parent", row.ParentId);
            w.WriteString("created", Time(row.CreatedAt));
            w.WriteString("updated", Time(view.Updated ?? row.UpdatedAt));
            WriteExecutionUrls(w, context, row.Id);
        }).ConfigureAwait(false);
    });

    /// <summary><c>GET /api/executions/{id}/snapshots</c>: the snapshots, oldest first, without their documents.</summary>
    public Task HandleListSnapshotsAsync(HttpContext context, DurableTaskClient client, string id) => RunAsync(context, async cancel =>
    {
        CheckName(id, "execution id");
        await _store.GetExecutionAsync(id, cancel).ConfigureAwait(false);
        var snapshots = await _store.ListSnapshotsAsync(id, cancel).ConfigureAwait(false);
        await WriteAsync(context, 200, w =>
        {
            w.WriteString("id", id);
            w.WriteStartArray("snapshots");
            foreach (var s in snapshots)
            {
                w.WriteStartObject();
                w.WriteNumber("sequence", s.Sequence);
                w.WriteString("created", Time(s.CreatedAt));
                w.WriteNumber("length", s.Length);
                w.WriteString("url", Url(context, "executions", id, "snapshots", s.Sequence.ToString(CultureInfo.InvariantCulture)));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    });

    /// <summary><c>GET /api/executions/{id}/snapshots/{sequence}</c>: the snapshot's document (the engine state: conductor and task records), as stored.</summary>
    public Task HandleGetSnapshotAsync(HttpContext context, DurableTaskClient client, string id, string sequence) => RunAsync(context, async cancel =>
    {
        CheckName(id, "execution id");
        if (!long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new ApiException(400, $"The snapshot sequence number must be a whole number from 0; it is '{sequence}'.");
        }

        await _store.GetExecutionAsync(id, cancel).ConfigureAwait(false);
        var snapshot = await _store.GetSnapshotAsync(id, n, cancel).ConfigureAwait(false);
        context.Response.Headers["X-Orquesta-Snapshot-Created"] = Time(snapshot.CreatedAt);
        await WriteRawAsync(context, 200, snapshot.Document).ConfigureAwait(false);
    });

    /// <summary><c>POST /api/executions/{id}/pause</c>: asks the workflow to pause (running tasks finish first); 202, or 409 when it has completed.</summary>
    public Task HandlePauseExecutionAsync(HttpContext context, DurableTaskClient client, string id) =>
        ControlAsync(context, client, id, OrchestrationNames.PauseEvent, "pause");

    /// <summary><c>POST /api/executions/{id}/resume</c>: resumes a paused workflow; 202, or 409 when it has completed.</summary>
    public Task HandleResumeExecutionAsync(HttpContext context, DurableTaskClient client, string id) =>
        ControlAsync(context, client, id, OrchestrationNames.ResumeEvent, "resume");

    /// <summary><c>POST /api/executions/{id}/cancel</c>: cancels the workflow the Orquesta way (running tasks finish); 202, or 409 when it has completed.</summary>
    public Task HandleCancelExecutionAsync(HttpContext context, DurableTaskClient client, string id) =>
        ControlAsync(context, client, id, OrchestrationNames.CancelEvent, "cancel");

    /// <summary>
    /// <c>POST /api/executions/{id}/rerun</c>: reruns a completed execution from its latest snapshot
    /// (body optional: <c>{"tasks": ["t1", {"task_id": "t2", "route": 0, "reset_items": true}]}</c>;
    /// no tasks: the failed ones), as a new orchestration with the same id; 202, 409 while it runs.
    /// </summary>
    public Task HandleRerunExecutionAsync(HttpContext context, DurableTaskClient client, string id) => RunAsync(context, async cancel =>
    {
        ArgumentNullException.ThrowIfNull(client);
        CheckName(id, "execution id");
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var tasks = body.Length == 0 || IsWhitespace(body) ? [] : ParseRerunTasks(ParseJson(body, "the rerun request"));
        var row = await _store.GetExecutionAsync(id, cancel).ConfigureAwait(false);
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancel).ConfigureAwait(false);
        if (metadata is not null && !IsFinished(metadata))
        {
            throw new ApiException(409, $"Execution '{id}' is still {ExecutionView.Of(row, metadata).Status}; only a completed execution can be rerun.", w => w.WriteString("status", ExecutionView.Of(row, metadata).Status));
        }

        var snapshot = await _store.GetLatestSnapshotAsync(id, cancel).ConfigureAwait(false)
            ?? throw new ApiException(409, $"Execution '{id}' has no snapshot to rerun from.");
        var state = ReadState(snapshot);
        try
        {
            state.Conductor.RequestWorkflowRerun([.. tasks.Select(t => new TaskRerunRequest(t.TaskId, t.Route, t.ResetItems))]);
        }
        catch (OrquestaException e)
        {
            throw new ApiException(409, $"Execution '{id}' cannot be rerun: {e.Message}", w => w.WriteString("type", e.ErrorType));
        }

        var previous = metadata?.SerializedInput is null ? null : metadata.ReadInputAs<WorkflowRunInput>();
        var definition = previous?.Definition ?? (await _store.GetWorkflowAsync(row.WorkflowName, row.WorkflowVersion, cancel).ConfigureAwait(false)).Yaml;
        var runInput = new WorkflowRunInput
        {
            ExecutionId = id,
            WorkflowName = row.WorkflowName,
            WorkflowVersion = row.WorkflowVersion,
            Definition = definition,
            InputJson = row.InputJson,
            StateJson = snapshot.Document,
            Rerun = tasks,
            EpisodeEvents = previous?.EpisodeEvents ?? _options.EpisodeEvents,
            ParentExecutionId = row.ParentId,
        };

        // The rerun's result replaces the row's output and errors; until then it is requested again.
        await _store.UpdateExecutionAsync(id, new ExecutionChanges { Status = Statuses.Requested, OutputJson = "null", ErrorsJson = "null", UpdatedAt = _time.GetUtcNow() }, cancel).ConfigureAwait(false);
        await client.ScheduleNewOrchestrationInstanceAsync(OrchestrationNames.Workflow, runInput, new StartOrchestrationOptions { InstanceId = id }, cancel).ConfigureAwait(false);
        LogRerun(_logger, id, snapshot.Sequence);
        await WriteAsync(context, 202, w =>
        {
            w.WriteString("id", id);
            w.WriteString("workflow", row.WorkflowName);
            w.WriteString("status", Statuses.Requested);
            w.WriteNumber("fromSnapshot", snapshot.Sequence);
            w.WriteStartArray("tasks");
            foreach (var t in tasks)
            {
                w.WriteStartObject();
                w.WriteString("task_id", t.TaskId);
                w.WriteNumber("route", t.Route);
                w.WriteBoolean("reset_items", t.ResetItems);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteExecutionUrls(w, context, id);
        }).ConfigureAwait(false);
    });

    /// <summary>
    /// <c>POST /api/executions/{id}/tasks/{taskId}/respond[?route=N]</c>: the body (any JSON value)
    /// answers a pending <c>core.ask</c> task, which succeeds with it as its result; 202, 404 when
    /// the task is not pending, 409 when the execution has completed.
    /// </summary>
    public Task HandleRespondAsync(HttpContext context, DurableTaskClient client, string id, string taskId) => RunAsync(context, async cancel =>
    {
        ArgumentNullException.ThrowIfNull(client);
        CheckName(id, "execution id");
        if (string.IsNullOrEmpty(taskId) || taskId.Length > MaxNameLength) throw new ApiException(400, "The task id is missing or too long.");
        var route = QueryInt(context, "route", 0, int.MaxValue);
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body.Length == 0 || IsWhitespace(body)) throw new ApiException(400, "The body must be the answer, a JSON value; it is empty.");
        var answer = ParseJson(body, "the answer");

        var row = await _store.GetExecutionAsync(id, cancel).ConfigureAwait(false);
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancel).ConfigureAwait(false);
        if (metadata is null || IsFinished(metadata))
        {
            var status = ExecutionView.Of(row, metadata).Status;
            throw new ApiException(409, $"Execution '{id}' has completed ({status}); there is nothing to answer.", w => w.WriteString("status", status));
        }

        var pending = ExecutionView.Of(row, metadata).Pending;
        if (pending.Count == 0)
        {
            var snapshot = await _store.GetLatestSnapshotAsync(id, cancel).ConfigureAwait(false);
            if (snapshot is not null)
            {
                pending = [.. ReadState(snapshot).Conductor.WorkflowState.Sequence.Where(e => e.Status == Statuses.Pending).Select(e => WorkflowState.TaskKey(e.Id, e.Route))];
            }
        }

        var match = pending.LastOrDefault(key => route is { } r ? key == WorkflowState.TaskKey(taskId, r) : IsKeyOf(key, taskId));
        if (match is null)
        {
            throw new ApiException(404, $"Task '{taskId}'{(route is { } rr ? $" (route {rr})" : string.Empty)} of execution '{id}' is not waiting for an answer.", w =>
            {
                w.WriteStartArray("pending");
                foreach (var key in pending) w.WriteStringValue(key);
                w.WriteEndArray();
            });
        }

        var response = new AskResponse { TaskId = taskId, Route = route, AnswerJson = JsonValues.Serialize(answer) };
        await client.RaiseEventAsync(id, OrchestrationNames.RespondEvent, JsonSerializer.Serialize(response, EngineJson.Options), cancel).ConfigureAwait(false);
        await WriteAsync(context, 202, w =>
        {
            w.WriteString("id", id);
            w.WriteString("task", taskId);
            if (route is { } r) w.WriteNumber("route", r);
            w.WriteString("requested", "respond");
            w.WriteString("statusUrl", Url(context, "executions", id));
        }).ConfigureAwait(false);
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Started execution {ExecutionId} of workflow {Workflow} version {Version}.")]
    private static partial void LogStarted(ILogger logger, string executionId, string workflow, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rerunning execution {ExecutionId} from snapshot {Sequence}.")]
    private static partial void LogRerun(ILogger logger, string executionId, long sequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failed while handling {Method} {Path}.")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error while handling {Method} {Path}.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);

    private Task ControlAsync(HttpContext context, DurableTaskClient client, string id, string eventName, string verb) => RunAsync(context, async cancel =>
    {
        ArgumentNullException.ThrowIfNull(client);
        CheckName(id, "execution id");
        var row = await _store.GetExecutionAsync(id, cancel).ConfigureAwait(false);
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancel).ConfigureAwait(false);
        var status = ExecutionView.Of(row, metadata).Status;
        if (metadata is null || IsFinished(metadata))
        {
            throw new ApiException(409, $"Execution '{id}' has completed ({status}); it cannot {verb}.", w => w.WriteString("status", status));
        }

        await client.RaiseEventAsync(id, eventName, eventPayload: null, cancel).ConfigureAwait(false);
        await WriteAsync(context, 202, w =>
        {
            w.WriteString("id", id);
            w.WriteString("status", status);
            w.WriteString("requested", verb);
            w.WriteString("statusUrl", Url(context, "executions", id));
        }).ConfigureAwait(false);
    });
}
