using System.Collections.Concurrent;
using Orquesta.Azure.Conductor.Specs;

namespace Orquesta.Azure.Engine.Durable;

/// <summary>
/// Orchestrator runs at rest, by orchestration instance, so that the next run of the same
/// episode in this process can adopt their state instead of rebuilding it from the input and the
/// whole history (see <see cref="WorkflowRun"/>). The durable runtime never runs two work items of
/// one instance at once, so a run at rest is touched by nobody until it is adopted. Bounded: when
/// full, the cache is emptied and runs rebuild their state, which is always correct. A disabled
/// cache makes every replay rebuild, as durable orchestrations classically do (the replay tests
/// compare both).
/// </summary>
public sealed class WorkflowSessionCache
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<string, WorkflowRun> _runs = new(StringComparer.Ordinal);
    private long _adopted;
    private long _rebuilt;

    /// <summary>Creates a cache.</summary>
    /// <param name="enabled">False: nothing is kept, every run rebuilds its state.</param>
    public WorkflowSessionCache(bool enabled = true) => Enabled = enabled;

    /// <summary>
    /// The cache of orchestrators created without one (the Function app's): disabled. Where work
    /// items of one instance can move between processes and come back (Azure Functions scaled
    /// out, a lost lease), a process may hold a resting run whose later history another process
    /// wrote, with new events possibly in another order; adopting it would be wrong. Hosts that
    /// alone run their instances (the embedded engine) give the orchestrator an enabled cache.
    /// </summary>
    public static WorkflowSessionCache Shared { get; } = new(enabled: false);

    /// <summary>Whether runs are kept for adoption.</summary>
    public bool Enabled { get; }

    /// <summary>Runs that adopted a session.</summary>
    public long Adopted => Interlocked.Read(ref _adopted);

    /// <summary>Runs that rebuilt their state from the input and the history.</summary>
    public long Rebuilt => Interlocked.Read(ref _rebuilt);

    internal void Register(string instanceId, WorkflowRun run)
    {
        if (!Enabled) return;
        if (_runs.Count >= Capacity) _runs.Clear();
        _runs[instanceId] = run;
    }

    internal void Remove(string instanceId, WorkflowRun run) =>
        _runs.TryRemove(new KeyValuePair<string, WorkflowRun>(instanceId, run));

    internal WorkflowRun? Take((string Id, long Fingerprint) key)
    {
        if (_runs.TryGetValue(key.Id, out var run) && run.IsAdoptable(key.Fingerprint) && _runs.TryRemove(new KeyValuePair<string, WorkflowRun>(key.Id, run)))
        {
            Interlocked.Increment(ref _adopted);
            return run;
        }

        Interlocked.Increment(ref _rebuilt);
        return null;
    }

    internal static WorkflowRun Carry(EngineState state, long fingerprint, WorkflowSpec spec, string instanceId) =>
        WorkflowRun.Carried(state, fingerprint, spec, instanceId);
}
