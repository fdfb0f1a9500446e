using System.Diagnostics;
using Orquesta.Azure.Engine.Hosting;

namespace Orquesta.Azure.Engine.Benchmarks;

/// <summary>
/// One timed run of each shape (a first look; report BenchmarkDotNet's numbers). Knobs for
/// experiments: EPISODE=N (events per episode), ORQ_NOSESSIONS=1 (rebuild on every replay),
/// ORQ_SEQONLY=1 (sequences and chains only).
/// </summary>
internal static class QuickRun
{
    public static async Task RunAsync(int[] sizes)
    {
        var sessions = Environment.GetEnvironmentVariable("ORQ_NOSESSIONS") != "1";
        await using IOrquestaEngine engine = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions { ConfigureTasks = HandWritten.Register, ReplaySessions = sessions });
        var run = 0;
        await EngineBenchmarks.RunWorkflowAsync(engine, Workflows.Sequential(10), ++run);
        foreach (var n in sizes)
        {
            var seq = Workflows.Sequential(n);
            var fan = Workflows.FanOut(n);
            var watch = Stopwatch.StartNew();
            await EngineBenchmarks.RunWorkflowAsync(engine, seq, ++run, int.Parse(Environment.GetEnvironmentVariable("EPISODE") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
            Console.WriteLine($"N={n} orquesta sequential: {watch.Elapsed.TotalSeconds:0.000} s (engine cache adopted {Sessions(engine).Adopted}, rebuilt {Sessions(engine).Rebuilt}; shared adopted {Durable.WorkflowSessionCache.Shared.Adopted}, rebuilt {Durable.WorkflowSessionCache.Shared.Rebuilt})");
            watch.Restart();
            await EngineBenchmarks.RunBaselineAsync(engine, HandWritten.ChainEpisodes, n, ++run);
            Console.WriteLine($"N={n} baseline chain in episodes: {watch.Elapsed.TotalSeconds:0.000} s");
            if (Environment.GetEnvironmentVariable("ORQ_SEQONLY") == "1") continue;
            watch.Restart();
            await EngineBenchmarks.RunWorkflowAsync(engine, fan, ++run);
            Console.WriteLine($"N={n} orquesta fan-out:    {watch.Elapsed.TotalSeconds:0.000} s");
            if (n > 2000)
            {
                Console.WriteLine($"N={n} baseline chain:      skipped (its history is replayed whole on every step: minutes)");
            }
            else
            {
                watch.Restart();
                await EngineBenchmarks.RunBaselineAsync(engine, HandWritten.Chain, n, ++run);
                Console.WriteLine($"N={n} baseline chain:      {watch.Elapsed.TotalSeconds:0.000} s");
            }

            watch.Restart();
            await EngineBenchmarks.RunBaselineAsync(engine, HandWritten.Fan, n, ++run);
            Console.WriteLine($"N={n} baseline fan-out:    {watch.Elapsed.TotalSeconds:0.000} s");
        }
    }

    private static Durable.WorkflowSessionCache Sessions(IOrquestaEngine engine) =>
        (Durable.WorkflowSessionCache)engine.Services.GetService(typeof(Durable.WorkflowSessionCache))!;
}
