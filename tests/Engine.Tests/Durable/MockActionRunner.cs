using System.Collections.Concurrent;
using Orquesta.Azure.Conductor.Conformance;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine.Actions;
using Orquesta.Azure.Engine.Durable;

namespace Orquesta.Azure.Engine.Tests.Durable;

/// <summary>
/// Runs every action of the executions it has mocks for from a rehearsal spec's
/// <c>mock_action_executions</c>, found as the rehearsal runner finds them (by task, sequence
/// index and item); an action without a mock succeeds with a null result. Other executions fall
/// through to the built-in actions.
/// </summary>
internal sealed class MockActionRunner : IActionRunner
{
    private readonly ConcurrentDictionary<string, List<MockActionExecution>> _plans = new(StringComparer.Ordinal);

    public void Plan(string executionId, List<MockActionExecution> mocks) => _plans[executionId] = mocks;

    public bool CanRun(ActionRequest request) => _plans.ContainsKey(RootOf(request.ExecutionId));

    public Task<ActionOutcome> RunAsync(ActionRequest request, DictValue input, CancellationToken cancellationToken)
    {
        var mocks = _plans[RootOf(request.ExecutionId)];
        lock (mocks)
        {
            var mock = (request.ItemId is { } item ? MockActionExecution.Find(mocks, request.TaskId, request.Sequence, item) : null)
                ?? MockActionExecution.Find(mocks, request.TaskId, request.Sequence)
                ?? MockActionExecution.Find(mocks, request.TaskId);
            if (mock is null) return Task.FromResult(new ActionOutcome { Status = "succeeded", ResultJson = "null" });
            mock.IterPos++;
            return Task.FromResult(new ActionOutcome { Status = mock.Status, ResultJson = JsonValues.Serialize(mock.Result) });
        }
    }

    private static string RootOf(string executionId)
    {
        var dot = executionId.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? executionId : executionId[..dot];
    }
}
