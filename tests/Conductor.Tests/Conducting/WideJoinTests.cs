using System.Text;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Specs;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>
/// A join with more than 8 inbound sources keeps each source's value by its position among the
/// join's sources: the answers must be those of a narrow join, evaluated from scratch.
/// </summary>
public class WideJoinTests
{
    private const int Branches = 12;
    private const string Unreachable = "UnreachableJoinError: The join task|route \"join|0\" is partially satisfied but unreachable.";

    private static string Workflow(string join)
    {
        var sb = new StringBuilder("version: 1.0\ntasks:\n  start:\n    action: core.noop\n    next:\n      - do:\n");
        for (var i = 1; i <= Branches; i++) sb.Append("          - b").Append(i).Append('\n');
        for (var i = 1; i <= Branches; i++)
        {
            // A failed branch is remediated (noop), so the workflow goes on and the join decides.
            sb.Append("  b").Append(i).Append(":\n    action: core.noop\n    next:\n      - when: <% succeeded() %>\n        do: join\n      - when: <% failed() %>\n        do: noop\n");
        }

        sb.Append("  join:\n    join: ").Append(join).Append("\n    action: core.noop\n");
        return sb.ToString();
    }

    [Fact]
    public void SourceIndex_EveryTransition_IsItsSourcesPositionAmongTheDestinationsSources()
    {
        var spec = WorkflowSpec.Load(Workflow("all"));
        var graph = WorkflowComposer.ComposeShared(spec);
        var table = TaskPlan.For(spec, graph);
        foreach (var id in graph.TaskIds)
        {
            foreach (var t in table.Find(id)!.Next)
            {
                Assert.Same(table.Find(id), t.Destination.Sources[t.SourceIndex].Source);
            }
        }
    }

    [Fact]
    public void JoinAll_BranchesSucceedInAnyOrder_JoinRunsOnceAfterTheLast()
    {
        var conductor = Start(Workflow("all"));
        Succeed(conductor, "start");
        // Reverse order: the sources' positions are not the order they complete in.
        for (var i = Branches; i >= 1; i--)
        {
            Assert.DoesNotContain("join", NextIds(conductor));
            Succeed(conductor, "b" + i);
        }

        Assert.Equal(["join"], NextIds(conductor));
        Succeed(conductor, "join");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Fact]
    public void JoinAll_OneBranchFails_WorkflowFailsWithUnreachableJoin()
    {
        var conductor = Start(Workflow("all"));
        Succeed(conductor, "start");
        for (var i = 1; i <= Branches; i++)
        {
            if (i == 5) Fail(conductor, "b5");
            else Succeed(conductor, "b" + i);
        }

        Assert.Empty(NextIds(conductor));
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Equal(Unreachable, ErrorMessages(conductor)[^1]);
    }

    [Fact]
    public void CountedJoin_EnoughBranchesSucceedAroundFailures_JoinRuns()
    {
        var conductor = Start(Workflow("9"));
        Succeed(conductor, "start");
        var failed = new[] { 2, 7, 11 };
        for (var i = 1; i <= Branches; i++)
        {
            if (failed.Contains(i)) Fail(conductor, "b" + i);
            else Succeed(conductor, "b" + i);
        }

        Assert.Equal(["join"], NextIds(conductor));
    }

    [Fact]
    public void CountedJoin_TooFewCanStillSucceed_JoinNeverRuns()
    {
        var conductor = Start(Workflow("10"));
        Succeed(conductor, "start");
        for (var i = 1; i <= Branches; i++)
        {
            if (i is 1 or 2 or 3) Fail(conductor, "b" + i);
            else Succeed(conductor, "b" + i);
        }

        Assert.Empty(NextIds(conductor));
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Equal(Unreachable, ErrorMessages(conductor)[^1]);
    }
}
