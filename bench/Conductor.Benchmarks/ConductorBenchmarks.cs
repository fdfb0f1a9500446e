using System.Text;
using BenchmarkDotNet.Attributes;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Benchmarks;

/// <summary>
/// The conductor issue's benchmark: workflows conducted to completion in-process (each task set
/// running then succeeded, next tasks asked after each step), for a sequence of N tasks each
/// publishing <c>x: &lt;% ctx(x) + 1 %&gt;</c> and a fan-out of N branches into one
/// <c>join: all</c>. The reference needs 0.77 s for a sequence of 100, 281 s for 1,000 and 74 s
/// for a fan-out of 1,000 on these machines; the targets here are 10,000 tasks under 0.3 s and
/// linear growth.
/// </summary>
[MemoryDiagnoser]
public class ConductorBenchmarks
{
    private WorkflowSpec _spec = null!;

    [Params(100, 1_000, 10_000)]
    public int N { get; set; }

    [Params("sequential", "fan-out")]
    public string Shape { get; set; } = "sequential";

    [GlobalSetup]
    public void Setup()
    {
        _spec = WorkflowSpec.Load(Shape == "sequential" ? Workflows.Sequential(N) : Workflows.FanOut(N));
        var conductor = Workflows.Conduct(_spec);
        if (conductor.WorkflowStatus != Statuses.Succeeded) throw new InvalidOperationException($"The benchmark workflow ended {conductor.WorkflowStatus}.");
    }

    [Benchmark(Description = "conduct to completion")]
    public string Conduct() => Workflows.Conduct(_spec).WorkflowStatus;
}

/// <summary>The benchmark workflows and the driver loop.</summary>
public static class Workflows
{
    /// <summary>A sequence of <paramref name="n"/> tasks, each publishing x + 1.</summary>
    public static string Sequential(int n)
    {
        var sb = new StringBuilder("version: 1.0\nvars:\n  - x: 0\noutput:\n  - x: <% ctx(x) %>\ntasks:\n");
        for (var i = 1; i <= n; i++)
        {
            sb.Append("  t").Append(i).Append(":\n    action: core.noop\n");
            sb.Append("    next:\n      - when: <% succeeded() %>\n        publish:\n          - x: <% ctx(x) + 1 %>\n");
            if (i < n) sb.Append("        do: t").Append(i + 1).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A start task fanning out to <paramref name="n"/> branches that join in one task.</summary>
    public static string FanOut(int n)
    {
        var sb = new StringBuilder("version: 1.0\ntasks:\n  start:\n    action: core.noop\n    next:\n      - do:\n");
        for (var i = 1; i <= n; i++) sb.Append("          - b").Append(i).Append('\n');
        for (var i = 1; i <= n; i++) sb.Append("  b").Append(i).Append(":\n    action: core.noop\n    next:\n      - do: join\n");
        sb.Append("  join:\n    join: all\n    action: core.noop\n");
        return sb.ToString();
    }

    /// <summary>Runs a workflow to completion: every next task running, then succeeded, then the next tasks.</summary>
    public static WorkflowConductor Conduct(WorkflowSpec spec)
    {
        var conductor = new WorkflowConductor(spec);
        conductor.RequestWorkflowStatus(Statuses.Running);
        var next = conductor.GetNextTasks();
        while (next.Count > 0)
        {
            // Indexed loops: a foreach over the IReadOnlyList would box an enumerator per loop,
            // garbage of the driver's making, not the conductor's.
            for (var i = 0; i < next.Count; i++) conductor.UpdateTaskState(next[i].Id, next[i].Route, new ActionExecutionEvent(Statuses.Running));
            for (var i = 0; i < next.Count; i++)
            {
                conductor.UpdateTaskState(next[i].Id, next[i].Route, new ActionExecutionEvent(Statuses.Succeeded));
                _ = conductor.GetNextTasks();
            }

            next = conductor.GetNextTasks();
        }

        conductor.RenderWorkflowOutput();
        return conductor;
    }
}
