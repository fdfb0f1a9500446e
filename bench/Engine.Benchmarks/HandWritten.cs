using Microsoft.DurableTask;

namespace Orquesta.Azure.Engine.Benchmarks;

/// <summary>
/// The baseline: the same graphs written by hand as one orchestration each, every task an activity
/// (the naive shape: one history that grows with the work and is replayed on every completion).
/// </summary>
internal static class HandWritten
{
    public const string Chain = "BaselineChain";
    public const string Fan = "BaselineFanOut";
    public const string Noop = "BaselineNoop";
    public const string ChainEpisodes = "BaselineChainEpisodes";

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddActivityFunc<int, int>(Noop, (_, i) => i);
        registry.AddOrchestratorFunc<int, int>(Chain, async (context, n) =>
        {
            var last = 0;
            for (var i = 0; i < n; i++) last = await context.CallActivityAsync<int>(Noop, i);
            return last;
        });
        registry.AddOrchestratorFunc<int, int>(ChainEpisodes, async (context, n) =>
        {
            // The chain in episodes of 100 activities, each continuing as new: history stays bounded.
            var last = 0;
            var steps = Math.Min(n, 100);
            for (var i = 0; i < steps; i++) last = await context.CallActivityAsync<int>(Noop, i);
            if (n > steps) context.ContinueAsNew(n - steps);
            return last;
        });
        registry.AddOrchestratorFunc<int, int>(Fan, async (context, n) =>
        {
            await context.CallActivityAsync<int>(Noop, -1);
            var branches = new Task<int>[n];
            for (var i = 0; i < n; i++) branches[i] = context.CallActivityAsync<int>(Noop, i);
            await Task.WhenAll(branches);
            return await context.CallActivityAsync<int>(Noop, n);
        });
    }
}
