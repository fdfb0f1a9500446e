using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>
/// The engine's tables and their stores: <c>{prefix}Workflows</c>, <c>{prefix}Executions</c> and
/// <c>{prefix}Snapshots</c>. The prefix lets several engines (or test runs) share a storage
/// account; create the tables once, when the host starts.
/// </summary>
public sealed partial class EngineStorage
{
    /// <summary>The table name prefix when none is given.</summary>
    public const string DefaultTablePrefix = "Orquesta";

    private readonly TableServiceClient _service;

    /// <summary>The engine's stores over the tables of <paramref name="service"/> named with <paramref name="tablePrefix"/>.</summary>
    /// <param name="service">The storage account's table service.</param>
    /// <param name="tablePrefix">A letter followed by up to 39 letters or digits (table names are alphanumeric).</param>
    public EngineStorage(TableServiceClient service, string tablePrefix = DefaultTablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(tablePrefix);
        if (!PrefixPattern().IsMatch(tablePrefix))
        {
            throw new ArgumentException($"The table prefix '{tablePrefix}' is not a letter followed by up to 39 letters or digits.", nameof(tablePrefix));
        }

        _service = service;
        TablePrefix = tablePrefix;
        Workflows = new WorkflowDefinitionStore(service.GetTableClient(tablePrefix + "Workflows"));
        Executions = new ExecutionStore(service.GetTableClient(tablePrefix + "Executions"));
        Snapshots = new SnapshotStore(service.GetTableClient(tablePrefix + "Snapshots"));
    }

    /// <summary>The engine's stores in the account of <paramref name="connectionString"/>.</summary>
    public static EngineStorage FromConnectionString(string connectionString, string tablePrefix = DefaultTablePrefix, TableClientOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new EngineStorage(new TableServiceClient(connectionString, options ?? new TableClientOptions()), tablePrefix);
    }

    /// <summary>The prefix of the table names.</summary>
    public string TablePrefix { get; }

    /// <summary>Workflow definitions by name and version.</summary>
    public WorkflowDefinitionStore Workflows { get; }

    /// <summary>Executions.</summary>
    public ExecutionStore Executions { get; }

    /// <summary>Conductor snapshots by execution and step.</summary>
    public SnapshotStore Snapshots { get; }

    /// <summary>The names of the engine's tables.</summary>
    public IReadOnlyList<string> TableNames => [Workflows.TableName, Executions.TableName, Snapshots.TableName];

    /// <summary>Creates the tables that do not exist yet.</summary>
    public async Task CreateTablesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in TableNames)
        {
            try
            {
                await _service.CreateTableIfNotExistsAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (TableOperations.IsStorageError(ex))
            {
                throw TableOperations.Failure($"creating table '{name}'", name, ex);
            }
        }
    }

    /// <summary>Deletes the tables and everything in them (tables that do not exist are skipped).</summary>
    public async Task DeleteTablesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in TableNames)
        {
            try
            {
                await _service.DeleteTableAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Already gone.
            }
            catch (Exception ex) when (TableOperations.IsStorageError(ex))
            {
                throw TableOperations.Failure($"deleting table '{name}'", name, ex);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,39}$")]
    private static partial Regex PrefixPattern();
}
