namespace Orquesta.Azure.Engine.Durable;

/// <summary>
/// The names of the durable functions and events. They are a public contract: history written by
/// one version of the app is replayed by the next, and the Function app's triggers carry the same
/// names. Never rename one; add a new name instead.
/// </summary>
public static class OrchestrationNames
{
    /// <summary>The orchestrator that conducts one Orquesta workflow execution.</summary>
    public const string Workflow = "OrquestaWorkflow";

    /// <summary>The activity that runs one action (one task, or one item of a with-items task).</summary>
    public const string RunAction = "OrquestaRunAction";

    /// <summary>The activity that resolves action names to saved workflows (subworkflows) or HTTP actions.</summary>
    public const string ResolveActions = "OrquestaResolveActions";

    /// <summary>The activity that writes a conductor snapshot and the execution's row.</summary>
    public const string Checkpoint = "OrquestaCheckpoint";

    /// <summary>External event: pause the workflow (Orquesta's <c>pausing</c>).</summary>
    public const string PauseEvent = "orquesta.pause";

    /// <summary>External event: resume a paused workflow.</summary>
    public const string ResumeEvent = "orquesta.resume";

    /// <summary>External event: cancel the workflow (running tasks finish).</summary>
    public const string CancelEvent = "orquesta.cancel";

    /// <summary>External event: the answer to a <c>core.ask</c> task (<see cref="AskResponse"/>).</summary>
    public const string RespondEvent = "orquesta.respond";
}
