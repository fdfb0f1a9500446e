using BenchmarkDotNet.Attributes;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;

namespace Orquesta.Azure.Conductor.Benchmarks;

/// <summary>
/// Where the time of a 10,000-task workflow goes beyond 10 times a 1,000-task one: the same
/// 10,000 steps three ways, with one driver (<see cref="Steps"/>, the loop of
/// <see cref="Workflows.Conduct"/> one task event at a time).
/// <list type="bullet">
/// <item>ten 1,000-task workflows one after the other (the baseline: linear by construction);</item>
/// <item>ten 1,000-task workflows stepped in turn, one event each, so that all ten states are live
/// at once: ten times the live memory, no structure larger than 1,000 tasks;</item>
/// <item>the same with ten definitions (ten specs and graphs of 1,000 tasks, as many as one of
/// 10,000), so that each step reads spec and graph data the other nine did not just read;</item>
/// <item>one 10,000-task workflow: the live memory of the third and one spec, graph and state
/// ten times as large.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class ConductorScaleBenchmarks
{
    private const int Workflows1k = 10;

    private WorkflowSpec _spec1k = null!;
    private WorkflowSpec[] _sameSpec1k = [];
    private WorkflowSpec[] _specs1k = [];
    private WorkflowSpec _spec10k = null!;

    [Params("sequential", "fan-out")]
    public string Shape { get; set; } = "sequential";

    [GlobalSetup]
    public void Setup()
    {
        _spec1k = Load(1_000);
        _spec10k = Load(10_000);
        _sameSpec1k = [.. Enumerable.Repeat(_spec1k, Workflows1k)];
        // A description of its own gives each definition its own spec and graph (both are shared
        // between conductors of the same definition text).
        _specs1k = [.. Enumerable.Range(0, Workflows1k).Select(i => WorkflowSpec.Load(Definition(1_000).Replace("version: 1.0\n", $"version: 1.0\ndescription: copy {i}\n", StringComparison.Ordinal)))];
        if (_specs1k.Distinct().Count() != Workflows1k || new WorkflowConductor(_specs1k[0]).Graph == new WorkflowConductor(_specs1k[1]).Graph) throw new InvalidOperationException("The ten definitions share a spec or graph.");
        if (OneAfterAnother() != Workflows1k || InTurn() != Workflows1k || InTurnTenDefinitions() != Workflows1k || One10k() != 1) throw new InvalidOperationException("A benchmark workflow did not succeed.");
    }

    [Benchmark(Baseline = true, Description = "10 x 1,000 tasks, one workflow after the other")]
    public int OneAfterAnother()
    {
        var succeeded = 0;
        for (var i = 0; i < Workflows1k; i++)
        {
            var (conductor, steps) = Start(_spec1k);
            while (steps.MoveNext())
            {
            }

            succeeded += Finish(conductor);
        }

        return succeeded;
    }

    [Benchmark(Description = "10 x 1,000 tasks, stepped in turn")]
    public int InTurn() => InTurn(_sameSpec1k);

    [Benchmark(Description = "10 x 1,000 tasks, stepped in turn, ten definitions")]
    public int InTurnTenDefinitions() => InTurn(_specs1k);

    private static int InTurn(WorkflowSpec[] specs)
    {
        var runs = new (WorkflowConductor Conductor, IEnumerator<int> Steps)[specs.Length];
        for (var i = 0; i < runs.Length; i++) runs[i] = Start(specs[i]);
        var active = runs.Length;
        var done = new bool[runs.Length];
        while (active > 0)
        {
            for (var i = 0; i < runs.Length; i++)
            {
                if (done[i] || runs[i].Steps.MoveNext()) continue;
                done[i] = true;
                active--;
            }
        }

        var succeeded = 0;
        foreach (var (conductor, _) in runs) succeeded += Finish(conductor);
        return succeeded;
    }

    [Benchmark(Description = "1 x 10,000 tasks")]
    public int One10k()
    {
        var (conductor, steps) = Start(_spec10k);
        while (steps.MoveNext())
        {
        }

        return Finish(conductor);
    }

    private WorkflowSpec Load(int n) => WorkflowSpec.Load(Definition(n));

    private string Definition(int n) => Shape == "sequential" ? Workflows.Sequential(n) : Workflows.FanOut(n);

    private static (WorkflowConductor, IEnumerator<int>) Start(WorkflowSpec spec)
    {
        var conductor = new WorkflowConductor(spec);
        return (conductor, Steps(conductor).GetEnumerator());
    }

    private static int Finish(WorkflowConductor conductor)
    {
        conductor.RenderWorkflowOutput();
        return conductor.WorkflowStatus == Statuses.Succeeded ? 1 : 0;
    }

    /// <summary><see cref="Workflows.Conduct"/>'s loop, pausing after every task event.</summary>
    private static IEnumerable<int> Steps(WorkflowConductor conductor)
    {
        conductor.RequestWorkflowStatus(Statuses.Running);
        var next = conductor.GetNextTasks();
        var step = 0;
        while (next.Count > 0)
        {
            foreach (var task in next)
            {
                conductor.UpdateTaskState(task.Id, task.Route, new ActionExecutionEvent(Statuses.Running));
                yield return ++step;
            }

            foreach (var task in next)
            {
                conductor.UpdateTaskState(task.Id, task.Route, new ActionExecutionEvent(Statuses.Succeeded));
                _ = conductor.GetNextTasks();
                yield return ++step;
            }

            next = conductor.GetNextTasks();
        }
    }
}
