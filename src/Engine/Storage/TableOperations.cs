using Azure;
using Azure.Data.Tables;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>The table calls every store shares: point reads, chunked writes, partition deletes, error mapping.</summary>
internal static class TableOperations
{
    /// <summary>The system properties a copied entity must not carry along.</summary>
    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>The entity, or null when it does not exist. A missing table is an error, not an empty one.</summary>
    public static async Task<TableEntity?> GetOrNullAsync(TableClient table, string partitionKey, string rowKey, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.GetEntityAsync<TableEntity>(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false);
            return response.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode != "TableNotFound")
        {
            return null;
        }
    }

    /// <summary>A copy of <paramref name="entity"/>'s own properties under the same keys, without ETag and Timestamp.</summary>
    public static TableEntity Copy(TableEntity entity)
    {
        var copy = new TableEntity(entity.PartitionKey, entity.RowKey);
        foreach (var (name, value) in entity)
        {
            if (!SystemProperties.Contains(name)) copy[name] = value;
        }

        return copy;
    }

    /// <summary>
    /// Writes <paramref name="chunks"/> (new rows) and then <paramref name="finals"/>, the actions that
    /// make the write visible, in the last transaction; returns the responses to the final actions.
    /// When a transaction fails, the chunk rows already committed are deleted (best effort) and the
    /// failure is rethrown: a reader never sees a half-written document.
    /// </summary>
    public static async Task<IReadOnlyList<Response>> CommitAsync(
        TableClient table, IReadOnlyList<TableEntity> chunks, IReadOnlyList<TableTransactionAction> finals, CancellationToken cancellationToken)
    {
        var transactions = TransactionPlanner.Plan(finals, chunks);
        var committed = new List<string>();
        try
        {
            for (var t = 0; t < transactions.Count - 1; t++)
            {
                await table.SubmitTransactionAsync(transactions[t], cancellationToken).ConfigureAwait(false);
                committed.AddRange(transactions[t].Select(a => a.Entity.RowKey));
            }

            var responses = await table.SubmitTransactionAsync(transactions[^1], cancellationToken).ConfigureAwait(false);
            return [.. responses.Value.Take(finals.Count)];
        }
        catch (Exception) when (committed.Count > 0)
        {
            await DeleteQuietlyAsync(table, chunks[0].PartitionKey, committed).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Deletes rows of one partition, 100 per transaction; rows already gone are skipped.</summary>
    public static async Task DeleteRowsAsync(TableClient table, string partitionKey, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        for (var start = 0; start < rowKeys.Count; start += TransactionPlanner.MaxActions)
        {
            var batch = rowKeys.Skip(start).Take(TransactionPlanner.MaxActions).ToList();
            while (batch.Count > 0)
            {
                try
                {
                    await table.SubmitTransactionAsync(
                        batch.Select(rowKey => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, rowKey), ETag.All)),
                        cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 404 && ex.ErrorCode != "TableNotFound" && ex.FailedTransactionActionIndex is { } index && index < batch.Count)
                {
                    batch.RemoveAt(index);
                }
            }
        }
    }

    /// <summary>Deletes rows left behind by a failed or superseded write; failures only leave garbage that a partition delete removes.</summary>
    public static async Task DeleteQuietlyAsync(TableClient table, string partitionKey, IReadOnlyList<string> rowKeys)
    {
        try
        {
            await DeleteRowsAsync(table, partitionKey, rowKeys, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException)
        {
            // Unreferenced chunk rows are never read; deleting the partition's owner removes them.
        }
    }

    /// <summary>The row keys of a partition within [from, to), in order.</summary>
    public static async Task<List<string>> RowKeysAsync(TableClient table, string partitionKey, string from, string to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {from} and RowKey lt {to}");
        var keys = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(entity.RowKey);
        }

        return keys;
    }

    /// <summary>Every row key of a partition, in order.</summary>
    public static async Task<List<string>> AllRowKeysAsync(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        var keys = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(entity.RowKey);
        }

        return keys;
    }

    /// <summary>True for a failed conditional write: the entity exists already (409) or changed (412).</summary>
    public static bool IsConflict(RequestFailedException ex) => ex.Status is 409 or 412;

    /// <summary>True when the entity a write needed does not exist (404, the table itself being there).</summary>
    public static bool IsMissingEntity(RequestFailedException ex) => ex.Status == 404 && ex.ErrorCode != "TableNotFound";

    /// <summary>True for the errors the storage client raises: service answers, and transport failures after its retries.</summary>
    public static bool IsStorageError(Exception ex) =>
        ex is RequestFailedException || (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(inner => inner is RequestFailedException));

    /// <summary>The store's error for a storage client's error while <paramref name="operation"/>.</summary>
    public static StorageFailureException Failure(string operation, string tableName, Exception ex)
    {
        var failed = ex as RequestFailedException ?? (ex as AggregateException)?.InnerExceptions.OfType<RequestFailedException>().LastOrDefault();
        var status = failed?.Status ?? 0;
        var detail = failed?.ErrorCode == "TableNotFound"
            ? $"The table '{tableName}' does not exist: create the tables first (EngineStorage.CreateTablesAsync)."
            : status == 0 ? "Check the connection string and that the service runs." : "";
        return new StorageFailureException(operation, status, failed?.ErrorCode, detail, ex);
    }
}
