using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Orquesta.Azure.Conductor.Benchmarks.ExpressionBenchmarks).Assembly).Run(args);
