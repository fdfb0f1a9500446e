using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>
/// Workflow definitions by name, with versions: each save adds a version with the next number.
/// One partition per workflow (the escaped name): a <c>head</c> row with the latest version number,
/// and a row per version (<c>v0000000001</c>, ...) with the YAML text and the inspection JSON.
/// A save writes the new version row and moves the head in one entity-group transaction,
/// conditional on the head's ETag, so concurrent saves get distinct numbers and a reader sees a
/// version whole or not at all. Deleting keeps the head as a tombstone, so a workflow saved again
/// later continues its numbering and an old execution's version never names a different text.
/// </summary>
public sealed class WorkflowDefinitionStore
{
    private const string HeadRow = "head";
    private const int MaxSaveAttempts = 8;
    private static readonly string[] HeadSelect = ["PartitionKey", "RowKey", StorageSchema.Property, "Name", "LatestVersion", "Deleted", "UpdatedAt"];

    private readonly TableClient _table;

    /// <summary>Creates the store over <paramref name="table"/> (see <see cref="EngineStorage"/>).</summary>
    public WorkflowDefinitionStore(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    /// <summary>The table the store uses.</summary>
    public string TableName => _table.Name;

    /// <summary>
    /// Saves a new version of the workflow <paramref name="name"/> (the first save creates it) and
    /// returns it with its version number.
    /// </summary>
    /// <exception cref="StorageConflictException">Other saves of the same workflow kept winning the race.</exception>
    public async Task<WorkflowDefinition> SaveAsync(string name, string yaml, string inspectionJson, DateTimeOffset savedAt, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(inspectionJson);
        StorageArguments.RequireTime(savedAt, "save time", nameof(savedAt));
        var partition = TableKeys.Escape(name);
        var encodedYaml = StoredDocument.Encode(yaml);
        var encodedInspection = StoredDocument.Encode(inspectionJson);
        try
        {
            for (var attempt = 0; attempt < MaxSaveAttempts; attempt++)
            {
                var head = await TableOperations.GetOrNullAsync(_table, partition, HeadRow, HeadSelect, cancellationToken).ConfigureAwait(false);
                if (head is not null) StorageSchema.Require(head, $"workflow '{name}'");
                var version = head is null ? 1 : checked((head.GetInt32("LatestVersion") ?? 0) + 1);
                var row = VersionRow(version);
                var entity = new TableEntity(partition, row)
                {
                    [StorageSchema.Property] = StorageSchema.Current,
                    ["Name"] = name,
                    ["Version"] = version,
                    ["SavedAt"] = savedAt,
                };
                var writeId = Guid.NewGuid().ToString("N");
                var chunks = new List<TableEntity>();
                chunks.AddRange(StoredDocument.Place(encodedYaml, "Yaml", entity, ChunkScope(version), writeId));
                chunks.AddRange(StoredDocument.Place(encodedInspection, "Inspection", entity, ChunkScope(version), writeId));
                var newHead = new TableEntity(partition, HeadRow)
                {
                    [StorageSchema.Property] = StorageSchema.Current,
                    ["Name"] = name,
                    ["LatestVersion"] = version,
                    ["Deleted"] = false,
                    ["UpdatedAt"] = savedAt,
                };
                TableTransactionAction[] finals =
                [
                    head is null
                        ? new TableTransactionAction(TableTransactionActionType.Add, newHead)
                        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, head.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, entity),
                ];
                try
                {
                    await TableOperations.CommitAsync(_table, chunks, finals, cancellationToken).ConfigureAwait(false);
                    return new WorkflowDefinition { Name = name, Version = version, Yaml = yaml, InspectionJson = inspectionJson, SavedAt = savedAt };
                }
                catch (RequestFailedException ex) when (TableOperations.IsConflict(ex))
                {
                    // Another save took this version number first: read the head again.
                }
            }
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"saving workflow '{name}'", _table.Name, ex);
        }

        throw new StorageConflictException(
            $"workflow '{name}'",
            string.Create(CultureInfo.InvariantCulture, $"Workflow '{name}' could not be saved: concurrent saves took the next version {MaxSaveAttempts} times in a row."));
    }

    /// <summary>The latest version of the workflow.</summary>
    /// <exception cref="WorkflowNotFoundException">No workflow has the name (or it was deleted).</exception>
    public async Task<WorkflowDefinition> GetLatestAsync(string name, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        var partition = TableKeys.Escape(name);
        try
        {
            var head = await TableOperations.GetOrNullAsync(_table, partition, HeadRow, HeadSelect, cancellationToken).ConfigureAwait(false);
            if (head is null) throw new WorkflowNotFoundException(name);
            StorageSchema.Require(head, $"workflow '{name}'");
            if (head.GetBoolean("Deleted") == true) throw new WorkflowNotFoundException(name);
            var version = head.GetInt32("LatestVersion") ?? throw new StoredDataException($"workflow '{name}'", "its latest version is missing.");
            var entity = await TableOperations.GetOrNullAsync(_table, partition, VersionRow(version), null, cancellationToken).ConfigureAwait(false);

            // Absent only when a delete runs at the same time: the workflow is gone.
            return entity is null ? throw new WorkflowNotFoundException(name) : await ReadAsync(entity, name, version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"reading workflow '{name}'", _table.Name, ex);
        }
    }

    /// <summary>One version of the workflow.</summary>
    /// <exception cref="WorkflowNotFoundException">No workflow has the name, or it has no such version.</exception>
    public async Task<WorkflowDefinition> GetAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        var partition = TableKeys.Escape(name);
        var row = VersionRow(version);
        try
        {
            // One query reads the head (is the workflow deleted?) and the version together.
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and (RowKey eq {HeadRow} or RowKey eq {row})");
            TableEntity? head = null, entity = null;
            await foreach (var found in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (found.RowKey == HeadRow) head = found;
                else entity = found;
            }

            if (head is null || entity is null) throw new WorkflowNotFoundException(name, version);
            StorageSchema.Require(head, $"workflow '{name}'");
            if (head.GetBoolean("Deleted") == true) throw new WorkflowNotFoundException(name, version);
            return await ReadAsync(entity, name, version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"reading version {version} of workflow '{name}'", _table.Name, ex);
        }
    }

    /// <summary>Every workflow (not deleted) with its latest version, in the order of their keys.</summary>
    public async IAsyncEnumerable<WorkflowSummary> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {HeadRow} and Deleted eq {false}");
        var pages = _table.QueryAsync<TableEntity>(filter, select: HeadSelect, cancellationToken: cancellationToken);
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            TableEntity head;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false)) yield break;
                head = enumerator.Current;
            }
            catch (Exception ex) when (TableOperations.IsStorageError(ex))
            {
                throw TableOperations.Failure("listing workflows", _table.Name, ex);
            }

            var name = head.GetString("Name") ?? throw new StoredDataException($"workflow with key '{head.PartitionKey}'", "its name is missing.");
            StorageSchema.Require(head, $"workflow '{name}'");
            yield return new WorkflowSummary
            {
                Name = name,
                LatestVersion = head.GetInt32("LatestVersion") ?? 0,
                UpdatedAt = head.GetDateTimeOffset("UpdatedAt") ?? default,
            };
        }
    }

    /// <summary>The versions of the workflow, oldest first.</summary>
    /// <exception cref="WorkflowNotFoundException">No workflow has the name (or it was deleted).</exception>
    public async Task<IReadOnlyList<WorkflowVersionInfo>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        var partition = TableKeys.Escape(name);
        try
        {
            // The head row and the version rows, not the chunk rows ("c." sorts before "head").
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {HeadRow}");
            string[] select = ["PartitionKey", "RowKey", StorageSchema.Property, "Deleted", "Version", "SavedAt", "YamlLen"];
            var versions = new List<WorkflowVersionInfo>();
            var headFound = false;
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                StorageSchema.Require(entity, $"workflow '{name}'");
                if (entity.RowKey == HeadRow)
                {
                    if (entity.GetBoolean("Deleted") == true) throw new WorkflowNotFoundException(name);
                    headFound = true;
                    continue;
                }

                versions.Add(new WorkflowVersionInfo
                {
                    Name = name,
                    Version = entity.GetInt32("Version") ?? 0,
                    SavedAt = entity.GetDateTimeOffset("SavedAt") ?? default,
                    YamlLength = entity.GetInt64("YamlLen") ?? 0,
                });
            }

            return headFound ? versions : throw new WorkflowNotFoundException(name);
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"listing the versions of workflow '{name}'", _table.Name, ex);
        }
    }

    /// <summary>
    /// Deletes the workflow and all its versions. Its name can be saved again; version numbers then
    /// continue after the deleted ones.
    /// </summary>
    /// <exception cref="WorkflowNotFoundException">No workflow has the name (or it was deleted).</exception>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        var partition = TableKeys.Escape(name);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var head = await TableOperations.GetOrNullAsync(_table, partition, HeadRow, HeadSelect, cancellationToken).ConfigureAwait(false);
                if (head is null || head.GetBoolean("Deleted") == true) throw new WorkflowNotFoundException(name);
                StorageSchema.Require(head, $"workflow '{name}'");
                var latest = head.GetInt32("LatestVersion") ?? 0;
                var tombstone = TableOperations.Copy(head);
                tombstone["Deleted"] = true;
                try
                {
                    await _table.UpdateEntityAsync(tombstone, head.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (TableOperations.IsConflict(ex) && attempt < MaxSaveAttempts)
                {
                    continue;
                }
                catch (RequestFailedException ex) when (TableOperations.IsConflict(ex))
                {
                    throw new StorageConflictException($"workflow '{name}'", $"Workflow '{name}' could not be deleted: it kept changing.", ex);
                }
                catch (RequestFailedException ex) when (TableOperations.IsMissingEntity(ex))
                {
                    throw new WorkflowNotFoundException(name);
                }

                // Rows of versions up to the deleted latest one; a save after the tombstone writes higher numbers.
                var rows = await TableOperations.RowKeysAsync(_table, partition, "c.", ChunkScope(latest + 1L), cancellationToken).ConfigureAwait(false);
                rows.AddRange(await TableOperations.RowKeysAsync(_table, partition, "v", VersionRow(latest + 1L), cancellationToken).ConfigureAwait(false));
                await TableOperations.DeleteRowsAsync(_table, partition, rows, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        catch (Exception ex) when (TableOperations.IsStorageError(ex))
        {
            throw TableOperations.Failure($"deleting workflow '{name}'", _table.Name, ex);
        }
    }

    private async Task<WorkflowDefinition> ReadAsync(TableEntity entity, string name, int version, CancellationToken cancellationToken)
    {
        var resource = string.Create(CultureInfo.InvariantCulture, $"version {version} of workflow '{name}'");
        StorageSchema.Require(entity, resource);
        var yaml = await StoredDocument.ReadAsync(_table, entity, "Yaml", ChunkScope(version), resource, cancellationToken).ConfigureAwait(false);
        var inspection = await StoredDocument.ReadAsync(_table, entity, "Inspection", ChunkScope(version), resource, cancellationToken).ConfigureAwait(false);
        return new WorkflowDefinition
        {
            Name = name,
            Version = version,
            Yaml = yaml ?? throw new StoredDataException(resource, "its YAML is missing."),
            InspectionJson = inspection ?? throw new StoredDataException(resource, "its inspection is missing."),
            SavedAt = entity.GetDateTimeOffset("SavedAt") ?? throw new StoredDataException(resource, "its save time is missing."),
        };
    }

    private static string VersionRow(long version) => "v" + TableKeys.Number(version, 10);

    private static string ChunkScope(long version) => "c." + TableKeys.Number(version, 10) + ".";

    private static void RequireName(string name) => StorageArguments.RequireText(name, "workflow name", nameof(name));
}
