namespace Orquesta.Azure.Engine.Api;

/// <summary>One route of the HTTP API: the method, the template under <see cref="OrquestaApi.RoutePrefix"/>, and the operation name.</summary>
/// <param name="Method">The HTTP method (<c>GET</c>, <c>PUT</c>, <c>POST</c>, <c>DELETE</c>).</param>
/// <param name="Template">The route template relative to the prefix, for example <c>executions/{id}/pause</c> (the Functions route syntax, which ASP.NET Core's routing reads too).</param>
/// <param name="Operation">The operation's name (<see cref="ApiOperations"/>): the Function app names its trigger after it.</param>
public sealed record ApiRoute(string Method, string Template, string Operation);

/// <summary>The operations of the HTTP API; each is one <see cref="OrquestaApi"/> method and one route.</summary>
public static class ApiOperations
{
    /// <summary><c>PUT workflows/{name}</c>: <see cref="OrquestaApi.HandleSaveWorkflowAsync"/>.</summary>
    public const string SaveWorkflow = "SaveWorkflow";

    /// <summary><c>GET workflows</c>: <see cref="OrquestaApi.HandleListWorkflowsAsync"/>.</summary>
    public const string ListWorkflows = "ListWorkflows";

    /// <summary><c>GET workflows/{name}</c>: <see cref="OrquestaApi.HandleGetWorkflowAsync"/>.</summary>
    public const string GetWorkflow = "GetWorkflow";

    /// <summary><c>DELETE workflows/{name}</c>: <see cref="OrquestaApi.HandleDeleteWorkflowAsync"/>.</summary>
    public const string DeleteWorkflow = "DeleteWorkflow";

    /// <summary><c>POST workflows/{name}/executions</c>: <see cref="OrquestaApi.HandleStartExecutionAsync"/>.</summary>
    public const string StartExecution = "StartExecution";

    /// <summary><c>GET executions</c>: <see cref="OrquestaApi.HandleListExecutionsAsync"/>.</summary>
    public const string ListExecutions = "ListExecutions";

    /// <summary><c>GET executions/{id}</c>: <see cref="OrquestaApi.HandleGetExecutionAsync"/>.</summary>
    public const string GetExecution = "GetExecution";

    /// <summary><c>GET executions/{id}/snapshots</c>: <see cref="OrquestaApi.HandleListSnapshotsAsync"/>.</summary>
    public const string ListSnapshots = "ListSnapshots";

    /// <summary><c>GET executions/{id}/snapshots/{sequence}</c>: <see cref="OrquestaApi.HandleGetSnapshotAsync"/>.</summary>
    public const string GetSnapshot = "GetSnapshot";

    /// <summary><c>POST executions/{id}/pause</c>: <see cref="OrquestaApi.HandlePauseExecutionAsync"/>.</summary>
    public const string PauseExecution = "PauseExecution";

    /// <summary><c>POST executions/{id}/resume</c>: <see cref="OrquestaApi.HandleResumeExecutionAsync"/>.</summary>
    public const string ResumeExecution = "ResumeExecution";

    /// <summary><c>POST executions/{id}/cancel</c>: <see cref="OrquestaApi.HandleCancelExecutionAsync"/>.</summary>
    public const string CancelExecution = "CancelExecution";

    /// <summary><c>POST executions/{id}/rerun</c>: <see cref="OrquestaApi.HandleRerunExecutionAsync"/>.</summary>
    public const string RerunExecution = "RerunExecution";

    /// <summary><c>POST executions/{id}/tasks/{taskId}/respond</c>: <see cref="OrquestaApi.HandleRespondAsync"/>.</summary>
    public const string Respond = "RespondToTask";
}
