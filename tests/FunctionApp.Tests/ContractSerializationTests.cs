using System.Text.Json;
using Azure.Core.Serialization;
using Orquesta.Azure.Engine.Durable;

namespace Orquesta.Azure.FunctionApp.Tests;

/// <summary>
/// In the Function app, orchestration inputs, outputs, activity payloads and custom status go
/// through the worker's serializer (the Durable extension wraps <c>WorkerOptions.Serializer</c>, by
/// default a <see cref="JsonObjectSerializer"/> over default <see cref="JsonSerializerOptions"/>),
/// not through the Durable Task SDK's converter the embedded engine uses. Every contract type must
/// come back whole through it.
/// </summary>
public sealed class ContractSerializationTests
{
    private static readonly JsonObjectSerializer Worker = new(new JsonSerializerOptions());

    public static TheoryData<object> Contracts() => new()
    {
        new WorkflowRunInput
        {
            ExecutionId = "e", WorkflowName = "w", WorkflowVersion = 3, Definition = "version: 1.0", InputJson = "{\"a\": 1}",
            StateJson = "{}", Rerun = [new RerunTask("t", 2, true)], Deadline = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            TimeoutSeconds = 60, Record = false, ParentExecutionId = "p", Waves = true, EpisodeEvents = 7,
        },
        new WorkflowRunResult { Status = "succeeded", OutputJson = "{}", ErrorsJson = "[]" },
        new ActionRequest { ExecutionId = "e", TaskId = "t", Route = 1, ItemId = 2, Sequence = 3, Action = "core.echo", InputJson = "{}" },
        new ActionOutcome { Status = "failed", ResultJson = "{\"error\": \"x\"}" },
        new AskResponse { TaskId = "t", Route = 1, AnswerJson = "true" },
        new CheckpointRequest
        {
            ExecutionId = "e", Sequence = 4, StateJson = "{}", Status = "running", OutputJson = "null", ErrorsJson = "[]",
            At = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc), WorkflowName = "w", WorkflowVersion = 2, ParentExecutionId = "p", InputJson = "{}",
        },
        new List<ResolvedAction> { new() { Name = "sub", Kind = ResolvedActionKinds.Workflow, Definition = "version: 1.0", Version = 2 } },
        new List<string> { "core.echo", "sub" },
        new ExecutionProgress { Status = "running", Episode = 2, Tasks = 5, Running = ["a", "b"], Pending = ["ask"] },
    };

    [Theory]
    [MemberData(nameof(Contracts))]
    public void WorkerSerializer_Contract_RoundTripsWhole(object contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var json = Worker.Serialize(contract, contract.GetType()).ToString();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var back = Worker.Deserialize(stream, contract.GetType(), default);
        Assert.NotNull(back);
        Assert.Equal(json, Worker.Serialize(back, contract.GetType()).ToString());
        if (contract is not (WorkflowRunInput or ExecutionProgress or System.Collections.IEnumerable)) Assert.Equal(contract, back);
    }
}
