using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orquesta.Azure.Engine.Actions;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Engine.Hosting;

/// <summary>A running engine, whatever its backend: the client, the services and the store.</summary>
public interface IOrquestaEngine : IAsyncDisposable
{
    /// <summary>The durable client.</summary>
    DurableTaskClient Client { get; }

    /// <summary>The engine's services (options, dispatcher, store, API).</summary>
    IServiceProvider Services { get; }

    /// <summary>The store of definitions, executions and snapshots.</summary>
    IEngineStore Store { get; }
}

/// <summary>What a <see cref="TaskHubEngine"/> runs with.</summary>
public sealed class TaskHubEngineOptions
{
    /// <summary>The engine's settings.</summary>
    public EngineOptions Engine { get; init; } = new();

    /// <summary>The store (in memory unless set; a durable backend wants the Table Storage one).</summary>
    public IEngineStore Store { get; init; } = new InMemoryEngineStore();

    /// <summary>Extra action runners, consulted before the built-ins.</summary>
    public IReadOnlyList<IActionRunner> Runners { get; init; } = [];

    /// <summary>
    /// Keep orchestrator runs between replays (<see cref="Durable.WorkflowSessionCache"/>). Only for
    /// a process that alone runs its instances: off for a task hub that several processes share.
    /// </summary>
    public bool ReplaySessions { get; init; }

    /// <summary>More orchestrators and activities to register beside the engine's (benchmarks' baselines, tests).</summary>
    public Action<DurableTaskRegistry>? ConfigureTasks { get; init; }

    /// <summary>The thread pool's floor while the engine runs in this process (raised, never lowered).</summary>
    public int MinThreads { get; init; } = 64;

    /// <summary>Logging (nothing unless set).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}

/// <summary>
/// The engine on DurableTask.Core's <see cref="TaskHubWorker"/> over an orchestration service of
/// its own (the Azure Storage provider: queues, tables and blobs, the layout Durable Functions uses
/// by default). The orchestrator and activities are the very ones the Function app runs, wrapped
/// by Microsoft.DurableTask's shims; the client is a <see cref="TaskHubDurableClient"/>. Nothing is
/// kept in this process that the service does not also keep, so instances survive it, and
/// several processes on one task hub share the work.
/// </summary>
public sealed class TaskHubEngine : IOrquestaEngine
{
    private readonly TaskHubWorker _worker;
    private readonly ServiceProvider _services;
    private bool _disposed;

    private TaskHubEngine(TaskHubWorker worker, ServiceProvider services, DurableTaskClient client, IEngineStore store)
    {
        _worker = worker;
        _services = services;
        Client = client;
        Store = store;
    }

    /// <inheritdoc />
    public DurableTaskClient Client { get; }

    /// <inheritdoc />
    public IServiceProvider Services => _services;

    /// <inheritdoc />
    public IEngineStore Store { get; }

    /// <summary>Creates the task hub's resources when missing and starts the worker on <paramref name="service"/>.</summary>
    /// <param name="service">The orchestration service (both its worker and client sides).</param>
    /// <param name="options">What to run with.</param>
    public static Task<TaskHubEngine> StartAsync<TService>(TService service, TaskHubEngineOptions? options = null)
        where TService : IOrchestrationService, IOrchestrationServiceClient => StartAsync(service, service, options);

    /// <summary>Creates the task hub's resources when missing and starts the worker on <paramref name="service"/>, with <paramref name="client"/> as its client side.</summary>
    /// <param name="service">The orchestration service's worker side.</param>
    /// <param name="client">The orchestration service's client side.</param>
    /// <param name="options">What to run with.</param>
    /// <param name="promptWaits">Whether <paramref name="client"/>'s wait for an instance's end returns at once (see <see cref="TaskHubDurableClient"/>).</param>
    public static async Task<TaskHubEngine> StartAsync(IOrchestrationService service, IOrchestrationServiceClient client, TaskHubEngineOptions? options = null, bool promptWaits = false)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(client);
        options ??= new TaskHubEngineOptions();
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < options.MinThreads) ThreadPool.SetMinThreads(options.MinThreads, completionPorts);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;

        var collection = new ServiceCollection();
        collection.AddSingleton(loggerFactory);
        collection.AddLogging();
        var sessions = new Durable.WorkflowSessionCache(options.ReplaySessions);
        collection.AddOrquestaServices(options.Engine, options.Store, options.Runners, sessions);
        var services = collection.BuildServiceProvider();
        try
        {
            var registry = new DurableTaskRegistry();
            registry.AddOrquesta(sessions);
            options.ConfigureTasks?.Invoke(registry);

            var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), loggerFactory);
            var worker = new TaskHubWorker(service, loggerFactory);
            foreach (var (name, create) in registry.GetOrchestrators())
            {
                worker.AddTaskOrchestrations(new Creator<TaskOrchestration>(name, () => shims.CreateOrchestration(name, create(services))));
            }

            foreach (var (name, create) in registry.GetActivities())
            {
                worker.AddTaskActivities(new Creator<TaskActivity>(name, () => shims.CreateActivity(name, create(services))));
            }

            await service.CreateIfNotExistsAsync().ConfigureAwait(false);
            await worker.StartAsync().ConfigureAwait(false);
            return new TaskHubEngine(worker, services, new TaskHubDurableClient(client, promptWaits: promptWaits), options.Store);
        }
        catch
        {
            await services.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops gracefully: the worker takes no more work, lets the orchestration steps and activities
    /// it holds finish and hands the service's leases back, so another process goes on at once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _worker.StopAsync(isForced: false).ConfigureAwait(false);
        _worker.Dispose();
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A registration of DurableTask.Core: a name, no version (the engine's tasks have none), a new shim per work item.</summary>
    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public Creator(TaskName name, Func<T> create)
        {
            Name = name.Name;
            Version = string.Empty;
            _create = create;
        }

        public override T Create() => _create();
    }
}
