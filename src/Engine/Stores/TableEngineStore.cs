using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Stores;

/// <summary>The engine's store on Azure Table Storage (<see cref="EngineStorage"/>).</summary>
public sealed class TableEngineStore : IEngineStore
{
    private readonly EngineStorage _storage;

    /// <summary>Creates the store over <paramref name="storage"/> (its tables must exist: <see cref="EngineStorage.CreateTablesAsync"/>).</summary>
    public TableEngineStore(EngineStorage storage) => _storage = storage;

    /// <summary>The tables.</summary>
    public EngineStorage Storage => _storage;

    /// <inheritdoc />
    public Task<WorkflowDefinition> SaveWorkflowAsync(string name, string yaml, string inspectionJson, DateTimeOffset savedAt, CancellationToken cancellationToken = default) =>
        _storage.Workflows.SaveAsync(name, yaml, inspectionJson, savedAt, cancellationToken);

    /// <inheritdoc />
    public Task<WorkflowDefinition> GetWorkflowAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        version is { } v ? _storage.Workflows.GetAsync(name, v, cancellationToken) : _storage.Workflows.GetLatestAsync(name, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowSummary>> ListWorkflowsAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<WorkflowSummary>();
        await foreach (var summary in _storage.Workflows.ListAsync(cancellationToken).ConfigureAwait(false)) list.Add(summary);
        return list;
    }

    /// <inheritdoc />
    public Task DeleteWorkflowAsync(string name, CancellationToken cancellationToken = default) =>
        _storage.Workflows.DeleteAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task<ExecutionRecord> CreateExecutionAsync(NewExecution execution, CancellationToken cancellationToken = default) =>
        _storage.Executions.CreateAsync(execution, cancellationToken);

    /// <inheritdoc />
    public Task<ExecutionRecord> GetExecutionAsync(string id, CancellationToken cancellationToken = default) =>
        _storage.Executions.GetAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task UpdateExecutionAsync(string id, ExecutionChanges changes, CancellationToken cancellationToken = default) =>
        _storage.Executions.UpdateAsync(id, "*", changes, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExecutionSummary>> ListExecutionsAsync(ExecutionFilter? filter, int limit, CancellationToken cancellationToken = default)
    {
        var page = await _storage.Executions.ListPageAsync(filter, Math.Clamp(limit, 1, 1000), null, cancellationToken).ConfigureAwait(false);
        return page.Items;
    }

    /// <inheritdoc />
    public async Task AppendSnapshotAsync(string executionId, long sequence, string document, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.Snapshots.AppendAsync(executionId, sequence, document, createdAt, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            // Written already by an earlier delivery of the same activity.
        }
    }

    /// <inheritdoc />
    public Task<Snapshot> GetSnapshotAsync(string executionId, long sequence, CancellationToken cancellationToken = default) =>
        _storage.Snapshots.GetAsync(executionId, sequence, cancellationToken);

    /// <inheritdoc />
    public Task<Snapshot?> GetLatestSnapshotAsync(string executionId, CancellationToken cancellationToken = default) =>
        _storage.Snapshots.GetLatestAsync(executionId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string executionId, CancellationToken cancellationToken = default) =>
        _storage.Snapshots.ListAsync(executionId, cancellationToken);
}
