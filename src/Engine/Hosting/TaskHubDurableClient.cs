using DurableTask.Core;
using IOrchestrationServiceQueryClient = DurableTask.Core.Query.IOrchestrationServiceQueryClient;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreDataConverter = DurableTask.Core.Serializing.DataConverter;
using CoreOrchestrationStatus = DurableTask.Core.OrchestrationStatus;

namespace Orquesta.Azure.Engine.Hosting;

/// <summary>
/// The <see cref="DurableTaskClient"/> the API handlers and the CLI take, over DurableTask.Core's
/// <see cref="TaskHubClient"/> and any orchestration service client (the Azure Storage provider).
/// Payloads are written with the worker's own converter (System.Text.Json, through
/// <see cref="CoreJsonConverter"/>), so what the client sends is what the orchestrator reads.
/// </summary>
public sealed class TaskHubDurableClient : DurableTaskClient
{
    /// <summary>How often a wait polls the instance's state: quick at first, then every second.</summary>
    private static readonly TimeSpan[] PollIntervals = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500)];
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(1);

    private readonly IOrchestrationServiceClient _service;
    private readonly TaskHubClient _client;
    private readonly DataConverter _converter;
    private readonly bool _promptWaits;

    /// <summary>A client of <paramref name="service"/>.</summary>
    /// <param name="service">The orchestration service's client side.</param>
    /// <param name="converter">The payload converter (the worker's; System.Text.Json unless set).</param>
    /// <param name="promptWaits">Whether the service's own wait for an instance's end returns as soon as it ends (the in-memory service's does; the Azure Storage provider's polls every 2 s, so this client polls instead).</param>
    public TaskHubDurableClient(IOrchestrationServiceClient service, DataConverter? converter = null, bool promptWaits = false)
        : base("orquesta")
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        _promptWaits = promptWaits;
        _converter = converter ?? Microsoft.DurableTask.Converters.JsonDataConverter.Default;
        _client = new TaskHubClient(service, new CoreJsonConverter(_converter));
    }

    /// <inheritdoc />
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var id = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        // Orchestrators are registered without versions (TaskHubEngine), as in the Function app.
        const string version = "";

        // An instance that is still running cannot be started again; a completed one can (rerun).
        CoreOrchestrationStatus[] dedupe = [CoreOrchestrationStatus.Pending, CoreOrchestrationStatus.Running, CoreOrchestrationStatus.ContinuedAsNew, CoreOrchestrationStatus.Suspended];
        if (options?.StartAt is { } startAt)
        {
            await _client.CreateScheduledOrchestrationInstanceAsync(orchestratorName.Name, version, id, input, startAt.UtcDateTime).WaitAsync(cancellation).ConfigureAwait(false);
        }
        else
        {
            await _client.CreateOrchestrationInstanceAsync(orchestratorName.Name, version, id, input, tags: null, dedupe).WaitAsync(cancellation).ConfigureAwait(false);
        }

        return id;
    }

    /// <inheritdoc />
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        _client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, eventPayload!).WaitAsync(cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        if (_promptWaits)
        {
            var state = await _service.WaitForOrchestrationAsync(instanceId, executionId: null, Timeout.InfiniteTimeSpan, cancellation).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            if (state?.OrchestrationInstance is not null) return ToMetadata(state, getInputsAndOutputs);
        }

        return await WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _client.SuspendInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason).WaitAsync(cancellation);

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _client.ResumeInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason).WaitAsync(cancellation);

    /// <inheritdoc />
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        _client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, options?.Output is null ? string.Empty : _converter.Serialize(options.Output)).WaitAsync(cancellation);

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false).WaitAsync(cancellation).ConfigureAwait(false);
        var state = states?.FirstOrDefault();
        return state?.OrchestrationInstance is null ? null : ToMetadata(state, getInputsAndOutputs);
    }

    /// <inheritdoc />
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        if (_service is not IOrchestrationServiceQueryClient query)
        {
            throw new NotSupportedException($"The orchestration service {_service.GetType().Name} cannot list instances.");
        }

        return Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var coreQuery = new global::DurableTask.Core.Query.OrchestrationQuery
            {
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                RuntimeStatus = filter?.Statuses?.Select(s => (CoreOrchestrationStatus)s).ToList(),
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? 100,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            var result = await query.GetOrchestrationWithQueryAsync(coreQuery, cancellation).ConfigureAwait(false);
            var items = result.OrchestrationState.Select(s => ToMetadata(s, coreQuery.FetchInputsAndOutputs)).ToList();
            return new Page<OrchestrationMetadata>(items, result.ContinuationToken);
        });
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        for (var attempt = 0; ; attempt++)
        {
            var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
            if (metadata is not null && done(metadata)) return metadata;
            await Task.Delay(attempt < PollIntervals.Length ? PollIntervals[attempt] : MaxPollInterval, cancellation).ConfigureAwait(false);
        }
    }

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool getInputsAndOutputs) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = _converter,
            RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
            LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
            SerializedInput = getInputsAndOutputs ? state.Input : null,
            SerializedOutput = getInputsAndOutputs ? state.Output : null,
            SerializedCustomStatus = getInputsAndOutputs ? state.Status : null,
            FailureDetails = ToFailure(state.FailureDetails),
        };

    private static TaskFailureDetails? ToFailure(FailureDetails? details) =>
        details is null ? null : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, ToFailure(details.InnerFailure), Properties: null);
}

/// <summary>
/// DurableTask.Core's converter contract over the worker's converter, so payloads written by a
/// <see cref="TaskHubClient"/> are read back by the shims of Microsoft.DurableTask unchanged.
/// </summary>
public sealed class CoreJsonConverter : CoreDataConverter
{
    private readonly DataConverter _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public CoreJsonConverter(DataConverter inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public override string Serialize(object value) => _inner.Serialize(value)!;

    /// <inheritdoc />
    public override string Serialize(object value, bool formatted) => _inner.Serialize(value)!;

    /// <inheritdoc />
    public override object Deserialize(string data, Type objectType) => _inner.Deserialize(data, objectType)!;
}
