using BenchmarkDotNet.Running;
using Orquesta.Azure.Engine.Benchmarks;

if (args.Length > 0 && args[0] == "--quick")
{
    // One timed run of each shape, for a first look; the numbers to report come from BenchmarkDotNet.
    await QuickRun.RunAsync(args.Skip(1).Select(int.Parse).DefaultIfEmpty(100).ToArray());
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
