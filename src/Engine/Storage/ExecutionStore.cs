using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>
/// Executions, one row each, in a partition of their own (the escaped id): the row
/// <c>execution</c> holds the workflow name and version, status, times, parent id and the input,
/// output and errors documents; documents too large for it go to chunk rows (<c>c.…</c>) of the
/// same partition. Updates are conditional on the ETag the caller read, so concurrent writers
/// never overwrite each other silently. Listing filters on the row's properties server-side and
/// returns summaries without the documents.
/// </summary>
public sealed class ExecutionStore
{
    private const string MainRow = "execution";
    private const string ChunkScope = "c.";
    private static readonly string[] DocumentFields = ["Input", "Output", "Errors"];
    private static readonly string[] SummarySelect =
        ["PartitionKey", "RowKey", StorageSchema.Property, "ExecutionId", "WorkflowName", "WorkflowVersion", "Status", "CreatedAt", "UpdatedAt", "ParentId"];

    private readonly TableClient _table;

    /// <summary>Creates the store over <paramref name="table"/> (see <see cref="EngineStorage"/>).</summary>
    public ExecutionStore(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    /// <summary>The table the store uses.</summary>
    public string TableName => _table.Name;

    /// <summary>Stores a new execution and returns it with its ETag.</summary>
    /// <exception cref="StorageConflictException">An execution with the id exists already.</exception>
    public async Task<ExecutionRecord> CreateAsync(NewExecution execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        StorageArguments.RequireText(execution.Id, "execution id", nameof(execution));
        StorageArguments.RequireText(execution.WorkflowName, "workflow name", nameof(execution));
        StorageArguments.RequireText(execution.Status, "status", nameof(execution));
        if (execution.ParentId is not null) StorageArguments.RequireText(execution.ParentId, "parent id", nameof(execution));
        StorageArguments.RequireTime(execution.CreatedAt, "creation time", nameof(execution));
        var partition = TableKeys.Escape(execution.Id);
        var entity = new TableEntity(partition, MainRow)
        {
            [StorageSchema.Property] = StorageSchema.Current,
            ["ExecutionId"] = execution.Id,
            ["WorkflowName"] = execution.WorkflowName,
            ["WorkflowVersion"] = execution.WorkflowVersion,
            ["Status"] = execution.Status,
            ["CreatedAt"] = execution.CreatedAt,
            ["UpdatedAt"] = execution.CreatedAt,
        };
        if (execution.ParentId is not null) entity["ParentId"] = execution.ParentId;
        var writeId = Guid.NewGuid().ToString("N");
        var chunks = new List<TableEntity>();
        chunks.AddRange(Place(execution.InputJson, "Input", entity, writeId));
        chunks.AddRange(Place(execution.OutputJson, "Output", entity, writeId));
        chunks.AddRange(Place(execution.ErrorsJson, "Errors", entity, writeId));
        try
        {
            var responses = await TableOperations.CommitAsync(_table, chunks, [new TableTransactionAction(TableTransactionActionType.Add, entity)], cancellationToken).ConfigureAwait(false);
            return new ExecutionRecord
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
                ETag = responses[0].Headers.ETag?.ToString() ?? "",
            };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new StorageConflictException($"execution '{execution.Id}'", $"Execution '{execution.Id}' already exists.", ex);
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"creating execution '{execution.Id}'", _table.Name, ex);
        }
    }

    /// <summary>The execution with its input, output and errors.</summary>
    /// <exception cref="ExecutionNotFoundException">No execution has the id.</exception>
    public async Task<ExecutionRecord> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        RequireId(id, nameof(id));
        try
        {
            var entity = await TableOperations.GetOrNullAsync(_table, TableKeys.Escape(id), MainRow, null, cancellationToken).ConfigureAwait(false)
                ?? throw new ExecutionNotFoundException(id);
            var summary = Summarize(entity);
            var resource = $"execution '{id}'";
            return new ExecutionRecord
            {
                Id = summary.Id,
                WorkflowName = summary.WorkflowName,
                WorkflowVersion = summary.WorkflowVersion,
                Status = summary.Status,
                CreatedAt = summary.CreatedAt,
                UpdatedAt = summary.UpdatedAt,
                ParentId = summary.ParentId,
                ETag = summary.ETag,
                InputJson = await StoredDocument.ReadAsync(_table, entity, "Input", ChunkScope, resource, cancellationToken).ConfigureAwait(false),
                OutputJson = await StoredDocument.ReadAsync(_table, entity, "Output", ChunkScope, resource, cancellationToken).ConfigureAwait(false),
                ErrorsJson = await StoredDocument.ReadAsync(_table, entity, "Errors", ChunkScope, resource, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"reading execution '{id}'", _table.Name, ex);
        }
    }

    /// <summary>
    /// Applies <paramref name="changes"/> if the execution is still at <paramref name="expectedETag"/>
    /// (the ETag of the version the caller read; <c>*</c> for any) and returns the new ETag. A change of status alone
    /// is one merge; a change of output or errors rewrites the row and removes the chunks of the
    /// documents it replaces.
    /// </summary>
    /// <exception cref="ExecutionNotFoundException">No execution has the id.</exception>
    /// <exception cref="StorageConflictException">The execution changed since the caller read it.</exception>
    public async Task<string> UpdateAsync(string id, string expectedETag, ExecutionChanges changes, CancellationToken cancellationToken = default)
    {
        RequireId(id, nameof(id));
        ArgumentException.ThrowIfNullOrEmpty(expectedETag);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Status is not null) StorageArguments.RequireText(changes.Status, "status", nameof(changes));
        StorageArguments.RequireTime(changes.UpdatedAt, "update time", nameof(changes));
        var partition = TableKeys.Escape(id);
        var etag = new ETag(expectedETag);
        try
        {
            if (changes.OutputJson is null && changes.ErrorsJson is null)
            {
                var merge = new TableEntity(partition, MainRow) { ["UpdatedAt"] = changes.UpdatedAt };
                if (changes.Status is not null) merge["Status"] = changes.Status;
                var response = await _table.UpdateEntityAsync(merge, etag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return response.Headers.ETag?.ToString() ?? "";
            }

            var current = await TableOperations.GetOrNullAsync(_table, partition, MainRow, null, cancellationToken).ConfigureAwait(false)
                ?? throw new ExecutionNotFoundException(id);
            if (current.ETag != etag && etag != ETag.All) throw Conflict(id, null);
            StorageSchema.Require(current, $"execution '{id}'");
            var updated = TableOperations.Copy(current);
            updated["UpdatedAt"] = changes.UpdatedAt;
            if (changes.Status is not null) updated["Status"] = changes.Status;
            var writeId = Guid.NewGuid().ToString("N");
            var chunks = new List<TableEntity>();
            var superseded = new List<string>();
            foreach (var (field, json) in new[] { ("Output", changes.OutputJson), ("Errors", changes.ErrorsJson) })
            {
                if (json is null) continue;
                superseded.AddRange(StoredDocument.ChunkRowKeys(current, field, ChunkScope));
                StoredDocument.Remove(updated, field);
                chunks.AddRange(Place(json, field, updated, writeId));
            }

            var responses = await TableOperations.CommitAsync(
                _table, chunks, [new TableTransactionAction(TableTransactionActionType.UpdateReplace, updated, etag)], cancellationToken).ConfigureAwait(false);
            await TableOperations.DeleteQuietlyAsync(_table, partition, superseded).ConfigureAwait(false);
            return responses[0].Headers.ETag?.ToString() ?? "";
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw Conflict(id, ex);
        }
        catch (RequestFailedException ex) when (TableOperations.IsMissingEntity(ex))
        {
            throw new ExecutionNotFoundException(id);
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"updating execution '{id}'", _table.Name, ex);
        }
    }

    /// <summary>Every execution the filter admits (all when it is null), as summaries, in the order of their keys.</summary>
    public async IAsyncEnumerable<ExecutionSummary> ListAsync(ExecutionFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = _table.QueryAsync<TableEntity>(Filter(filter), select: SummarySelect, cancellationToken: cancellationToken);
        await using var enumerator = query.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false)) yield break;
            }
            catch (Exception ex) when (TableOperations.IsStorageError(ex))
            {
                throw TableOperations.Failure("listing executions", _table.Name, ex);
            }

            yield return Summarize(enumerator.Current);
        }
    }

    /// <summary>
    /// One page of at most <paramref name="pageSize"/> executions the filter admits; pass the
    /// returned continuation token to get the next page.
    /// </summary>
    public async Task<ExecutionPage> ListPageAsync(ExecutionFilter? filter, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        var text = Filter(filter);
        var items = new List<ExecutionSummary>();
        var token = continuationToken;
        try
        {
            // The service may answer a filtered query with a short (even empty) page and a token: go on until the page is full.
            do
            {
                var query = _table.QueryAsync<TableEntity>(text, maxPerPage: pageSize - items.Count, select: SummarySelect, cancellationToken: cancellationToken);
                await foreach (var page in query.AsPages(token, pageSize - items.Count).ConfigureAwait(false))
                {
                    items.AddRange(page.Values.Select(Summarize));
                    token = page.ContinuationToken;
                    break;
                }
            }
            while (token is not null && items.Count < pageSize);
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure("listing executions", _table.Name, ex);
        }

        return new ExecutionPage { Items = items, ContinuationToken = token };
    }

    /// <summary>Deletes the execution and everything stored with it.</summary>
    /// <exception cref="ExecutionNotFoundException">No execution has the id.</exception>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        RequireId(id, nameof(id));
        var partition = TableKeys.Escape(id);
        try
        {
            var rows = await TableOperations.AllRowKeysAsync(_table, partition, cancellationToken).ConfigureAwait(false);
            var found = rows.Remove(MainRow);
            if (found) rows.Insert(0, MainRow);
            await TableOperations.DeleteRowsAsync(_table, partition, rows, cancellationToken).ConfigureAwait(false);
            if (!found) throw new ExecutionNotFoundException(id);
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"deleting execution '{id}'", _table.Name, ex);
        }
    }

    private static IReadOnlyList<TableEntity> Place(string? json, string field, TableEntity owner, string writeId) =>
        json is null ? [] : StoredDocument.Place(StoredDocument.Encode(json), field, owner, ChunkScope, writeId);

    private static string Filter(ExecutionFilter? filter)
    {
        foreach (var status in filter?.Statuses ?? []) StorageArguments.RequireText(status, "status", nameof(filter));
        if (filter?.WorkflowName is { } name) StorageArguments.RequireText(name, "workflow name", nameof(filter));
        if (filter?.ParentId is { } parentId) StorageArguments.RequireText(parentId, "parent id", nameof(filter));
        var parts = new List<string> { TableClient.CreateQueryFilter($"RowKey eq {MainRow}") };
        if (filter?.Statuses is { Count: > 0 } statuses)
        {
            parts.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s}"))) + ")");
        }

        if (filter?.WorkflowName is { } workflow) parts.Add(TableClient.CreateQueryFilter($"WorkflowName eq {workflow}"));
        if (filter?.WorkflowVersion is { } version) parts.Add(TableClient.CreateQueryFilter($"WorkflowVersion eq {version}"));
        if (filter?.ParentId is { } parent) parts.Add(TableClient.CreateQueryFilter($"ParentId eq {parent}"));
        return string.Join(" and ", parts);
    }

    private static ExecutionSummary Summarize(TableEntity entity)
    {
        var id = entity.GetString("ExecutionId") ?? throw new StoredDataException($"execution with key '{entity.PartitionKey}'", "its id is missing.");
        var resource = $"execution '{id}'";
        StorageSchema.Require(entity, resource);
        return new ExecutionSummary
        {
            Id = id,
            WorkflowName = entity.GetString("WorkflowName") ?? throw new StoredDataException(resource, "its workflow name is missing."),
            WorkflowVersion = entity.GetInt32("WorkflowVersion") ?? throw new StoredDataException(resource, "its workflow version is missing."),
            Status = entity.GetString("Status") ?? throw new StoredDataException(resource, "its status is missing."),
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? throw new StoredDataException(resource, "its creation time is missing."),
            UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? throw new StoredDataException(resource, "its update time is missing."),
            ParentId = entity.GetString("ParentId"),
            ETag = entity.ETag.ToString(),
        };
    }

    private static StorageConflictException Conflict(string id, Exception? inner) =>
        new($"execution '{id}'", $"Execution '{id}' was changed by another writer since it was read: read it again.", inner);

    private static void RequireId(string id, string parameter) => StorageArguments.RequireText(id, "execution id", parameter);
}
