using System.Text.RegularExpressions;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;

namespace Orquesta.Azure.Engine.Hosting;

/// <summary>
/// A task hub on Azure Storage (or Azurite) for the self-hosted engine: the settings of Durable
/// Task's Azure Storage provider that <c>orquesta serve --storage</c> and <c>orquesta run --storage</c>
/// use, with defaults chosen for a crash to cost seconds, not minutes (docs/decisions/0007).
/// </summary>
public sealed partial class AzureStorageTaskHub
{
    /// <summary>The task hub unless one is named (queues, tables and blob containers all start with it).</summary>
    public const string DefaultName = "orquesta";

    /// <summary>The storage connection string (<c>UseDevelopmentStorage=true</c> for Azurite on its default ports).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The task hub's name: 3 to 45 letters and digits, starting with a letter.</summary>
    public string Name { get; init; } = DefaultName;

    /// <summary>This process among those sharing the task hub: its partition leases are held in this name. Unique per process unless set.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// How long a dequeued message stays invisible to others: after a crash, the orchestration
    /// messages the dead process held come back after this long. The provider's default is 5 minutes.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Likewise for activity messages; a longer activity keeps its message by renewing it.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a partition lease lasts unrenewed: another process takes a dead one's partitions after this long (the provider's default: 30 s).</summary>
    public TimeSpan LeaseInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest wait between polls of an empty queue (the provider's default: 30 s; each poll is a billed storage transaction).</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Control queues (partitions): the most processes that can run orchestrations at once (the provider's default: 4).</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>Activities this process runs at once (actions are mostly I/O: shell commands, HTTP calls).</summary>
    public int MaxConcurrentActivities { get; init; } = 64;

    /// <summary>Orchestration steps this process runs at once.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 64;

    /// <summary>Whether the name is a valid task hub name.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>The provider's settings.</summary>
    public AzureStorageOrchestrationServiceSettings ToSettings(ILoggerFactory? loggerFactory = null)
    {
        if (!IsValidName(Name))
        {
            throw new ArgumentException($"The task hub name '{Name}' is not valid: use 3 to 45 letters and digits, starting with a letter.");
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("The storage connection string is empty.");
        }

        return new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(ConnectionString),
            TaskHubName = Name,
            WorkerId = WorkerId,
            AppName = DefaultName,

            // The app lease keeps a second app (a blue/green swap) off a task hub; processes of one
            // server share it, and a dead holder would block a restart for a minute.
            UseAppLease = false,
            ControlQueueVisibilityTimeout = ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = WorkItemQueueVisibilityTimeout,
            LeaseInterval = LeaseInterval,
            LeaseRenewInterval = TimeSpan.FromTicks(LeaseInterval.Ticks / 4),
            LeaseAcquireInterval = TimeSpan.FromTicks(LeaseInterval.Ticks / 4),
            MaxQueuePollingInterval = MaxQueuePollingInterval,
            PartitionCount = PartitionCount,
            MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = MaxConcurrentOrchestrations,
            LoggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        };
    }

    /// <summary>The orchestration service (worker and client sides) of this task hub.</summary>
    public AzureStorageOrchestrationService CreateService(ILoggerFactory? loggerFactory = null) => new(ToSettings(loggerFactory));

    /// <summary>Starts the engine on this task hub: creates its queues, tables and containers when missing.</summary>
    public async Task<TaskHubEngine> StartEngineAsync(TaskHubEngineOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = CreateService(options.LoggerFactory);
        return await TaskHubEngine.StartAsync(service, options).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
