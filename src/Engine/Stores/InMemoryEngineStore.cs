using System.Globalization;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Stores;

/// <summary>The engine's store in memory: for the embedded engine, which keeps nothing after it stops.</summary>
public sealed class InMemoryEngineStore : IEngineStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, List<WorkflowDefinition>> _workflows = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ExecutionRecord> _executions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<long, Snapshot>> _snapshots = new(StringComparer.Ordinal);
    private long _etag;

    /// <inheritdoc />
    public Task<WorkflowDefinition> SaveWorkflowAsync(string name, string yaml, string inspectionJson, DateTimeOffset savedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_workflows.TryGetValue(name, out var versions)) _workflows[name] = versions = [];
            var definition = new WorkflowDefinition { Name = name, Version = versions.Count + 1, Yaml = yaml, InspectionJson = inspectionJson, SavedAt = savedAt };
            versions.Add(definition);
            return Task.FromResult(definition);
        }
    }

    /// <inheritdoc />
    public Task<WorkflowDefinition> GetWorkflowAsync(string name, int? version = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_workflows.TryGetValue(name, out var versions) || versions.Count == 0) throw new WorkflowNotFoundException(name, version);
            if (version is null) return Task.FromResult(versions[^1]);
            if (version < 1 || version > versions.Count) throw new WorkflowNotFoundException(name, version);
            return Task.FromResult(versions[version.Value - 1]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowSummary>> ListWorkflowsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<WorkflowSummary> list = [.. _workflows.Where(kv => kv.Value.Count > 0).Select(kv => new WorkflowSummary { Name = kv.Key, LatestVersion = kv.Value.Count, UpdatedAt = kv.Value[^1].SavedAt })];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task DeleteWorkflowAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_workflows.Remove(name)) throw new WorkflowNotFoundException(name);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<ExecutionRecord> CreateExecutionAsync(NewExecution execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        lock (_gate)
        {
            if (_executions.ContainsKey(execution.Id)) throw new StorageConflictException($"execution '{execution.Id}'", $"An execution with id '{execution.Id}' already exists.");
            var record = new ExecutionRecord
            {
                Id = execution.Id,
                WorkflowName = execution.WorkflowName,
                WorkflowVersion = execution.WorkflowVersion,
                Status = execution.Status,
                CreatedAt = execution.CreatedAt,
                UpdatedAt = execution.CreatedAt,
                ParentId = execution.ParentId,
                InputJson = execution.InputJson,
                OutputJson = execution.OutputJson,
                ErrorsJson = execution.ErrorsJson,
                ETag = NextETag(),
            };
            _executions[record.Id] = record;
            return Task.FromResult(record);
        }
    }

    /// <inheritdoc />
    public Task<ExecutionRecord> GetExecutionAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _executions.TryGetValue(id, out var record) ? Task.FromResult(record) : throw new ExecutionNotFoundException(id);
        }
    }

    /// <inheritdoc />
    public Task UpdateExecutionAsync(string id, ExecutionChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (_gate)
        {
            if (!_executions.TryGetValue(id, out var record)) throw new ExecutionNotFoundException(id);
            _executions[id] = record with
            {
                Status = changes.Status ?? record.Status,
                OutputJson = changes.OutputJson ?? record.OutputJson,
                ErrorsJson = changes.ErrorsJson ?? record.ErrorsJson,
                UpdatedAt = changes.UpdatedAt,
                ETag = NextETag(),
            };
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ExecutionSummary>> ListExecutionsAsync(ExecutionFilter? filter, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ExecutionSummary> list = [.. _executions.Values
                .Where(e => filter?.Statuses is not { Count: > 0 } statuses || statuses.Contains(e.Status))
                .Where(e => filter?.WorkflowName is not { } name || e.WorkflowName == name)
                .Where(e => filter?.WorkflowVersion is not { } version || e.WorkflowVersion == version)
                .Where(e => filter?.ParentId is not { } parent || e.ParentId == parent)
                .Take(limit)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task AppendSnapshotAsync(string executionId, long sequence, string document, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_snapshots.TryGetValue(executionId, out var list)) _snapshots[executionId] = list = [];
            list.TryAdd(sequence, new Snapshot { ExecutionId = executionId, Sequence = sequence, CreatedAt = createdAt, Length = document.Length, Document = document });
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<Snapshot> GetSnapshotAsync(string executionId, long sequence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _snapshots.TryGetValue(executionId, out var list) && list.TryGetValue(sequence, out var snapshot)
                ? Task.FromResult(snapshot)
                : throw new SnapshotNotFoundException(executionId, sequence);
        }
    }

    /// <inheritdoc />
    public Task<Snapshot?> GetLatestSnapshotAsync(string executionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_snapshots.TryGetValue(executionId, out var list) && list.Count > 0 ? list.Values.Last() : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string executionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<SnapshotInfo> list = _snapshots.TryGetValue(executionId, out var snapshots)
                ? [.. snapshots.Values.Select(s => new SnapshotInfo { ExecutionId = s.ExecutionId, Sequence = s.Sequence, CreatedAt = s.CreatedAt, Length = s.Length })]
                : [];
            return Task.FromResult(list);
        }
    }

    private string NextETag() => (++_etag).ToString(CultureInfo.InvariantCulture);
}
