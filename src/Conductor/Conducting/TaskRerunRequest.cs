namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>A request to rerun a task (the reference's <c>TaskRerunRequest</c>).</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Route">Its route.</param>
/// <param name="ResetItems">For a with-items task: rerun every item, not only the failed ones.</param>
public sealed record TaskRerunRequest(string TaskId, int Route = 0, bool ResetItems = false)
{
    /// <summary>The <c>task__rN</c> key.</summary>
    public string Key => WorkflowState.TaskKey(TaskId, Route);
}
