using System.CommandLine;
using System.Net;
using Orquesta.Azure.Engine;
using Orquesta.Azure.Engine.Actions;
using Orquesta.Azure.Engine.Hosting;
using Orquesta.Azure.Engine.Storage;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Cli;

/// <summary>
/// Where <c>serve</c> and <c>run</c> keep their work: without <c>--storage</c>, the embedded engine
/// and memory (lost with the process); with it, a task hub of Durable Task's Azure Storage
/// provider and the Table Storage stores, so that executions survive the process and several
/// processes on one task hub share them.
/// </summary>
internal sealed record Backend
{
    /// <summary>The environment variable the connection string is read from when <c>--storage</c> is not given.</summary>
    public const string StorageVariable = "ORQUESTA_STORAGE";

    /// <summary>The storage connection string; null: the embedded engine, in memory.</summary>
    public string? Storage { get; init; }

    /// <summary>The task hub's name.</summary>
    public string TaskHub { get; init; } = AzureStorageTaskHub.DefaultName;

    /// <summary>The prefix of the definition, execution and snapshot tables.</summary>
    public string TablePrefix { get; init; } = EngineStorage.DefaultTablePrefix;

    /// <summary>This process's name among those sharing the task hub (unique per process unless set).</summary>
    public string? WorkerId { get; init; }

    /// <summary>Whether the work is kept in storage.</summary>
    public bool IsDurable => Storage is not null;

    /// <summary>
    /// Whether <see cref="Storage"/> is the local storage emulator (Azurite: <c>UseDevelopmentStorage=true</c>,
    /// its well-known account, or endpoints on a loopback address) rather than an Azure account.
    /// </summary>
    public bool IsEmulator => Storage is { } s && IsEmulatorConnection(s);

    /// <summary>What the backend is, for the start-up line (never the connection string: it may hold a key).</summary>
    public string Describe() => IsDurable
        ? $"Durable Task task hub '{TaskHub}' and tables '{TablePrefix}*' on {(IsEmulator ? "the storage emulator" : "Azure Storage")} (kept through restarts)"
        : "the embedded engine, in memory (lost on exit)";

    /// <summary>Starts the engine this backend names.</summary>
    public async Task<IOrquestaEngine> StartAsync(EngineOptions engine, IReadOnlyList<IActionRunner> runners, CancellationToken cancellationToken)
    {
        if (Storage is null)
        {
            return await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions { Engine = engine, Runners = runners }, cancellationToken).ConfigureAwait(false);
        }

        var store = await OpenTablesAsync(cancellationToken).ConfigureAwait(false);
        var hub = new AzureStorageTaskHub { ConnectionString = Storage, Name = TaskHub, WorkerId = WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}" };
        return await hub.StartEngineAsync(new TaskHubEngineOptions { Engine = engine, Store = store, Runners = runners }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Table Storage store of <see cref="Storage"/> (its tables created when missing).</summary>
    public async Task<IEngineStore> OpenTablesAsync(CancellationToken cancellationToken)
    {
        var storage = EngineStorage.FromConnectionString(Storage ?? throw new InvalidOperationException("No storage connection string."), TablePrefix);
        await storage.CreateTablesAsync(cancellationToken).ConfigureAwait(false);
        return new TableEngineStore(storage);
    }

    /// <summary>Checks the names before anything connects; null when they are fine.</summary>
    public string? Validate()
    {
        if (Storage is null) return null;
        if (string.IsNullOrWhiteSpace(Storage)) return "--storage is empty.";
        if (!AzureStorageTaskHub.IsValidName(TaskHub)) return $"--task-hub '{TaskHub}' is not a valid task hub name: use 3 to 45 letters and digits, starting with a letter.";
        return null;
    }

    private static readonly string[] EndpointKeys = ["BlobEndpoint", "QueueEndpoint", "TableEndpoint"];

    /// <summary>See <see cref="IsEmulator"/>.</summary>
    public static bool IsEmulatorConnection(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToLookup(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (parts["UseDevelopmentStorage"].Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase))) return true;
        if (parts["AccountName"].Any(v => v == "devstoreaccount1")) return true;
        var endpoints = EndpointKeys.SelectMany(k => parts[k]).ToList();
        return endpoints.Count > 0 && endpoints.All(IsLoopback);
    }

    private static bool IsLoopback(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
}

/// <summary>The command-line options that choose a <see cref="Backend"/>, shared by <c>serve</c> and <c>run</c>.</summary>
internal sealed class BackendOptions
{
    public Option<string?> Storage { get; } = new("--storage")
    {
        Description = $"An Azure Storage connection string (UseDevelopmentStorage=true for Azurite; default: ${Backend.StorageVariable}): run on a Durable Task task hub there and keep workflows, executions and snapshots in its tables, so that nothing is lost when the process stops.",
    };

    public Option<string> TaskHub { get; } = new("--task-hub")
    {
        Description = "The task hub with --storage (its queues, tables and containers are named after it); processes on one task hub share the work.",
        DefaultValueFactory = _ => AzureStorageTaskHub.DefaultName,
    };

    public Option<string> TablePrefix { get; } = new("--table-prefix")
    {
        Description = "The name prefix of the definition, execution and snapshot tables with --storage.",
        DefaultValueFactory = _ => EngineStorage.DefaultTablePrefix,
    };

    public Option<string?> WorkerId { get; } = new("--worker-id")
    {
        Description = "This process's name among those on the task hub (default: host name and process id).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Storage);
        command.Options.Add(TaskHub);
        command.Options.Add(TablePrefix);
        command.Options.Add(WorkerId);
    }

    public Backend Read(ParseResult parse)
    {
        var storage = parse.GetValue(Storage) ?? Environment.GetEnvironmentVariable(Backend.StorageVariable);
        return new Backend
        {
            Storage = storage is null ? null : storage.Trim(),
            TaskHub = parse.GetValue(TaskHub) ?? AzureStorageTaskHub.DefaultName,
            TablePrefix = parse.GetValue(TablePrefix) ?? EngineStorage.DefaultTablePrefix,
            WorkerId = parse.GetValue(WorkerId),
        };
    }
}
