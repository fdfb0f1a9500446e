using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Stores;

/// <summary>
/// What the engine keeps outside the durable history: workflow definitions, executions and
/// conductor snapshots. <see cref="TableEngineStore"/> keeps them in Azure Table Storage (the
/// Function app, a durable server); <see cref="InMemoryEngineStore"/> in memory (the CLI's
/// embedded engine). Errors are the <see cref="StorageException"/> family.
/// </summary>
public interface IEngineStore
{
    /// <summary>Saves a new version of a workflow.</summary>
    Task<WorkflowDefinition> SaveWorkflowAsync(string name, string yaml, string inspectionJson, DateTimeOffset savedAt, CancellationToken cancellationToken = default);

    /// <summary>The workflow's latest version, or <paramref name="version"/>.</summary>
    /// <exception cref="WorkflowNotFoundException">No such workflow or version.</exception>
    Task<WorkflowDefinition> GetWorkflowAsync(string name, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>Every workflow, by name.</summary>
    Task<IReadOnlyList<WorkflowSummary>> ListWorkflowsAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes every version of a workflow.</summary>
    /// <exception cref="WorkflowNotFoundException">No such workflow.</exception>
    Task DeleteWorkflowAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Creates an execution's row.</summary>
    Task<ExecutionRecord> CreateExecutionAsync(NewExecution execution, CancellationToken cancellationToken = default);

    /// <summary>An execution's row.</summary>
    /// <exception cref="ExecutionNotFoundException">No such execution.</exception>
    Task<ExecutionRecord> GetExecutionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Applies changes to an execution's row (last writer wins).</summary>
    Task UpdateExecutionAsync(string id, ExecutionChanges changes, CancellationToken cancellationToken = default);

    /// <summary>Executions the filter admits, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ExecutionSummary>> ListExecutionsAsync(ExecutionFilter? filter, int limit, CancellationToken cancellationToken = default);

    /// <summary>Appends a snapshot; writing the same sequence number again is ignored (activities run at least once).</summary>
    Task AppendSnapshotAsync(string executionId, long sequence, string document, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    /// <summary>One snapshot.</summary>
    /// <exception cref="SnapshotNotFoundException">No such snapshot.</exception>
    Task<Snapshot> GetSnapshotAsync(string executionId, long sequence, CancellationToken cancellationToken = default);

    /// <summary>The newest snapshot, or null.</summary>
    Task<Snapshot?> GetLatestSnapshotAsync(string executionId, CancellationToken cancellationToken = default);

    /// <summary>The snapshots of an execution, oldest first.</summary>
    Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string executionId, CancellationToken cancellationToken = default);
}
