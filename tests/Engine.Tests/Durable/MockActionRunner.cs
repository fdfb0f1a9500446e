using System.Collections.Concurrent;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Conductor.Conformance;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine.Actions;
using Orquesta.Azure.Engine.Durable;

namespace Orquesta.Azure.Engine.Tests.Durable;

/// <summary>
/// Runs every action of the executions it has mocks for from a rehearsal spec's
/// <c>mock_action_executions</c>, found as the rehearsal runner finds them (by task, sequence
/// index and item); an action without a mock succeeds with a null result. A mock whose status is
/// <c>running</c> leaves its action running, as the rehearsal does, until <see cref="Release"/>.
/// Other executions fall through to the built-in actions.
/// </summary>
internal sealed class MockActionRunner : IActionRunner
{
    private readonly ConcurrentDictionary<string, List<MockActionExecution>> _plans = new(StringComparer.Ordinal);

    public void Plan(string executionId, List<MockActionExecution> mocks) => _plans[executionId] = mocks;

    public bool CanRun(ActionRequest request) => _plans.ContainsKey(RootOf(request.ExecutionId));

    public async Task<ActionOutcome> RunAsync(ActionRequest request, DictValue input, CancellationToken cancellationToken)
    {
        var root = RootOf(request.ExecutionId);
        var mocks = _plans[root];
        var gate = _gates.GetOrAdd(root, _ => new Gate());
        var ticket = (request.Sequence, request.ItemId ?? -1, request.ExecutionId);

        // Actions started together (a wave) reach the runner in any order; the rehearsal consumes
        // their mocks in the order the tasks started. Wait until no new action has come for a
        // moment, then take the mocks in that order.
        lock (gate) gate.Pending.Add(ticket);
        gate.Touch();
        while (true)
        {
            await Task.Delay(5, cancellationToken);
            lock (gate)
            {
                if (gate.Quiet && gate.Pending.Min == ticket)
                {
                    gate.Pending.Remove(ticket);
                    var outcome = Consume(mocks, request);
                    if (outcome.Status != Statuses.Running) return outcome;
                    gate.Blocked.Add(request.TaskId);
                    break;
                }
            }
        }

        await gate.Released.Task.WaitAsync(cancellationToken);
        return new ActionOutcome { Status = "succeeded", ResultJson = "null" };
    }

    /// <summary>The tasks of an execution whose actions a <c>running</c> mock keeps running.</summary>
    public IReadOnlyList<string> Blocked(string executionId)
    {
        if (!_gates.TryGetValue(executionId, out var gate)) return [];
        lock (gate) return [.. gate.Blocked];
    }

    /// <summary>Lets the actions that <c>running</c> mocks keep running end (succeeded, no result).</summary>
    public void Release(string executionId) => _gates.GetOrAdd(executionId, _ => new Gate()).Released.TrySetResult();

    private static ActionOutcome Consume(List<MockActionExecution> mocks, ActionRequest request)
    {
        lock (mocks)
        {
            var mock = (request.ItemId is { } item ? MockActionExecution.Find(mocks, request.TaskId, request.Sequence, item) : null)
                ?? MockActionExecution.Find(mocks, request.TaskId, request.Sequence)
                ?? MockActionExecution.Find(mocks, request.TaskId);
            if (mock is null) return new ActionOutcome { Status = "succeeded", ResultJson = "null" };
            mock.IterPos++;
            return new ActionOutcome { Status = mock.Status, ResultJson = JsonValues.Serialize(mock.Result) };
        }
    }

    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    private sealed class Gate
    {
        private long _lastTicks = Environment.TickCount64;

        public SortedSet<(int Sequence, int Item, string Execution)> Pending { get; } = [];

        public List<string> Blocked { get; } = [];

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Quiet => Environment.TickCount64 - Interlocked.Read(ref _lastTicks) >= 30;

        public void Touch() => Interlocked.Exchange(ref _lastTicks, Environment.TickCount64);
    }

    private static string RootOf(string executionId)
    {
        var dot = executionId.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? executionId : executionId[..dot];
    }
}
