using Microsoft.DurableTask;
using Orquesta.Azure.Engine.Actions;
using Orquesta.Azure.Engine.Storage;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Engine.Durable;

/// <summary>The orchestrator: one Orquesta workflow execution (see <see cref="WorkflowRun"/>).</summary>
public sealed class WorkflowOrchestrator : TaskOrchestrator<WorkflowRunInput, WorkflowRunResult>
{
    private readonly WorkflowSessionCache _sessions;

    /// <summary>An orchestrator with the process's shared session cache.</summary>
    public WorkflowOrchestrator()
        : this(WorkflowSessionCache.Shared)
    {
    }

    /// <summary>An orchestrator with its own session cache (an engine's, from its services).</summary>
    public WorkflowOrchestrator(WorkflowSessionCache sessions) => _sessions = sessions;

    /// <inheritdoc />
    public override async Task<WorkflowRunResult> RunAsync(TaskOrchestrationContext context, WorkflowRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        using var run = new WorkflowRun(context, input, _sessions);
        return await run.RunAsync();
    }
}

/// <summary>The <see cref="OrchestrationNames.RunAction"/> activity.</summary>
public sealed class RunActionActivity : TaskActivity<ActionRequest, ActionOutcome>
{
    private readonly ActionDispatcher _dispatcher;

    /// <summary>Creates the activity.</summary>
    public RunActionActivity(ActionDispatcher dispatcher) => _dispatcher = dispatcher;

    /// <inheritdoc />
    public override Task<ActionOutcome> RunAsync(TaskActivityContext context, ActionRequest input) => _dispatcher.RunAsync(input);
}

/// <summary>The <see cref="OrchestrationNames.ResolveActions"/> activity.</summary>
public sealed class ResolveActionsActivity : TaskActivity<List<string>, List<ResolvedAction>>
{
    private readonly EngineActivities _activities;

    /// <summary>Creates the activity.</summary>
    public ResolveActionsActivity(EngineActivities activities) => _activities = activities;

    /// <inheritdoc />
    public override Task<List<ResolvedAction>> RunAsync(TaskActivityContext context, List<string> input) => _activities.ResolveActionsAsync(input);
}

/// <summary>The <see cref="OrchestrationNames.Checkpoint"/> activity.</summary>
public sealed class CheckpointActivity : TaskActivity<CheckpointRequest, bool>
{
    private readonly EngineActivities _activities;

    /// <summary>Creates the activity.</summary>
    public CheckpointActivity(EngineActivities activities) => _activities = activities;

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, CheckpointRequest input) => _activities.CheckpointAsync(input);
}

/// <summary>The bodies of the store activities, shared by every host (the Function app's triggers call these too).</summary>
public sealed class EngineActivities
{
    private readonly IEngineStore _store;

    /// <summary>Creates them over a store.</summary>
    public EngineActivities(IEngineStore store) => _store = store;

    /// <summary>Resolves action names: saved workflows become subworkflows; other names run as activities.</summary>
    public async Task<List<ResolvedAction>> ResolveActionsAsync(List<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var resolved = new List<ResolvedAction>();
        foreach (var name in names)
        {
            try
            {
                var definition = await _store.GetWorkflowAsync(name).ConfigureAwait(false);
                resolved.Add(new ResolvedAction { Name = name, Kind = ResolvedActionKinds.Workflow, Definition = definition.Yaml, Version = definition.Version });
            }
            catch (WorkflowNotFoundException)
            {
                resolved.Add(new ResolvedAction { Name = name, Kind = ResolvedActionKinds.Activity });
            }
        }

        return resolved;
    }

    /// <summary>Writes a snapshot (when the request has one) and the execution's row (created when missing).</summary>
    public async Task<bool> CheckpointAsync(CheckpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var at = new DateTimeOffset(DateTime.SpecifyKind(request.At, DateTimeKind.Utc));
        if (request.Sequence is { } sequence && request.StateJson is { } state)
        {
            await _store.AppendSnapshotAsync(request.ExecutionId, sequence, state, at).ConfigureAwait(false);
        }

        var changes = new ExecutionChanges { Status = request.Status, OutputJson = request.OutputJson, ErrorsJson = request.ErrorsJson, UpdatedAt = at };
        try
        {
            await _store.UpdateExecutionAsync(request.ExecutionId, changes).ConfigureAwait(false);
        }
        catch (ExecutionNotFoundException) when (request.WorkflowName is not null)
        {
            try
            {
                await _store.CreateExecutionAsync(new NewExecution
                {
                    Id = request.ExecutionId,
                    WorkflowName = request.WorkflowName,
                    WorkflowVersion = request.WorkflowVersion,
                    Status = request.Status,
                    CreatedAt = at,
                    InputJson = request.InputJson,
                    OutputJson = request.OutputJson,
                    ErrorsJson = request.ErrorsJson,
                    ParentId = request.ParentExecutionId,
                }).ConfigureAwait(false);
            }
            catch (StorageConflictException)
            {
                await _store.UpdateExecutionAsync(request.ExecutionId, changes).ConfigureAwait(false);
            }
        }

        return true;
    }
}
