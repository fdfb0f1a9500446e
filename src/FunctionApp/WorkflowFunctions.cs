using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Orquesta.Azure.Engine.Actions;
using Orquesta.Azure.Engine.Durable;

namespace Orquesta.Azure.FunctionApp;

/// <summary>
/// The orchestrator and the activities, under their contract names (<see cref="OrchestrationNames"/>:
/// stored in orchestration history, never renamed), delegating to the engine's code that every
/// host runs (the CLI's embedded engine registers the same classes under the same names).
/// </summary>
public sealed class WorkflowFunctions
{
    private readonly ActionDispatcher _dispatcher;
    private readonly EngineActivities _activities;

    /// <summary>Creates the functions over the engine's services.</summary>
    public WorkflowFunctions(ActionDispatcher dispatcher, EngineActivities activities)
    {
        _dispatcher = dispatcher;
        _activities = activities;
    }

    /// <summary>The orchestrator: one Orquesta workflow execution (<see cref="WorkflowOrchestrator"/>).</summary>
    [Function(OrchestrationNames.Workflow)]
    public static Task<WorkflowRunResult> RunWorkflowAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<WorkflowRunInput>()
            ?? throw new InvalidOperationException($"The orchestration {context.InstanceId} has no {nameof(WorkflowRunInput)}.");
        return new WorkflowOrchestrator().RunAsync(context, input);
    }

    /// <summary>Runs one action (<see cref="RunActionActivity"/>).</summary>
    [Function(OrchestrationNames.RunAction)]
    public Task<ActionOutcome> RunActionAsync([ActivityTrigger] ActionRequest request) => _dispatcher.RunAsync(request);

    /// <summary>Resolves action names to saved workflows or activities (<see cref="ResolveActionsActivity"/>).</summary>
    [Function(OrchestrationNames.ResolveActions)]
    public Task<List<ResolvedAction>> ResolveActionsAsync([ActivityTrigger] List<string> names) => _activities.ResolveActionsAsync(names);

    /// <summary>Writes a snapshot and the execution's row (<see cref="CheckpointActivity"/>).</summary>
    [Function(OrchestrationNames.Checkpoint)]
    public Task<bool> CheckpointAsync([ActivityTrigger] CheckpointRequest request) => _activities.CheckpointAsync(request);
}
