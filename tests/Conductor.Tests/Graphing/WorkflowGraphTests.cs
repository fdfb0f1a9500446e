using Orquesta.Azure.Conductor.Graphing;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Graphing;

/// <summary>
/// The workflow graph. Expected JSON, orders and results were printed by the reference
/// (orquesta/graphing.py over networkx) for the same calls; the first graph is the reference's
/// own unit test graph.
/// </summary>
public class WorkflowGraphTests
{
    private const string ReferenceGraphJson =
        """{"directed":true,"multigraph":true,"graph":[],"nodes":[{"id":"task1"},{"id":"task2"},{"id":"task3"},{"id":"task4"},{"barrier":"*","id":"task5"},{"id":"task6"},{"id":"task7"},{"id":"task8"},{"id":"task9"}],"adjacency":[[{"attr1":"foobar","id":"task2","key":0},{"id":"task4","key":0},{"id":"task7","key":0},{"id":"task9","key":0}],[{"id":"task3","key":0}],[{"id":"task5","key":0}],[{"id":"task5","key":0}],[{"id":"task6","key":0}],[],[{"id":"task8","key":0}],[{"id":"task9","key":0}],[]]}""";

    private const string ComposedGraphJson =
        """{"directed":true,"multigraph":true,"graph":[],"nodes":[{"id":"init"},{"splits":["init"],"retry":{"when":"<% failed() %>","count":3,"delay":null},"id":"task9"},{"id":"task10"},{"id":"Task_a"},{"barrier":2,"id":"join"},{"id":"é"},{"name":"Zed","id":"z"},{"id":"😀"},{"id":"￮"}],"adjacency":[[{"criteria":[],"ref":1,"id":"Task_a","key":0},{"criteria":["<% succeeded() %>"],"ref":0,"id":"task10","key":0},{"criteria":["<% succeeded() %>"],"ref":0,"id":"task9","key":0},{"criteria":["<% failed() %>"],"ref":2,"id":"task9","key":1}],[{"criteria":[],"ref":0,"id":"join","key":0}],[{"criteria":[],"ref":0,"id":"join","key":0}],[{"criteria":[],"ref":0,"id":"join","key":0}],[{"criteria":[],"ref":0,"id":"z","key":0},{"criteria":null,"ref":0,"id":"é","key":0},{"criteria":[],"ref":0,"id":"￮","key":0},{"criteria":[],"ref":0,"id":"😀","key":0}],[],[],[],[]]}""";

    private static WorkflowGraph ReferenceGraph(bool addTasks = true)
    {
        var graph = new WorkflowGraph();
        if (addTasks)
        {
            for (var i = 1; i < 10; i++) graph.AddTask("task" + i);
        }

        graph.AddTransition("task1", "task2", ("attr1", "foobar"));
        graph.AddTransition("task2", "task3");
        graph.AddTransition("task1", "task4");
        graph.AddTransition("task3", "task5");
        graph.AddTransition("task4", "task5");
        graph.AddTransition("task5", "task6");
        graph.AddTransition("task1", "task7");
        graph.AddTransition("task7", "task8");
        graph.AddTransition("task1", "task9");
        graph.AddTransition("task8", "task9");
        graph.UpdateTask("task5", ("barrier", "*"));
        return graph;
    }

    /// <summary>Built with the calls the native composer makes: criteria and ref on each transition.</summary>
    private static WorkflowGraph ComposedGraph()
    {
        var succeeded = ListValue.Of("<% succeeded() %>");
        var graph = new WorkflowGraph();
        graph.AddTask("init");
        graph.AddTransition("init", "task9", ("criteria", succeeded), ("ref", 0L));
        graph.AddTransition("init", "task10", ("criteria", succeeded), ("ref", 0L));
        graph.AddTransition("init", "Task_a", ("criteria", ListValue.Empty), ("ref", 1L));
        graph.AddTransition("init", "task9", ("criteria", ListValue.Of("<% failed() %>")), ("ref", 2L));
        graph.UpdateTask(
            "task9",
            ("splits", ListValue.Of("init")),
            ("retry", DictValue.Empty.Set("when", "<% failed() %>").Set("count", 3L).Set("delay", null)));
        graph.AddTransition("task10", "join", ("criteria", ListValue.Empty), ("ref", 0L));
        graph.AddTransition("task9", "join", ("criteria", ListValue.Empty), ("ref", 0L));
        graph.AddTransition("Task_a", "join", ("criteria", ListValue.Empty), ("ref", 0L));
        graph.SetBarrier("join", 2L);
        graph.AddTransition("join", "é", ("criteria", null), ("ref", 0L));
        graph.AddTransition("join", "z", ("criteria", ListValue.Empty), ("ref", 0L));
        graph.AddTransition("join", "\U0001F600", ("criteria", ListValue.Empty), ("ref", 0L));
        graph.AddTransition("join", "\uFFEE", ("criteria", ListValue.Empty), ("ref", 0));
        graph.UpdateTask("z", ("name", "Zed"));
        return graph;
    }

    private static string Json(object? value) => JsonValues.Serialize(value);

    /// <summary>Compares in the serialized form, so that key order counts.</summary>
    private static void AssertJson(string expectedJson, object? actual) =>
        Assert.Equal(Json(JsonValues.Parse(expectedJson)), Json(actual));

    private static string Transitions(IEnumerable<TaskTransition> transitions) =>
        string.Join(" ", transitions.Select(t => $"{t.Source}>{t.Destination}#{t.Key}"));

    [Fact]
    public void Serialize_ReferenceGraph_IsTheReferencesJson()
    {
        Assert.Equal(ReferenceGraphJson, Json(ReferenceGraph().Serialize()));
    }

    [Fact]
    public void Serialize_TasksAddedByTransitions_IsTheSameGraph()
    {
        Assert.Equal(ReferenceGraphJson, Json(ReferenceGraph(addTasks: false).Serialize()));
    }

    [Fact]
    public void AddTask_Again_ChangesNothing()
    {
        var graph = ReferenceGraph();
        for (var i = 1; i < 10; i++) graph.AddTask("task" + i);

        Assert.Equal(ReferenceGraphJson, Json(graph.Serialize()));
    }

    [Fact]
    public void AddTransition_SameKey_UpdatesTheTransition()
    {
        var graph = ReferenceGraph();

        Assert.Equal(0, graph.AddTransition("task1", "task2", 0, ("attr1", "foobar")));

        Assert.Equal(ReferenceGraphJson, Json(graph.Serialize()));
    }

    [Fact]
    public void AddTransition_Duplicate_AddsTheNextKey()
    {
        var graph = ReferenceGraph();

        Assert.Equal(1, graph.AddTransition("task1", "task2", ("attr1", "fubar")));

        // Serialization sorts each task's transitions by destination, keeping key order.
        var expected = ReferenceGraphJson.Replace(
            """{"attr1":"foobar","id":"task2","key":0},""",
            """{"attr1":"foobar","id":"task2","key":0},{"attr1":"fubar","id":"task2","key":1},""",
            StringComparison.Ordinal);
        Assert.NotEqual(ReferenceGraphJson, expected);
        Assert.Equal(expected, Json(graph.Serialize()));
    }

    [Fact]
    public void AddTransition_Keys_FollowNetworkxNewEdgeKey()
    {
        var graph = new WorkflowGraph();

        // The count of keys, moved past any key in use; an explicit key is used as given.
        Assert.Equal(0, graph.AddTransition("a", "b"));
        Assert.Equal(5, graph.AddTransition("a", "b", 5));
        Assert.Equal(2, graph.AddTransition("a", "b"));
        Assert.Equal(3, graph.AddTransition("a", "b"));
        Assert.Equal(2, graph.AddTransition("a", "b", 2, ("x", 1)));
        graph.AddTransition("a", "b", 0, ("y", 2));

        Assert.Equal(
            """{"directed":true,"multigraph":true,"graph":[],"nodes":[{"id":"a"},{"id":"b"}],"adjacency":[[{"y":2,"id":"b","key":0},{"id":"b","key":5},{"x":1,"id":"b","key":2},{"id":"b","key":3}],[]]}""",
            Json(graph.Serialize()));
        Assert.Equal("a>b#0 a>b#5 a>b#2 a>b#3", Transitions(graph.GetNextTransitions("a")));
    }

    [Fact]
    public void Serialize_ComposedGraph_IsTheReferencesJson()
    {
        AssertJson(ComposedGraphJson, ComposedGraph().Serialize());
    }

    [Fact]
    public void GetNextTransitions_ReferenceGraph_SortedByDestination()
    {
        var next = ReferenceGraph().GetNextTransitions("task1");

        Assert.Equal("task1>task2#0 task1>task4#0 task1>task7#0 task1>task9#0", Transitions(next));
        Assert.Equal(DictValue.Empty.Set("attr1", "foobar"), next[0].Attributes);
        Assert.Empty(next[1].Attributes);
    }

    [Fact]
    public void GetNextTransitions_ComposedGraph_SortedByCodePointThenKey()
    {
        var graph = ComposedGraph();

        // "Task_a" < "task10" < "task9"; "z" < "é" < "\uFFEE" < an astral character, as Python sorts.
        Assert.Equal("init>Task_a#0 init>task10#0 init>task9#0 init>task9#1", Transitions(graph.GetNextTransitions("init")));
        Assert.Equal("join>z#0 join>é#0 join>\uFFEE#0 join>\U0001F600#0", Transitions(graph.GetNextTransitions("join")));

        var failed = graph.GetNextTransitions("init")[3];
        Assert.Equal(ListValue.Of("<% failed() %>"), failed.Criteria);
        Assert.Equal(2L, failed.Ref);
        Assert.Equal("task9__t1", failed.TransitionId);
        Assert.Equal(ListValue.Empty, graph.GetNextTransitions("join")[1].Criteria);
    }

    [Fact]
    public void GetPrevTransitions_OrderOfFirstTransitionFromEachSource()
    {
        Assert.Equal("task10>join#0 task9>join#0 Task_a>join#0", Transitions(ComposedGraph().GetPrevTransitions("join")));
        Assert.Equal("task3>task5#0 task4>task5#0", Transitions(ReferenceGraph().GetPrevTransitions("task5")));

        var graph = new WorkflowGraph();
        graph.AddTask("b");
        graph.AddTask("a");
        graph.AddTransition("b", "j");
        graph.AddTransition("a", "j");
        graph.AddTransition("b", "j");
        Assert.Equal("b>j#0 b>j#1 a>j#0", Transitions(graph.GetPrevTransitions("j")));
        Assert.Equal("b>j#0 b>j#1 a>j#0", Transitions(WorkflowGraph.Deserialize(graph.Serialize()).GetPrevTransitions("j")));
    }

    [Fact]
    public void GetPrevTransitions_AfterRoundTrip_FollowTaskOrderAsTheReference()
    {
        // Deserialization replays transitions task by task, so the reference's previous
        // transitions come back in the order of the source tasks, not of their addition.
        var graph = new WorkflowGraph();
        graph.AddTask("a");
        graph.AddTask("b");
        graph.AddTask("j");
        graph.AddTransition("b", "j");
        graph.AddTransition("a", "j");

        Assert.Equal("b>j#0 a>j#0", Transitions(graph.GetPrevTransitions("j")));
        Assert.Equal("a>j#0 b>j#0", Transitions(WorkflowGraph.Deserialize(graph.Serialize()).GetPrevTransitions("j")));
    }

    [Fact]
    public void GetNextAndPrevTransitions_UnknownTask_AreEmpty()
    {
        var graph = ReferenceGraph();

        Assert.Empty(graph.GetNextTransitions("task999"));
        Assert.Empty(graph.GetPrevTransitions("task999"));
        Assert.Empty(graph.GetNextTransitions("task6"));
        Assert.Empty(graph.GetPrevTransitions("task1"));
    }

    [Fact]
    public void GetNextTransitions_AfterChange_SeesTheChange()
    {
        var graph = ReferenceGraph();
        Assert.Equal(4, graph.GetNextTransitions("task1").Count);

        graph.AddTransition("task1", "task0");
        graph.UpdateTransition("task1", "task2", 0, ("attr1", "changed"));

        Assert.Equal("task1>task0#0 task1>task2#0 task1>task4#0 task1>task7#0 task1>task9#0", Transitions(graph.GetNextTransitions("task1")));
        Assert.Equal("changed", graph.GetNextTransitions("task1")[1].Attributes["attr1"]);
        Assert.Equal("changed", graph.GetPrevTransitions("task2")[0].Attributes["attr1"]);
    }

    [Fact]
    public void Roots_ReferenceGraph_IsTask1()
    {
        Assert.Equal([new GraphTaskNode("task1", "task1")], ReferenceGraph().Roots);
    }

    [Fact]
    public void Leaves_ReferenceGraph_AreTask6AndTask9()
    {
        var graph = ReferenceGraph();

        Assert.Equal([new GraphTaskNode("task6", "task6"), new GraphTaskNode("task9", "task9")], graph.Leaves);
        Assert.Equal([new GraphTaskNode("task1", "task1")], graph.Roots);
    }

    [Fact]
    public void RootsAndLeaves_SortedByIdWithNames()
    {
        var graph = ComposedGraph();

        Assert.Equal([new GraphTaskNode("init", "init")], graph.Roots);
        Assert.Equal(
            [new GraphTaskNode("z", "Zed"), new GraphTaskNode("é", "é"), new GraphTaskNode("\uFFEE", "\uFFEE"), new GraphTaskNode("\U0001F600", "\U0001F600")],
            graph.Leaves);

        var isolated = new WorkflowGraph();
        isolated.AddTask("d");
        isolated.AddTask("b");
        isolated.AddTask("c");
        Assert.Equal(["b", "c", "d"], isolated.Roots.Select(r => r.Id));
        Assert.Equal(["b", "c", "d"], isolated.Leaves.Select(r => r.Id));
    }

    [Fact]
    public void Roots_EveryTaskInACycle_IsEmpty()
    {
        var graph = new WorkflowGraph();
        graph.AddTransition("a", "b");
        graph.AddTransition("b", "a");

        Assert.Empty(graph.Roots);
        Assert.Empty(graph.Leaves);
    }

    [Fact]
    public void HasTasks_EmptyAndNot()
    {
        var graph = new WorkflowGraph();
        Assert.False(graph.HasTasks());
        Assert.Equal(0, graph.TaskCount);

        graph.AddTask("a");

        Assert.True(graph.HasTasks());
        Assert.True(graph.HasTask("a"));
        Assert.False(graph.HasTask("b"));
        Assert.Equal(["a"], graph.TaskIds);
    }

    [Fact]
    public void GetTask_IdFirstThenAttributes()
    {
        var graph = ReferenceGraph();
        Assert.Equal("""{"id":"task1"}""", Json(graph.GetTask("task1")));

        graph.UpdateTask("task1", ("attr1", "foobar"), ("attr2", "fubar"));
        Assert.Equal("""{"id":"task1","attr1":"foobar","attr2":"fubar"}""", Json(graph.GetTask("task1")));

        graph.UpdateTask("task1", ("attr2", "foobar"));
        Assert.Equal("""{"id":"task1","attr1":"foobar","attr2":"foobar"}""", Json(graph.GetTask("task1")));
        Assert.Equal("""{"attr1":"foobar","attr2":"foobar"}""", Json(graph.GetTaskAttributeMap("task1")));
    }

    [Fact]
    public void GetTask_IdAttribute_OverridesTheIdButNotInSerialization()
    {
        var graph = new WorkflowGraph();
        graph.AddTask("a", ("id", "zzz"), ("x", 1));

        Assert.Equal("""{"id":"zzz","x":1}""", Json(graph.GetTask("a")));
        Assert.Equal("""{"directed":true,"multigraph":true,"graph":[],"nodes":[{"id":"a","x":1}],"adjacency":[[]]}""", Json(graph.Serialize()));
    }

    [Fact]
    public void UpdateTask_FromDictionary_SetsEachAttribute()
    {
        var graph = ReferenceGraph();

        graph.UpdateTask("task2", new Dictionary<string, object?> { ["a"] = 1, ["b"] = ListValue.Of("x") });

        Assert.Equal("""{"id":"task2","a":1,"b":["x"]}""", Json(graph.GetTask("task2")));
    }

    [Fact]
    public void GetAndUpdateTask_UnknownTask_RaiseInvalidTask()
    {
        var graph = ReferenceGraph();

        Assert.Equal("Task \"task999\" does not exist.", Assert.Throws<InvalidTask>(() => graph.GetTask("task999")).Message);
        Assert.Throws<InvalidTask>(() => graph.UpdateTask("task999", ("attr1", "foobar")));
        Assert.Throws<InvalidTask>(() => graph.GetBarrier("task999"));
        Assert.Throws<InvalidTask>(() => graph.HasBarrier("task999"));
        Assert.Throws<InvalidTask>(() => graph.SetBarrier("task999"));
        Assert.Throws<InvalidTask>(() => graph.TaskHasRetry("task999"));
        Assert.Equal("InvalidTask", Assert.Throws<InvalidTask>(() => graph.GetTaskRetrySpec("task999")).ErrorType);
    }

    [Fact]
    public void GetTaskAttributes_EveryTaskInOrder_NullWhereAbsent()
    {
        var graph = ReferenceGraph();
        graph.UpdateTask("task1", ("attr1", "foobar"));
        graph.UpdateTask("task2", ("attr1", "foobar"));
        graph.UpdateTask("task4", ("attr1", "foobar"));

        Assert.Equal(
            """{"task1":"foobar","task2":"foobar","task3":null,"task4":"foobar","task5":null,"task6":null,"task7":null,"task8":null,"task9":null}""",
            Json(graph.GetTaskAttributes("attr1")));
        AssertJson(
            """{"init":null,"task9":["init"],"task10":null,"Task_a":null,"join":null,"é":null,"z":null,"😀":null,"￮":null}""",
            ComposedGraph().GetTaskAttributes("splits"));
    }

    [Fact]
    public void GetTransitionAttributes_InEdgeOrder()
    {
        var refs = ComposedGraph().GetTransitionAttributes("ref");
        var criteria = ComposedGraph().GetTransitionAttributes("criteria");

        Assert.Equal(
            "init>task9#0=0 init>task9#1=2 init>task10#0=0 init>Task_a#0=1 task9>join#0=0 task10>join#0=0 Task_a>join#0=0 join>é#0=0 join>z#0=0 join>😀#0=0 join>￮#0=0",
            string.Join(" ", refs.Select(kv => $"{kv.Key.Source}>{kv.Key.Destination}#{kv.Key.Key}={Json(kv.Value)}")));
        Assert.Null(criteria.Single(kv => kv.Key.Destination == "é").Value);
        Assert.Empty(ReferenceGraph().GetTransitionAttributes("criteria"));
        Assert.Single(ReferenceGraph().GetTransitionAttributes("attr1"));
    }

    [Fact]
    public void FindTransitions_FiltersWithPythonEquality()
    {
        var graph = ComposedGraph();

        Assert.Equal("init>task9#1", Transitions(graph.FindTransitions("init", "task9", ("criteria", ListValue.Of("<% failed() %>")), ("ref", 2L))));
        Assert.Equal("init>task9#0 init>task9#1", Transitions(graph.FindTransitions("init", "task9")));
        Assert.Equal("init>task9#0", Transitions(graph.FindTransitions("init", "task9", ("ref", 0.0))));
        Assert.Equal("init>task9#0", Transitions(graph.FindTransitions("init", "task9", ("ref", 0))));
        Assert.Empty(graph.FindTransitions("init", "task9", ("ref", 7L)));
        Assert.Empty(graph.FindTransitions("init", "nothere"));
        Assert.Empty(graph.FindTransitions("nothere", "task9"));
        Assert.True(graph.HasTransition("join", "é", ("criteria", null)));
        Assert.True(graph.HasTransition("join", "é", ("absent", null)));
        Assert.False(graph.HasTransition("join", "z", ("criteria", null)));
    }

    [Fact]
    public void HasTransition_ReferenceGraph()
    {
        var graph = ReferenceGraph();

        Assert.Equal([new TaskTransition("task1", "task2", 0, DictValue.Empty.Set("attr1", "foobar"))], graph.FindTransitions("task1", "task2", ("attr1", "foobar")));
        Assert.Equal([new TaskTransition("task2", "task3", 0, DictValue.Empty)], graph.FindTransitions("task2", "task3"));
    }

    [Fact]
    public void GetTransition_OneMatch_ReturnsIt()
    {
        var graph = ReferenceGraph();

        Assert.Equal(new TaskTransition("task1", "task2", 0, DictValue.Empty.Set("attr1", "foobar")), graph.GetTransition("task1", "task2", ("attr1", "foobar")));
        Assert.Equal(new TaskTransition("task2", "task3", 0, DictValue.Empty), graph.GetTransition("task2", "task3"));
        Assert.Equal(1, ComposedGraph().GetTransition("init", "task9", 1).Key);
    }

    [Fact]
    public void GetTransition_NoMatch_RaisesInvalidTaskTransition()
    {
        var graph = ReferenceGraph();

        var e = Assert.Throws<InvalidTaskTransition>(() => graph.GetTransition("task1", "task2", ("attr1", "fubar")));
        Assert.Equal("Task transition from \"task1\" to \"task2\" does not exist.", e.Message);
        Assert.Throws<InvalidTaskTransition>(() => graph.GetTransition("task998", "task999"));
        Assert.Throws<InvalidTaskTransition>(() => graph.GetTransition("task1", "task2", 1));
        Assert.Throws<InvalidTaskTransition>(() => graph.UpdateTransition("task1", "task2", 1, ("a", 1)));
    }

    [Fact]
    public void GetTransition_TwoMatches_RaisesAmbiguousTaskTransition()
    {
        var graph = new WorkflowGraph();
        graph.AddTransition("task1", "task2");
        graph.AddTransition("task1", "task2");

        var e = Assert.Throws<AmbiguousTaskTransition>(() => graph.GetTransition("task1", "task2"));

        Assert.Equal("More than one task transitions found from \"task1\" to \"task2\".", e.Message);
        Assert.Equal("AmbiguousTaskTransition", e.ErrorType);
    }

    [Fact]
    public void Barriers_ReferenceGraph()
    {
        var graph = ReferenceGraph();

        Assert.True(graph.HasBarrier("task5"));
        Assert.False(graph.HasBarrier("task9"));
        Assert.Equal("*", graph.GetBarrier("task5"));
        Assert.Null(graph.GetBarrier("task9"));
        var barriers = graph.GetBarriers();
        Assert.Equal(["task5"], barriers.Keys);
        Assert.Equal(DictValue.Empty.Set("barrier", "*"), barriers["task5"]);
    }

    [Fact]
    public void Barriers_TruthinessAndEmptyString_AsTheReference()
    {
        var graph = new WorkflowGraph();
        graph.AddTask("a", ("barrier", ""));
        graph.AddTask("b", ("barrier", 0L));
        graph.AddTask("c", ("barrier", null));
        graph.AddTask("d", ("barrier", 1L));

        // has_barrier: set and not ""; get_barriers: truthy.
        Assert.Equal([false, true, false, true], new[] { "a", "b", "c", "d" }.Select(graph.HasBarrier));
        Assert.Equal(["d"], graph.GetBarriers().Keys);
    }

    [Fact]
    public void Barriers_AfterSetBarrier_SeeTheChange()
    {
        var graph = ReferenceGraph();
        Assert.Single(graph.GetBarriers());

        graph.SetBarrier("task9");

        Assert.Equal(["task5", "task9"], graph.GetBarriers().Keys);
        Assert.Equal("*", graph.GetBarrier("task9"));
    }

    [Fact]
    public void SplitFromReusedTask_ReferenceGraph()
    {
        var graph = ReferenceGraph();

        Assert.False(graph.GetPrevTransitions("task5").Count > 1 && !graph.HasBarrier("task5"));
        Assert.True(graph.GetPrevTransitions("task9").Count > 1 && !graph.HasBarrier("task9"));
    }

    [Fact]
    public void InCycle_CyclesAndSelfLoops()
    {
        var graph = new WorkflowGraph();
        graph.AddTransition("a", "b");
        graph.AddTransition("b", "c");
        graph.AddTransition("c", "b");
        graph.AddTransition("c", "d");
        graph.AddTransition("d", "d");
        graph.AddTransition("d", "e");

        Assert.Equal([false, true, true, true, false, false], "abcdez".Select(c => graph.InCycle(c.ToString())));
        Assert.False(ReferenceGraph().InCycle("task5"));
    }

    [Fact]
    public void InCycle_AfterClosingACycle_SeesIt()
    {
        var graph = new WorkflowGraph();
        graph.AddTransition("task1", "task2");
        graph.AddTransition("task2", "task3");
        Assert.False(graph.InCycle("task1"));

        graph.AddTransition("task3", "task1");

        Assert.True(graph.InCycle("task1"));
    }

    [Fact]
    public void InCycle_TaskFlowFixture_AsTheReference()
    {
        // The graph of the reference's test_task_flow: task1 leads to task5 and into the cycle
        // task2 > task3 > task4 > task2.
        var graph = new WorkflowGraph();
        for (var i = 1; i < 6; i++) graph.AddTask("task" + i, ("name", "task" + i));
        graph.AddTransition("task1", "task2");
        graph.AddTransition("task1", "task5");
        graph.AddTransition("task2", "task3");
        graph.AddTransition("task3", "task4");
        graph.AddTransition("task4", "task2");

        Assert.False(graph.InCycle("task1"));
        Assert.True(graph.InCycle("task2"));
        Assert.True(graph.InCycle("task3"));
        Assert.True(graph.InCycle("task4"));
        Assert.False(graph.InCycle("task5"));
        Assert.False(graph.InCycle("task6"));
        Assert.Equal([new GraphTaskNode("task1", "task1")], graph.Roots);
        Assert.Equal([new GraphTaskNode("task5", "task5")], graph.Leaves);
    }

    [Fact]
    public void Retry_DictWithCount()
    {
        var graph = ComposedGraph();
        graph.UpdateTask("z", ("retry", DictValue.Empty.Set("when", "x")));
        graph.UpdateTask("é", ("retry", "count"));

        Assert.True(graph.TaskHasRetry("task9"));
        Assert.False(graph.TaskHasRetry("join"));
        Assert.False(graph.TaskHasRetry("z"));
        Assert.False(graph.TaskHasRetry("é"));
        Assert.Equal(3L, ((DictValue)graph.GetTaskRetrySpec("task9")!)["count"]);
    }

    [Fact]
    public void Deserialize_Serialized_RoundTrips()
    {
        var composed = WorkflowGraph.Deserialize(JsonValues.Parse(ComposedGraphJson));
        var reference = WorkflowGraph.Deserialize(ReferenceGraph().Serialize());

        AssertJson(ComposedGraphJson, composed.Serialize());
        Assert.Equal(ReferenceGraphJson, Json(reference.Serialize()));
        Assert.Equal(Transitions(ComposedGraph().GetNextTransitions("init")), Transitions(composed.GetNextTransitions("init")));
        Assert.Equal(ComposedGraph().GetNextTransitions("init"), composed.GetNextTransitions("init"));
        Assert.True(composed.HasBarrier("join"));
        Assert.True(composed.TaskHasRetry("task9"));
        Assert.Equal([new GraphTaskNode("init", "init")], composed.Roots);
    }

    [Fact]
    public void Deserialize_RepeatedKeyAndUnknownTarget_AsTheReference()
    {
        var data = JsonValues.Parse(
            """{"directed":true,"multigraph":true,"graph":[["name","wf"]],"nodes":[{"id":"x","barrier":"*"},{"id":"y"}],"adjacency":[[{"id":"y","key":0},{"id":"y","key":0,"a":1},{"id":"w","key":3,"criteria":[]}],[{"id":"x","key":0}]]}""");

        var graph = WorkflowGraph.Deserialize(data);

        Assert.Equal(
            """{"directed":true,"multigraph":true,"graph":[["name","wf"]],"nodes":[{"barrier":"*","id":"x"},{"id":"y"},{"id":"w"}],"adjacency":[[{"criteria":[],"id":"w","key":3},{"a":1,"id":"y","key":0}],[{"id":"x","key":0}],[]]}""",
            Json(graph.Serialize()));
        Assert.Equal("x>w#3 x>y#0", Transitions(graph.GetNextTransitions("x")));
        Assert.Equal("wf", graph.GraphAttributes["name"]);
        Assert.True(graph.InCycle("x"));
        Assert.False(graph.InCycle("w"));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"nodes":[],"adjacency":{}}""")]
    [InlineData("""{"adjacency":[]}""")]
    [InlineData("""{"nodes":[{"name":"a"}],"adjacency":[[]]}""")]
    [InlineData("""{"nodes":[{"id":1}],"adjacency":[[]]}""")]
    [InlineData("""{"nodes":[{"id":"a"}],"adjacency":[[],[]]}""")]
    [InlineData("""{"nodes":[{"id":"a"}],"adjacency":[[{"id":"a"}]]}""")]
    [InlineData("""{"nodes":[{"id":"a"}],"adjacency":[[{"id":"a","key":"0"}]]}""")]
    [InlineData("""{"nodes":[{"id":"a"}],"adjacency":[[{"id":"a","key":-1}]]}""")]
    [InlineData("""{"nodes":[{"id":"a"}],"adjacency":[[{"key":0}]]}""")]
    [InlineData("""{"nodes":[{"id":"a"}],"adjacency":[["a"]]}""")]
    [InlineData("""{"graph":[["a"]],"nodes":[],"adjacency":[]}""")]
    [InlineData("""{"graph":"x","nodes":[],"adjacency":[]}""")]
    public void Deserialize_Malformed_RaisesArgumentException(string json)
    {
        var e = Assert.Throws<ArgumentException>(() => WorkflowGraph.Deserialize(JsonValues.Parse(json)));

        Assert.StartsWith("Unable to deserialize the workflow graph: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_GraphAsDictOrAbsent_IsAccepted()
    {
        Assert.Equal("wf", WorkflowGraph.Deserialize(JsonValues.Parse("""{"graph":{"name":"wf"},"nodes":[],"adjacency":[]}""")).GraphAttributes["name"]);
        Assert.Empty(WorkflowGraph.Deserialize(JsonValues.Parse("""{"nodes":[],"adjacency":[]}""")).GraphAttributes);
    }

    [Fact]
    public void LargeGraph_TwentyThousandTasks_NoDeepRecursion()
    {
        // A chain of 20,000 tasks, each also fanning out to a shared join, and a cycle back to the
        // start: building, querying and round-tripping must not recurse per task (a recursive walk
        // would overflow the stack here). Speed is the benchmarks' business, not this test's.
        const int n = 20_000;
        var graph = new WorkflowGraph();
        for (var i = 0; i < n; i++)
        {
            var task = "t" + i;
            var next = "t" + (i + 1);
            if (!graph.HasTransition(task, next, ("criteria", ListValue.Empty), ("ref", 0L))) graph.AddTransition(task, next, ("criteria", ListValue.Empty), ("ref", 0L));
            graph.AddTransition(task, "join", ("criteria", ListValue.Empty), ("ref", 1L));
        }

        graph.SetBarrier("join");
        graph.AddTransition("t" + n, "t0");

        Assert.True(graph.InCycle("t0"));
        Assert.True(graph.InCycle("t" + (n / 2)));
        Assert.False(graph.InCycle("join"));
        Assert.Equal(n, graph.GetPrevTransitions("join").Count);
        for (var i = 0; i < n; i++) Assert.Equal(2, graph.GetNextTransitions("t" + i).Count);
        Assert.Empty(graph.Roots);
        Assert.Single(graph.GetBarriers());

        var copy = WorkflowGraph.Deserialize(graph.Serialize());
        Assert.Equal(n + 2, copy.TaskCount);
        Assert.True(copy.InCycle("t1"));
    }

    [Fact]
    public void GetTransitionsTo_EveryPairOfTasks_EqualsFindTransitionsWithoutFilter()
    {
        var graph = ComposedGraph();
        var ids = graph.TaskIds.Append("missing").ToList();

        foreach (var source in ids)
        {
            foreach (var destination in ids)
            {
                Assert.Equal(graph.FindTransitions(source, destination), graph.GetTransitionsTo(source, destination).ToArray());
            }
        }

        Assert.Equal(2, graph.GetTransitionsTo("init", "task9").Length);
    }
}
