using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Orquesta.Azure.Engine.Api;

namespace Orquesta.Azure.FunctionApp;

/// <summary>
/// The HTTP API: one trigger per <see cref="OrquestaApi.Routes"/> entry, same method and template,
/// function keys on every route. Each handler writes the whole response itself; the
/// <see cref="EmptyResult"/> returned after it writes nothing, so the ASP.NET Core integration
/// leaves that response as it is.
/// </summary>
/// <remarks>The routes are literals because attributes need constants; a test checks them against <see cref="OrquestaApi.Routes"/>.</remarks>
public sealed class ApiFunctions
{
    private static readonly EmptyResult Written = new();
    private readonly OrquestaApi _api;

    /// <summary>Creates the functions over the engine's API handlers.</summary>
    public ApiFunctions(OrquestaApi api) => _api = api;

    /// <summary><c>PUT /api/workflows/{name}</c>.</summary>
    [Function(ApiOperations.SaveWorkflow)]
    public async Task<IActionResult> SaveWorkflowAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "workflows/{name}")] HttpRequest request, [DurableClient] DurableTaskClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleSaveWorkflowAsync(request.HttpContext, client, name).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>GET /api/workflows</c>.</summary>
    [Function(ApiOperations.ListWorkflows)]
    public async Task<IActionResult> ListWorkflowsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleListWorkflowsAsync(request.HttpContext, client).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>GET /api/workflows/{name}</c>.</summary>
    [Function(ApiOperations.GetWorkflow)]
    public async Task<IActionResult> GetWorkflowAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/{name}")] HttpRequest request, [DurableClient] DurableTaskClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleGetWorkflowAsync(request.HttpContext, client, name).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>DELETE /api/workflows/{name}</c>.</summary>
    [Function(ApiOperations.DeleteWorkflow)]
    public async Task<IActionResult> DeleteWorkflowAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "workflows/{name}")] HttpRequest request, [DurableClient] DurableTaskClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleDeleteWorkflowAsync(request.HttpContext, client, name).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>POST /api/workflows/{name}/executions</c>.</summary>
    [Function(ApiOperations.StartExecution)]
    public async Task<IActionResult> StartExecutionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/{name}/executions")] HttpRequest request, [DurableClient] DurableTaskClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleStartExecutionAsync(request.HttpContext, client, name).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>GET /api/executions</c>.</summary>
    [Function(ApiOperations.ListExecutions)]
    public async Task<IActionResult> ListExecutionsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "executions")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleListExecutionsAsync(request.HttpContext, client).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>GET /api/executions/{id}</c>.</summary>
    [Function(ApiOperations.GetExecution)]
    public async Task<IActionResult> GetExecutionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "executions/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleGetExecutionAsync(request.HttpContext, client, id).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>GET /api/executions/{id}/snapshots</c>.</summary>
    [Function(ApiOperations.ListSnapshots)]
    public async Task<IActionResult> ListSnapshotsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "executions/{id}/snapshots")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleListSnapshotsAsync(request.HttpContext, client, id).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>GET /api/executions/{id}/snapshots/{sequence}</c>.</summary>
    [Function(ApiOperations.GetSnapshot)]
    public async Task<IActionResult> GetSnapshotAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "executions/{id}/snapshots/{sequence}")] HttpRequest request, [DurableClient] DurableTaskClient client, string id, string sequence)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleGetSnapshotAsync(request.HttpContext, client, id, sequence).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>POST /api/executions/{id}/pause</c>.</summary>
    [Function(ApiOperations.PauseExecution)]
    public async Task<IActionResult> PauseExecutionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "executions/{id}/pause")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandlePauseExecutionAsync(request.HttpContext, client, id).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>POST /api/executions/{id}/resume</c>.</summary>
    [Function(ApiOperations.ResumeExecution)]
    public async Task<IActionResult> ResumeExecutionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "executions/{id}/resume")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleResumeExecutionAsync(request.HttpContext, client, id).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>POST /api/executions/{id}/cancel</c>.</summary>
    [Function(ApiOperations.CancelExecution)]
    public async Task<IActionResult> CancelExecutionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "executions/{id}/cancel")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleCancelExecutionAsync(request.HttpContext, client, id).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>POST /api/executions/{id}/rerun</c>.</summary>
    [Function(ApiOperations.RerunExecution)]
    public async Task<IActionResult> RerunExecutionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "executions/{id}/rerun")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleRerunExecutionAsync(request.HttpContext, client, id).ConfigureAwait(false);
        return Written;
    }

    /// <summary><c>POST /api/executions/{id}/tasks/{taskId}/respond</c>.</summary>
    [Function(ApiOperations.Respond)]
    public async Task<IActionResult> RespondAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "executions/{id}/tasks/{taskId}/respond")] HttpRequest request, [DurableClient] DurableTaskClient client, string id, string taskId)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _api.HandleRespondAsync(request.HttpContext, client, id, taskId).ConfigureAwait(false);
        return Written;
    }
}
