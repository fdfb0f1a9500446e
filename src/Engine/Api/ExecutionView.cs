using Microsoft.DurableTask.Client;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Api;

/// <summary>
/// What the API says of an execution, from its row and its orchestration: while the orchestration
/// runs, the status is its custom status (<see cref="ExecutionProgress"/>, current to the last
/// event) and output and errors are the row's; once it has completed, its result; without an
/// orchestration (another process's, or purged), the row.
/// </summary>
internal sealed record ExecutionView(string Status, string? OutputJson, string ErrorsJson, IReadOnlyList<string> Pending, DateTimeOffset? Updated)
{
    private const string NoErrors = "[]";

    public static ExecutionView Of(ExecutionRecord row, OrchestrationMetadata? metadata)
    {
        var rowErrors = Errors(row.ErrorsJson);
        var rowOutput = row.OutputJson is "null" ? null : row.OutputJson;
        if (metadata is null) return new ExecutionView(row.Status, rowOutput, rowErrors, [], null);
        switch (metadata.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Completed:
                var result = metadata.SerializedOutput is null ? null : metadata.ReadOutputAs<WorkflowRunResult>();
                return result is null
                    ? new ExecutionView(row.Status, rowOutput, rowErrors, [], metadata.LastUpdatedAt)
                    : new ExecutionView(result.Status, result.OutputJson, Errors(result.ErrorsJson), [], metadata.LastUpdatedAt);
            case OrchestrationRuntimeStatus.Failed:
                var message = $"The orchestration failed: {metadata.FailureDetails?.ErrorMessage ?? "no details"}";
                var errors = JsonValues.Serialize(ListValue.Of(EngineValues.Dict(("type", "error"), ("message", message))));
                return new ExecutionView(Statuses.Failed, rowOutput, errors, [], metadata.LastUpdatedAt);
            case OrchestrationRuntimeStatus.Terminated:
                return new ExecutionView(Statuses.Canceled, rowOutput, rowErrors, [], metadata.LastUpdatedAt);
            default:
                var progress = metadata.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<ExecutionProgress>();
                return new ExecutionView(progress?.Status ?? row.Status, rowOutput, rowErrors, progress?.Pending ?? [], metadata.LastUpdatedAt);
        }
    }

    private static string Errors(string? json) => json is null or "null" ? NoErrors : json;
}
