using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Orquesta.Azure.Engine.Actions;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Engine.Hosting;

/// <summary>Registers the engine's orchestrator, activities and services with a Durable Task worker.</summary>
public static class EngineRegistration
{
    /// <summary>Adds the orchestrator and the activities under their contract names (<see cref="OrchestrationNames"/>).</summary>
    /// <param name="registry">The worker's registry.</param>
    /// <param name="sessions">The orchestrator's replay session cache (the process's shared one when null).</param>
    public static DurableTaskRegistry AddOrquesta(this DurableTaskRegistry registry, WorkflowSessionCache? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var cache = sessions ?? WorkflowSessionCache.Shared;

        // Orchestrators are created without dependency injection: hand the cache over here.
        registry.AddOrchestrator(OrchestrationNames.Workflow, () => new WorkflowOrchestrator(cache));
        registry.AddActivity<RunActionActivity>(OrchestrationNames.RunAction);
        registry.AddActivity<ResolveActionsActivity>(OrchestrationNames.ResolveActions);
        registry.AddActivity<CheckpointActivity>(OrchestrationNames.Checkpoint);
        return registry;
    }

    /// <summary>Adds the engine's services: options, store, action dispatcher, activities bodies, API.</summary>
    public static IServiceCollection AddOrquestaServices(this IServiceCollection services, EngineOptions options, IEngineStore store, IEnumerable<IActionRunner>? runners = null, WorkflowSessionCache? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new HttpClient());
        services.AddSingleton(sp => new ActionDispatcher(options, sp.GetRequiredService<HttpClient>(), runners ?? []));
        services.AddSingleton<EngineActivities>();
        services.AddSingleton(sessions ?? WorkflowSessionCache.Shared);
        services.AddSingleton(sp => new Api.OrquestaApi(
            sp.GetRequiredService<IEngineStore>(),
            sp.GetRequiredService<EngineOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<Api.OrquestaApi>>()));
        return services;
    }
}
