using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>
/// Conductor snapshots, one per step, by execution and sequence number. One partition per
/// execution (the escaped id); snapshot <c>n</c> is the row <c>s</c> + (<see cref="long.MaxValue"/> − n),
/// zero-padded to 19 digits, so that the newest snapshot is the partition's first <c>s</c> row and
/// reading the latest is one query of one row. Large snapshots go to chunk rows (<c>c.…</c>) of the
/// same partition, written before the snapshot row (in its transaction when they fit), so a reader
/// sees a snapshot whole or not at all. Appending is idempotent: appending the same document again
/// under the same number succeeds, a different one is a conflict.
/// </summary>
public sealed class SnapshotStore
{
    private const string Field = "Data";
    private static readonly string[] InfoSelect = ["PartitionKey", "RowKey", StorageSchema.Property, "ExecutionId", "Sequence", "CreatedAt", Field + "Len", Field + "Sha"];

    private readonly TableClient _table;

    /// <summary>Creates the store over <paramref name="table"/> (see <see cref="EngineStorage"/>).</summary>
    public SnapshotStore(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    /// <summary>The table the store uses.</summary>
    public string TableName => _table.Name;

    /// <summary>
    /// Stores snapshot <paramref name="sequence"/> of the execution. Storing the same document again
    /// under the same number (a retried activity) returns the stored snapshot's description.
    /// </summary>
    /// <exception cref="StorageConflictException">The execution has a different snapshot with this number.</exception>
    public async Task<SnapshotInfo> AppendAsync(string executionId, long sequence, string document, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        RequireId(executionId);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentNullException.ThrowIfNull(document);
        StorageArguments.RequireTime(createdAt, "creation time", nameof(createdAt));
        var partition = TableKeys.Escape(executionId);
        var inverted = TableKeys.Inverted(sequence);
        var encoded = StoredDocument.Encode(document);
        var entity = new TableEntity(partition, "s" + inverted)
        {
            [StorageSchema.Property] = StorageSchema.Current,
            ["ExecutionId"] = executionId,
            ["Sequence"] = sequence,
            ["CreatedAt"] = createdAt,
        };
        var chunks = StoredDocument.Place(encoded, Field, entity, ChunkScope(inverted), Guid.NewGuid().ToString("N"));
        try
        {
            try
            {
                await TableOperations.CommitAsync(_table, chunks, [new TableTransactionAction(TableTransactionActionType.Add, entity)], cancellationToken).ConfigureAwait(false);
                return new SnapshotInfo { ExecutionId = executionId, Sequence = sequence, CreatedAt = createdAt, Length = encoded.Length };
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                var existing = await TableOperations.GetOrNullAsync(_table, partition, "s" + inverted, InfoSelect, cancellationToken).ConfigureAwait(false);
                if (existing is not null
                    && StoredDocument.LengthOf(existing, Field) == encoded.Length
                    && string.Equals(StoredDocument.HashOf(existing, Field), encoded.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    return Describe(existing, executionId);
                }

                throw new StorageConflictException(
                    Resource(executionId, sequence),
                    string.Create(CultureInfo.InvariantCulture, $"Snapshot {sequence} of execution '{executionId}' already exists with a different document."),
                    ex);
            }
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure(string.Create(CultureInfo.InvariantCulture, $"appending snapshot {sequence} of execution '{executionId}'"), _table.Name, ex);
        }
    }

    /// <summary>Snapshot <paramref name="sequence"/> of the execution.</summary>
    /// <exception cref="SnapshotNotFoundException">The execution has no snapshot with this number.</exception>
    public async Task<Snapshot> GetAsync(string executionId, long sequence, CancellationToken cancellationToken = default)
    {
        RequireId(executionId);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        try
        {
            var entity = await TableOperations.GetOrNullAsync(_table, TableKeys.Escape(executionId), "s" + TableKeys.Inverted(sequence), null, cancellationToken).ConfigureAwait(false)
                ?? throw new SnapshotNotFoundException(executionId, sequence);
            return await ReadAsync(entity, executionId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure(string.Create(CultureInfo.InvariantCulture, $"reading snapshot {sequence} of execution '{executionId}'"), _table.Name, ex);
        }
    }

    /// <summary>The snapshot with the highest sequence number, or null when the execution has none.</summary>
    public async Task<Snapshot?> GetLatestAsync(string executionId, CancellationToken cancellationToken = default)
    {
        RequireId(executionId);
        try
        {
            TableEntity? latest = null;
            await foreach (var entity in _table.QueryAsync<TableEntity>(SnapshotRows(executionId), maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                latest = entity;
                break;
            }

            return latest is null ? null : await ReadAsync(latest, executionId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"reading the latest snapshot of execution '{executionId}'", _table.Name, ex);
        }
    }

    /// <summary>The execution's snapshots without their documents, in sequence order (empty when it has none).</summary>
    public async Task<IReadOnlyList<SnapshotInfo>> ListAsync(string executionId, CancellationToken cancellationToken = default)
    {
        RequireId(executionId);
        try
        {
            var infos = new List<SnapshotInfo>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(SnapshotRows(executionId), select: InfoSelect, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                infos.Add(Describe(entity, executionId));
            }

            // Rows come newest first.
            infos.Reverse();
            return infos;
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"listing the snapshots of execution '{executionId}'", _table.Name, ex);
        }
    }

    /// <summary>Deletes every snapshot of the execution; returns how many there were.</summary>
    public async Task<int> DeleteAllAsync(string executionId, CancellationToken cancellationToken = default)
    {
        RequireId(executionId);
        var partition = TableKeys.Escape(executionId);
        try
        {
            var rows = await TableOperations.AllRowKeysAsync(_table, partition, cancellationToken).ConfigureAwait(false);

            // Snapshot rows first (they sort after the chunk rows), so that none is left pointing at deleted chunks.
            rows.Reverse();
            await TableOperations.DeleteRowsAsync(_table, partition, rows, cancellationToken).ConfigureAwait(false);
            return rows.Count(row => row.StartsWith('s'));
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"deleting the snapshots of execution '{executionId}'", _table.Name, ex);
        }
    }

    private async Task<Snapshot> ReadAsync(TableEntity entity, string executionId, CancellationToken cancellationToken)
    {
        var info = Describe(entity, executionId);
        var resource = Resource(executionId, info.Sequence);
        var document = await StoredDocument.ReadAsync(_table, entity, Field, ChunkScope(entity.RowKey[1..]), resource, cancellationToken).ConfigureAwait(false)
            ?? throw new StoredDataException(resource, "its document is missing.");
        return new Snapshot { ExecutionId = executionId, Sequence = info.Sequence, CreatedAt = info.CreatedAt, Length = info.Length, Document = document };
    }

    private static SnapshotInfo Describe(TableEntity entity, string executionId)
    {
        var sequence = TableKeys.FromInverted(entity.RowKey[1..]);
        var resource = Resource(executionId, sequence);
        StorageSchema.Require(entity, resource);
        return new SnapshotInfo
        {
            ExecutionId = executionId,
            Sequence = sequence,
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? throw new StoredDataException(resource, "its creation time is missing."),
            Length = StoredDocument.LengthOf(entity, Field),
        };
    }

    // The snapshot rows of one execution: "s" followed by digits; chunk rows start with "c.".
    private static string SnapshotRows(string executionId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(executionId)} and RowKey ge {"s"} and RowKey lt {"t"}");

    private static string ChunkScope(string inverted) => "c." + inverted + ".";

    private static string Resource(string executionId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"snapshot {sequence} of execution '{executionId}'");

    private static void RequireId(string executionId) => StorageArguments.RequireText(executionId, "execution id", nameof(executionId));
}
