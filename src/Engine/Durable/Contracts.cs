namespace Orquesta.Azure.Engine.Durable;

/// <summary>
/// The input of the <see cref="OrchestrationNames.Workflow"/> orchestrator: a new execution, the
/// continuation of one (continue-as-new with <see cref="StateJson"/>), or a rerun. Persisted in the
/// durable history: a public contract (<see cref="SchemaVersion"/>).
/// </summary>
public sealed record WorkflowRunInput
{
    /// <summary>The schema version of this record.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The execution id (also the orchestration instance id of the first run).</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The workflow's name (for records and messages).</summary>
    public required string WorkflowName { get; init; }

    /// <summary>The stored version of the workflow, 0 for an inline definition.</summary>
    public int WorkflowVersion { get; init; }

    /// <summary>The workflow definition (YAML).</summary>
    public required string Definition { get; init; }

    /// <summary>The workflow input, a JSON object (null: none).</summary>
    public string? InputJson { get; init; }

    /// <summary>The engine state to continue from (<see cref="EngineState"/> JSON), null for a new execution.</summary>
    public string? StateJson { get; init; }

    /// <summary>
    /// The engine state to continue from, as Brotli-compressed UTF-8 JSON (what continue-as-new
    /// passes, since every replay of the episode reads the input again); used when
    /// <see cref="StateJson"/> is null. With a state, the definition comes from the state.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "A serialized payload: the durable data converter writes byte arrays as base64.")]
    public byte[]? CompressedState { get; init; }

    /// <summary>Tasks to rerun (with <see cref="StateJson"/> of a completed execution); empty list: the failed tasks.</summary>
    public IReadOnlyList<RerunTask>? Rerun { get; init; }

    /// <summary>The deadline of the execution (UTC), after which it is canceled; null: none.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>The timeout the deadline came from, in seconds (for the message).</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>Whether checkpoints (snapshots and execution rows) are written to the store.</summary>
    public bool Record { get; init; } = true;

    /// <summary>The parent execution of a subworkflow, null for a top-level one.</summary>
    public string? ParentExecutionId { get; init; }

    /// <summary>
    /// Run tasks in waves, as orquesta-rehearse does: the tasks ready at the start of a wave are
    /// started, the wave's results are applied in the order the tasks started once all have come
    /// in, and a with-items task runs one item per wave. The outcome then does not depend on how
    /// long actions take: for rehearsals and reproducible runs. Off by default (tasks run and
    /// complete independently).
    /// </summary>
    public bool Waves { get; init; }

    /// <summary>How many conductor events an episode handles before it continues as new (0: the default).</summary>
    public int EpisodeEvents { get; init; }
}

/// <summary>One task of a rerun request (Orquesta's <c>TaskRerunRequest</c>).</summary>
public sealed record RerunTask(string TaskId, int Route = 0, bool ResetItems = false);

/// <summary>What the orchestrator returns: Orquesta's <c>{status, output, errors}</c>.</summary>
public sealed record WorkflowRunResult
{
    /// <summary>The workflow status (Orquesta's words).</summary>
    public required string Status { get; init; }

    /// <summary>The rendered output (JSON), or null.</summary>
    public string? OutputJson { get; init; }

    /// <summary>The error log (JSON list), or null when empty.</summary>
    public string? ErrorsJson { get; init; }
}

/// <summary>The input of <see cref="OrchestrationNames.RunAction"/>.</summary>
public sealed record ActionRequest
{
    /// <summary>The execution the action belongs to.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The task id.</summary>
    public required string TaskId { get; init; }

    /// <summary>The task's route.</summary>
    public int Route { get; init; }

    /// <summary>The item of a with-items task, else null.</summary>
    public int? ItemId { get; init; }

    /// <summary>The index of the task's execution in the workflow's task sequence (unique within the execution).</summary>
    public int Sequence { get; init; }

    /// <summary>The action's name (<c>core.echo</c>, a registered HTTP action, ...).</summary>
    public required string Action { get; init; }

    /// <summary>The rendered action input, a JSON object.</summary>
    public string? InputJson { get; init; }
}

/// <summary>The output of <see cref="OrchestrationNames.RunAction"/>: a status and a result.</summary>
public sealed record ActionOutcome
{
    /// <summary><c>succeeded</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The result, JSON (null: none).</summary>
    public string? ResultJson { get; init; }
}

/// <summary>The payload of <see cref="OrchestrationNames.RespondEvent"/>.</summary>
public sealed record AskResponse
{
    /// <summary>The <c>core.ask</c> task answered.</summary>
    public required string TaskId { get; init; }

    /// <summary>Its route (null: any route with a pending ask of that task).</summary>
    public int? Route { get; init; }

    /// <summary>The answer, JSON.</summary>
    public string? AnswerJson { get; init; }
}

/// <summary>The input of <see cref="OrchestrationNames.Checkpoint"/>.</summary>
public sealed record CheckpointRequest
{
    /// <summary>The execution.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The snapshot's sequence number (0, 1, ...), or null to write only the execution row.</summary>
    public long? Sequence { get; init; }

    /// <summary>The engine state (<see cref="EngineState"/> JSON) for the snapshot.</summary>
    public string? StateJson { get; init; }

    /// <summary>The workflow status now.</summary>
    public required string Status { get; init; }

    /// <summary>The output, when completed.</summary>
    public string? OutputJson { get; init; }

    /// <summary>The errors, when any.</summary>
    public string? ErrorsJson { get; init; }

    /// <summary>The orchestration time of the checkpoint.</summary>
    public DateTime At { get; init; }

    /// <summary>On the first checkpoint of an execution: its workflow (the row is created when missing).</summary>
    public string? WorkflowName { get; init; }

    /// <summary>On the first checkpoint: the workflow's version.</summary>
    public int WorkflowVersion { get; init; }

    /// <summary>On the first checkpoint: the parent execution of a subworkflow.</summary>
    public string? ParentExecutionId { get; init; }

    /// <summary>On the first checkpoint: the input.</summary>
    public string? InputJson { get; init; }
}

/// <summary>What <see cref="OrchestrationNames.ResolveActions"/> says of an action name.</summary>
public sealed record ResolvedAction
{
    /// <summary>The action name.</summary>
    public required string Name { get; init; }

    /// <summary><c>workflow</c> (a saved workflow: run as a subworkflow) or <c>activity</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>For a workflow: its definition.</summary>
    public string? Definition { get; init; }

    /// <summary>For a workflow: its stored version.</summary>
    public int Version { get; init; }
}
