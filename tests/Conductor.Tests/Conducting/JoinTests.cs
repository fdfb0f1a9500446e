using Orquesta.Azure.Conductor.Conducting;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

public class JoinTests
{
    private const string JoinAll = """
        version: 1.0
        tasks:
          task1:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish: a=1
                do: task3
              - when: <% failed() %>
                do: task4
          task2:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish: b=2
                do: task3
              - when: <% failed() %>
                do: task4
          task3:
            join: all
            action: core.noop
          task4:
            action: core.noop
        """;

    private const string JoinCount = """
        version: 1.0
        tasks:
          task1:
            action: core.noop
            next:
              - when: <% succeeded() %>
                do: task2, task3, task4
          task2:
            action: core.noop
            next:
              - when: <% succeeded() %>
                do: task5
          task3:
            action: core.noop
            next:
              - when: <% succeeded() %>
                do: task5
          task4:
            action: core.noop
            next:
              - when: <% succeeded() %>
                do: task5
              - when: <% failed() %>
                do: noop
          task5:
            join: 2
            action: core.noop
        """;

    [Fact]
    public void GetNextTasks_JoinAll_WaitsForEveryInboundBranch()
    {
        var conductor = Start(JoinAll);
        Assert.Equal(["task1", "task2"], NextIds(conductor));
        Forward(conductor, "task2", Statuses.Running);

        Succeed(conductor, "task1");
        Assert.Empty(conductor.GetNextTasks());
        var staged = conductor.WorkflowState.GetStagedTask("task3", 0)!;
        Assert.False(staged.Ready);

        Forward(conductor, "task2", 0, null, Statuses.Succeeded);
        var join = Assert.Single(conductor.GetNextTasks());
        Assert.Equal("task3", join.Id);
        // The join reads both branches' published contexts.
        Assert.Equal(1L, join.Context["a"]);
        Assert.Equal(2L, join.Context["b"]);
        Assert.Equal(0, join.Route);

        Succeed(conductor, "task3");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(["task2", "task1", "task3"], Sequence(conductor));
        Assert.Equal(1, conductor.WorkflowState.GetTask("task3", 0)!.Prev["task1__t0"]);
        Assert.Equal(0, conductor.WorkflowState.GetTask("task3", 0)!.Prev["task2__t0"]);
    }

    [Fact]
    public void UpdateTaskState_JoinAllWithOneBranchRemediated_FailsWithUnreachableJoinError()
    {
        var conductor = Start(JoinAll);
        Succeed(conductor, "task1");
        Fail(conductor, "task2");
        // task4 has two inbound transitions (a split), so it runs on a route of its own.
        Assert.Equal(["task4__r1"], NextIds(conductor));

        Succeed(conductor, "task4", route: 1);

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        var unreachable = Assert.Single(conductor.Errors, e => ((string)e["message"]!).StartsWith("UnreachableJoinError", StringComparison.Ordinal));
        Assert.Equal(Dict("""
            {"type": "error", "message": "UnreachableJoinError: The join task|route \"task3|0\" is partially satisfied but unreachable.",
             "task_id": "task3", "route": 0}
            """), unreachable);
        Assert.DoesNotContain("task3", Sequence(conductor));
        Assert.Empty(conductor.GetNextTasks());
    }

    [Fact]
    public void GetNextTasks_JoinCount_RunsOnceEnoughBranchesArrivedAndAgainForALateBranch()
    {
        var conductor = Start(JoinCount);
        Succeed(conductor, "task1");
        Assert.Equal(["task2", "task3", "task4"], NextIds(conductor));
        Forward(conductor, "task3", Statuses.Running);
        Forward(conductor, "task4", Statuses.Running);

        Succeed(conductor, "task2");
        Assert.Empty(conductor.GetNextTasks());
        Forward(conductor, "task3", Statuses.Succeeded);

        // Two of three branches satisfy "join: 2" while task4 still runs.
        Assert.Equal(["task5"], NextIds(conductor));
        Succeed(conductor, "task5");
        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);

        // The reference stages the join again when a late branch arrives after it ran: the
        // criteria (now 3 of 3) are satisfied again, so the join runs a second time.
        Forward(conductor, "task4", Statuses.Succeeded);
        Assert.Equal(["task5"], NextIds(conductor));
        Succeed(conductor, "task5");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(["task1", "task3", "task4", "task2", "task5", "task5"], Sequence(conductor));
    }

    [Fact]
    public void GetNextTasks_JoinCountWithOneBranchFailed_StillRunsWithTheOtherTwo()
    {
        var conductor = Start(JoinCount);
        Succeed(conductor, "task1");
        Fail(conductor, "task4");
        Succeed(conductor, "task2");
        Succeed(conductor, "task3");

        Assert.Equal(["task5"], NextIds(conductor));
        Succeed(conductor, "task5");

        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Fact]
    public void UpdateTaskState_JoinCountNotReachable_FailsWithUnreachableJoinError()
    {
        var conductor = Start(JoinCount);
        Succeed(conductor, "task1");
        Fail(conductor, "task4");
        Succeed(conductor, "task2");

        Fail(conductor, "task3");

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Contains("UnreachableJoinError: The join task|route \"task5|0\" is partially satisfied but unreachable.", ErrorMessages(conductor));
        Assert.Empty(conductor.GetNextTasks());
    }

    [Fact]
    public void GetNextTasks_ParallelBranchesPublishingTheSameKey_JoinSeesTheLastArrivalAndMergedDicts()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - v: one
                      - d: {a: 1}
                    do: task3
              task2:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - v: two
                      - d: {b: 2}
                    do: task3
              task3:
                join: all
                action: core.echo message=<% ctx(v) %>
            """);
        Succeed(conductor, "task2");
        Succeed(conductor, "task1");

        var join = Assert.Single(conductor.GetNextTasks());

        Assert.Equal("one", join.Context["v"]);
        Assert.Equal(Dict("""{"b": 2, "a": 1}"""), join.Context["d"]);
        Assert.Equal(Dict("""{"message": "one"}"""), join.Actions[0].Input);
    }
}
