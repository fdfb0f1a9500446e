using System.Reflection;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;
using Orquesta.Azure.Engine.Actions;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Engine.Hosting;

/// <summary>What an <see cref="EmbeddedEngine"/> runs with.</summary>
public sealed class EmbeddedEngineOptions
{
    /// <summary>The engine's settings.</summary>
    public EngineOptions Engine { get; init; } = new();

    /// <summary>The store (in memory unless set).</summary>
    public IEngineStore Store { get; init; } = new InMemoryEngineStore();

    /// <summary>Extra action runners, consulted before the built-ins.</summary>
    public IReadOnlyList<IActionRunner> Runners { get; init; } = [];

    /// <summary>Work items (orchestration steps, activities) run at once. The in-memory service's own default is the processor count, far too few for I/O-bound actions.</summary>
    public int MaxConcurrentWorkItems { get; init; } = 256;

    /// <summary>Keep orchestrator runs between replays (see <see cref="Durable.WorkflowSessionCache"/>); false makes every replay rebuild its state.</summary>
    public bool ReplaySessions { get; init; } = true;

    /// <summary>More orchestrators and activities to register beside the engine's (benchmarks' baselines, tests).</summary>
    public Action<Microsoft.DurableTask.DurableTaskRegistry>? ConfigureTasks { get; init; }

    /// <summary>The thread pool's floor while the engine runs in this process (raised, never lowered).</summary>
    public int MinThreads { get; init; } = 64;

    /// <summary>Logging (nothing unless set).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}

/// <summary>
/// The Durable Task engine in this process, without the cloud: the in-memory orchestration
/// service of Microsoft.DurableTask.InProcessTestHost driven directly by DurableTask.Core's
/// worker (<see cref="TaskHubEngine"/>, no gRPC sidecar between them), running the very
/// orchestrator and activities the Function app runs. Used by <c>orquesta run</c>,
/// <c>orquesta serve</c> and the tests. Nothing survives the process.
/// </summary>
public sealed class EmbeddedEngine : IOrquestaEngine
{
    private readonly TaskHubEngine _engine;

    private EmbeddedEngine(TaskHubEngine engine) => _engine = engine;

    /// <inheritdoc />
    public DurableTaskClient Client => _engine.Client;

    /// <inheritdoc />
    public IServiceProvider Services => _engine.Services;

    /// <inheritdoc />
    public IEngineStore Store => _engine.Store;

    /// <summary>Starts the engine.</summary>
    public static async Task<EmbeddedEngine> StartAsync(EmbeddedEngineOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddedEngineOptions();
        var loggerFactory = options.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        var inner = new InMemoryOrchestrationService(loggerFactory);
        var service = ConcurrencyLimitedService.Wrap(inner, options.MaxConcurrentWorkItems);
        var engine = await TaskHubEngine.StartAsync(service, inner, new TaskHubEngineOptions
        {
            Engine = options.Engine,
            Store = options.Store,
            Runners = options.Runners,
            ReplaySessions = options.ReplaySessions,
            ConfigureTasks = options.ConfigureTasks,
            MinThreads = options.MinThreads,
            LoggerFactory = loggerFactory,
        }, promptWaits: true).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new EmbeddedEngine(engine);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}

/// <summary>
/// The in-memory orchestration service with a concurrency of our choosing: its own is the
/// processor count (two here), which serializes a wide fan-out of I/O-bound actions.
/// </summary>
internal class ConcurrencyLimitedService : DispatchProxy
{
    private IOrchestrationService _inner = null!;
    private int _limit;

    public static IOrchestrationService Wrap(IOrchestrationService inner, int limit)
    {
        var proxy = Create<IOrchestrationService, ConcurrencyLimitedService>();
        var self = (ConcurrencyLimitedService)(object)proxy;
        self._inner = inner;
        self._limit = limit;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name is "get_MaxConcurrentTaskActivityWorkItems" or "get_MaxConcurrentTaskOrchestrationWorkItems") return _limit;
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
