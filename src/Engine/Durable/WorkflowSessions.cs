using System.Collections.Concurrent;
using Orquesta.Azure.Conductor.Specs;

namespace Orquesta.Azure.Engine.Durable;

/// <summary>
/// Runs at rest, by orchestration instance, so that the next run of the same episode in this
/// process can adopt their state instead of rebuilding it (see <see cref="WorkflowRun"/>). The
/// durable runtime never runs two work items of one instance at once, so a run at rest is not
/// touched by anyone until it is adopted. Bounded: when full, the cache is emptied and runs
/// rebuild their state from their input, which is always correct.
/// </summary>
internal static class WorkflowSessions
{
    private const int Capacity = 4096;
    private static readonly ConcurrentDictionary<string, WorkflowRun> Runs = new(StringComparer.Ordinal);

    public static void Register(string instanceId, WorkflowRun run)
    {
        if (Runs.Count >= Capacity) Runs.Clear();
        Runs[instanceId] = run;
    }

    public static void Remove(string instanceId, WorkflowRun run) =>
        Runs.TryRemove(new KeyValuePair<string, WorkflowRun>(instanceId, run));

    /// <summary>Runs that adopted a session (for tests and benchmarks).</summary>
    public static long Adopted => Interlocked.Read(ref _adopted);

    /// <summary>Runs that rebuilt their state from the input.</summary>
    public static long Rebuilt => Interlocked.Read(ref _rebuilt);

    private static long _adopted;
    private static long _rebuilt;

    public static WorkflowRun? Take((string Id, long Fingerprint) key)
    {
        if (Runs.TryGetValue(key.Id, out var run) && run.IsAdoptable(key.Fingerprint) && Runs.TryRemove(new KeyValuePair<string, WorkflowRun>(key.Id, run)))
        {
            Interlocked.Increment(ref _adopted);
            return run;
        }

        Interlocked.Increment(ref _rebuilt);
        return null;
    }

    public static WorkflowRun Carry(EngineState state, long fingerprint, WorkflowSpec spec, string instanceId) =>
        WorkflowRun.Carried(state, fingerprint, spec, instanceId);
}
