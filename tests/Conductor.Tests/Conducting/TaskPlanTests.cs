using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>
/// The step's hot path reads task plans instead of the spec and the graph: the answers must be
/// the spec's and the graph's, for every kind of task the plans single out.
/// </summary>
public class TaskPlanTests
{
    private const string Mixed = """
        version: 1.0
        input:
          - who: world
        tasks:
          constant:
            action: core.echo
            input:
              message: hello
              nested: [1, {a: b}]
            next:
              - when: <% succeeded() %>
                publish:
                  - x: 1
                do: rendered, split
          rendered:
            action: core.echo
            input:
              message: <% ctx(who) %>
          split:
            action: core.noop
            next:
              - do: [b1, b2, b3]
          b1:
            action: core.noop
            next:
              - do: join
          b2:
            action: core.noop
            next:
              - do: join
          b3:
            action: core.noop
            next:
              - do: join
          join:
            join: all
            action: core.echo message="joined <% ctx(x) %>"
        """;

    [Fact]
    public void Plans_EveryTaskOfTheGraph_AnswerAsTheSpecAndTheGraph()
    {
        var spec = WorkflowSpec.Load(Mixed);
        var graph = WorkflowComposer.ComposeShared(spec);
        var table = TaskPlan.For(spec, graph);
        Assert.Same(table, TaskPlan.For(spec, graph));
        foreach (var id in graph.TaskIds)
        {
            var plan = table.Find(id)!;
            Assert.Same(spec.Tasks.GetTask(id), plan.Spec);
            Assert.Equal(graph.HasBarrier(id), plan.HasBarrier);
            Assert.Equal(graph.GetBarrier(id), plan.Barrier);
            Assert.Equal(spec.Tasks.IsSplitTask(id) && !graph.InCycle(id), plan.StartsRoute);
            Assert.Equal(graph.GetNextTransitions(id), plan.Next.Select(t => t.Transition));
            Assert.Equal(graph.GetNextTransitions(id).Select(t => graph.GetTransitionsTo(id, t.Destination).ToArray().Select(d => d.TransitionId)), plan.Next.Select(t => t.ToDestination));
            Assert.Equal(plan.Next.Select(t => t.ToDestination is [var only] && only == t.TransitionId), plan.Next.Select(t => t.OnlyOneToDestination));
            Assert.Equal(graph.GetNextTransitions(id).Count > 2, plan.WideNext);
            Assert.Equal(graph.GetNextTransitions(id).Select(t => t.Criteria), plan.Next.Select(t => t.Criteria));
            Assert.Equal(graph.GetPrevTransitions(id), plan.Prev);
            Assert.Equal(graph.GetPrevTransitions(id).Select(t => t.Source).Distinct(), plan.Sources.Select(s => s.Source.Id));
        }

        Assert.Null(table.Find("missing"));
        Assert.Equal(["constant"], table.Roots.Select(r => r.Id));
    }

    [Fact]
    public void ConstantActions_OnlyWhereNothingIsEvaluated()
    {
        var spec = WorkflowSpec.Load(Mixed);
        var table = TaskPlan.For(spec, WorkflowComposer.ComposeShared(spec));
        var constant = Assert.Single(table.Find("constant")!.ConstantActions!);
        Assert.Equal("core.echo", constant.Action);
        Assert.Same(spec.Tasks.GetTask("constant")!.Input, constant.Input);
        Assert.Null(table.Find("rendered")!.ConstantActions);
        Assert.Null(table.Find("join")!.ConstantActions); // inline parameters with an expression
        Assert.NotNull(table.Find("b1")!.ConstantActions);
    }

    [Fact]
    public void GetNextTasks_ConstantAndRenderedActions_RenderAsTheEvaluatorDoes()
    {
        var conductor = Start(Mixed);
        var first = Assert.Single(conductor.GetNextTasks());
        var action = Assert.Single(first.Actions);
        Assert.Equal("core.echo", action.Action);
        Assert.Equal(DictValue.Empty.Set("message", "hello").Set("nested", ListValue.Of(1L, DictValue.Empty.Set("a", "b"))), action.Input);
        // The public GetTask renders the long way: the same action.
        Assert.Equal(action.Input, Assert.Single(conductor.GetTask("constant", 0).Actions).Input);

        Succeed(conductor, "constant");
        var next = conductor.GetNextTasks();
        Assert.Equal(["rendered", "split"], next.Select(t => t.Id));
        Assert.Equal(DictValue.Empty.Set("message", "world"), Assert.Single(next[0].Actions).Input);

        Succeed(conductor, "rendered");
        Succeed(conductor, "split");
        foreach (var b in new[] { "b1", "b2", "b3" }) Succeed(conductor, b);
        var join = Assert.Single(conductor.GetNextTasks());
        Assert.Equal(DictValue.Empty.Set("message", "joined 1"), Assert.Single(join.Actions).Input);
        Succeed(conductor, "join");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }

    [Fact]
    public void GetNextTasks_ConstantActionWithDelay_StillRendersTheDelay()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              later:
                delay: <% 2 + 3 %>
                action: core.noop
            """);
        var task = Assert.Single(conductor.GetNextTasks());
        Assert.Equal(5L, task.Delay);
        Assert.Equal("core.noop", Assert.Single(task.Actions).Action);
    }

    [Fact]
    public void Publish_ReassigningEveryContextKeyInOrder_GivesTheSameContextsAsAnyOtherPublish()
    {
        var conductor = Start("""
            version: 1.0
            vars:
              - x: 1
              - y: a
            tasks:
              t1:
                action: core.noop
                next:
                  - publish:
                      - x: <% ctx(x) + 1 %>
                      - y: b
                    do: t2
              t2:
                action: core.noop
                next:
                  - publish:
                      - y: c
                      - x: <% ctx(x) + 1 %>
            output:
              - x: <% ctx(x) %>
              - y: <% ctx(y) %>
            """);
        Succeed(conductor, "t1");
        Succeed(conductor, "t2");
        conductor.RenderWorkflowOutput();
        var contexts = conductor.WorkflowState.Contexts;
        Assert.Equal(DictValue.Empty.Set("x", 2L).Set("y", "b"), contexts[1]);
        Assert.Equal(["x", "y"], contexts[1].Keys);
        // Published in the other order: the published dict keeps the publish's order.
        Assert.Equal(["y", "x"], contexts[2].Keys);
        Assert.Equal(DictValue.Empty.Set("x", 3L).Set("y", "c"), conductor.GetWorkflowOutput());
    }

    [Fact]
    public void Plans_EqualCriteriaPublishAndConstantActions_AreOneObject()
    {
        var spec = WorkflowSpec.Load("""
            version: 1.0
            tasks:
              a:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - x: <% ctx(x) + 1 %>
                      - n: 1
                    do: b
              b:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - x: <% ctx(x) + 1 %>
                      - n: 1
                    do: c
              c:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - x: <% ctx(x) + 1 %>
                      - n: 1.0
                    do: d
              d:
                action: core.noop
                input:
                  n: 1
            """);
        var table = TaskPlan.For(spec, WorkflowComposer.ComposeShared(spec));
        var (a, b, c, d) = (table.Find("a")!, table.Find("b")!, table.Find("c")!, table.Find("d")!);
        Assert.Same(a.Next[0].Criteria, b.Next[0].Criteria);
        Assert.Same(a.Next[0].Criteria, c.Next[0].Criteria);
        Assert.Same(a.Next[0].Publish, b.Next[0].Publish);
        Assert.Same(a.ConstantActions, b.ConstantActions);
        Assert.Same(a.ConstantActions, c.ConstantActions);
        // Equal in Python (1 == 1.0) but not the same value: each keeps its own.
        Assert.NotSame(a.Next[0].Publish, c.Next[0].Publish);
        Assert.Equal(1.0, c.Next[0].Publish[1].Value);
        Assert.NotSame(a.ConstantActions, d.ConstantActions);
        Assert.Equal(DictValue.Empty.Set("n", 1L), Assert.Single(d.ConstantActions!).Input);
        Assert.True(a.Next[0].Publishes);
        Assert.True(a.Next[0].OnlyOneToDestination);
    }

    [Fact]
    public void Load_EqualStringsOfADocument_AreOneString()
    {
        var spec = WorkflowSpec.Load("""
            version: 1.0
            tasks:
              a:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    do: b
              b:
                action: core.noop
                next:
                  - when: <% succeeded() %>
            """);
        var a = spec.Tasks.GetTask("a")!;
        var b = spec.Tasks.GetTask("b")!;
        Assert.Same(a.Next[0].When, b.Next[0].When);
        Assert.Same(a.Action, b.Action);
    }

    [Fact]
    public void GetNextTasks_ConstantTaskAskedAgainBeforeAnyChange_GivesTheSameTasks()
    {
        var conductor = Start("""
            version: 1.0
            vars:
              - x: 0
            tasks:
              a:
                action: core.noop
                next:
                  - publish:
                      - x: <% ctx(x) + 1 %>
                    do: b
              b:
                action: core.noop
            """);
        var first = conductor.GetNextTasks();
        Assert.Same(first, conductor.GetNextTasks());
        Succeed(conductor, "a");

        var next = Assert.Single(conductor.GetNextTasks());
        Assert.Equal("b", next.Id);
        Assert.Equal(1L, next.Context["x"]);
        Assert.Same(next, Assert.Single(conductor.GetNextTasks()));
        Assert.NotSame(first[0], next);
    }
}
