using System.Reflection;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
/// service of Microsoft.DurableTask.InProcessTestHost behind its gRPC sidecar on a loopback port,
/// and a worker that runs the very orchestrator and activities the Function app runs. Used by
/// <c>orquesta run</c>, <c>orquesta serve</c> and the tests. Nothing survives the process.
/// </summary>
public sealed class EmbeddedEngine : IOrquestaEngine
{
    private readonly IHost _sidecar;
    private readonly IHost _worker;
    private readonly Grpc.Net.Client.GrpcChannel _channel;

    private EmbeddedEngine(IHost sidecar, IHost worker, Grpc.Net.Client.GrpcChannel channel, IEngineStore store)
    {
        _sidecar = sidecar;
        _worker = worker;
        _channel = channel;
        Store = store;
        Client = worker.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>The durable client.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>The worker's services (options, dispatcher, store).</summary>
    public IServiceProvider Services => _worker.Services;

    /// <summary>The store.</summary>
    public IEngineStore Store { get; }

    /// <summary>Starts the engine.</summary>
    public static async Task<EmbeddedEngine> StartAsync(EmbeddedEngineOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddedEngineOptions();

        // The sidecar, the worker and the actions share this process's thread pool, whose floor is
        // the processor count: a wide fan-out would wait for the pool to grow a thread at a time.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < options.MinThreads) ThreadPool.SetMinThreads(options.MinThreads, completionPorts);
        var loggerFactory = options.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        var inner = new InMemoryOrchestrationService(loggerFactory);
        var service = ConcurrencyLimitedService.Wrap(inner, options.MaxConcurrentWorkItems);

        var sidecarBuilder = WebApplication.CreateSlimBuilder();
        sidecarBuilder.Logging.ClearProviders();
        sidecarBuilder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        sidecarBuilder.Services.AddGrpc();
        sidecarBuilder.Services.AddSingleton(loggerFactory);
        sidecarBuilder.Services.AddSingleton(service);
        sidecarBuilder.Services.AddSingleton<IOrchestrationServiceClient>(inner);
        sidecarBuilder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = sidecarBuilder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var channel = Grpc.Net.Client.GrpcChannel.ForAddress(address);

        var workerBuilder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        workerBuilder.Services.AddSingleton(loggerFactory);
        workerBuilder.Services.AddLogging();
        var sessions = new Durable.WorkflowSessionCache(options.ReplaySessions);
        workerBuilder.Services.AddOrquestaServices(options.Engine, options.Store, options.Runners, sessions);
        workerBuilder.Services.AddDurableTaskWorker(b =>
        {
            b.UseGrpc(channel);
            b.AddTasks(r =>
            {
                r.AddOrquesta(sessions);
                options.ConfigureTasks?.Invoke(r);
            });
            b.Configure(o =>
            {
                o.Concurrency.MaximumConcurrentActivityWorkItems = options.MaxConcurrentWorkItems;
                o.Concurrency.MaximumConcurrentOrchestrationWorkItems = options.MaxConcurrentWorkItems;
            });
        });
        workerBuilder.Services.AddDurableTaskClient(b =>
        {
            b.UseGrpc(channel);
            b.RegisterDirectly();
        });
        var worker = workerBuilder.Build();
        await worker.StartAsync(cancellationToken).ConfigureAwait(false);
        return new EmbeddedEngine(sidecar, worker, channel, options.Store);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync().ConfigureAwait(false);
        _worker.Dispose();
        await _channel.ShutdownAsync().ConfigureAwait(false);
        _channel.Dispose();
        await _sidecar.StopAsync().ConfigureAwait(false);
        _sidecar.Dispose();
    }
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
