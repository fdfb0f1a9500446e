using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Specs;

public class WorkflowSpecTests
{
    private const string Sequential = """
        version: 1.0
        description: A basic sequential workflow.
        input:
          - name
          - greeting: Hello
        vars:
          - count: 0
          - label: <% ctx(name) %>
        tasks:
          task1:
            action: core.echo message="<% ctx(name) %>" count=3
            next:
              - when: <% succeeded() %>
                publish:
                  - greeting: <% result() %>
                  - count: <% ctx(count) + 1 %>
                do: task2
          task2:
            action: core.echo
            input:
              message: All your base are belong to us!
            next:
              - when: <% succeeded() %>
                publish: greeting="<% ctx(greeting) %>" flag=true
                do:
                  - task3
          task3:
            action: core.echo
            input:
              message: <% ctx(greeting) %>
            next:
              - publish:
                  - final: <% result() %>
        output:
          - greeting: <% ctx(greeting) %>
        """;

    [Fact]
    public void Load_Sequential_ReadsEveryPart()
    {
        var spec = WorkflowSpec.Load(Sequential);

        Assert.Equal(1.0, spec.Version);
        Assert.False(spec.Definition.ContainsKey("version"));
        Assert.Equal("A basic sequential workflow.", spec.Description);
        Assert.Equal([new WorkflowInput("name", false, null), new WorkflowInput("greeting", true, "Hello")], spec.Input);
        Assert.Equal([new NamedValue("count", 0L), new NamedValue("label", "<% ctx(name) %>")], spec.Vars);
        Assert.Equal([new NamedValue("greeting", "<% ctx(greeting) %>")], spec.Output);
        Assert.Equal(["task1", "task2", "task3"], spec.Tasks.Names);
    }

    [Fact]
    public void Load_ActionWithInlineParameters_SplitsNameAndInput()
    {
        var task1 = WorkflowSpec.Load(Sequential).Tasks["task1"];

        Assert.Equal("core.echo", task1.Action);
        Assert.Equal("""{"message":"<% ctx(name) %>","count":3}""", JsonValues.Serialize(task1.Input));
    }

    [Fact]
    public void Load_InputMapping_IsKept()
    {
        var task2 = WorkflowSpec.Load(Sequential).Tasks["task2"];

        Assert.Equal("core.echo", task2.Action);
        Assert.Equal("""{"message":"All your base are belong to us!"}""", JsonValues.Serialize(task2.Input));
    }

    [Fact]
    public void Load_Transitions_ReadWhenPublishAndDo()
    {
        var tasks = WorkflowSpec.Load(Sequential).Tasks;

        var first = Assert.Single(tasks["task1"].Next);
        Assert.Equal(0, first.Index);
        Assert.Equal("<% succeeded() %>", first.When);
        Assert.Equal([new NamedValue("greeting", "<% result() %>"), new NamedValue("count", "<% ctx(count) + 1 %>")], first.Publish);
        Assert.Equal(["task2"], first.Do);

        var second = Assert.Single(tasks["task2"].Next);
        Assert.Equal([new NamedValue("greeting", "<% ctx(greeting) %>"), new NamedValue("flag", true)], second.Publish);
        Assert.Equal(["task3"], second.Do);

        var third = Assert.Single(tasks["task3"].Next);
        Assert.Null(third.When);
        Assert.Equal(["continue"], third.Do);
    }

    [Fact]
    public void Load_DoString_IsSplitOnCommas()
    {
        var spec = WorkflowSpec.Load("""
            version: 1.0
            tasks:
              a:
                next:
                  - do: b,  c ,fail
              b: {}
              c: {}
            """);

        Assert.Equal(["b", "c", "fail"], spec.Tasks["a"].Next[0].Do);
        Assert.Null(spec.Tasks["b"].Action);
        Assert.Empty(spec.Tasks["b"].Next);
    }

    [Fact]
    public void Load_JoinRetryDelayAndItems_AreTyped()
    {
        var spec = WorkflowSpec.Load("""
            version: "1.0"
            input: [xs, ys]
            tasks:
              split:
                action: core.noop
                next: [{do: [a, b]}]
              a:
                with: x, y in <% zip(ctx(xs), ctx(ys)) %>
                action: core.echo message="<% item(x) %>"
                next: [{do: join}]
              b:
                delay: 5
                with:
                  items: <% ctx(xs) %>
                  concurrency: 2
                action: core.noop
                retry:
                  when: <% failed() %>
                  count: 3
                  delay: <% ctx(d) %>
                next: [{do: join}]
              join:
                join: all
                action: core.noop
              count:
                join: 2
            """);

        var a = spec.Tasks["a"];
        Assert.True(a.HasItems);
        Assert.Equal("""{"items":"x, y in <% zip(ctx(xs), ctx(ys)) %>"}""", JsonValues.Serialize(a.With!.Definition));
        Assert.Equal(["x", "y"], a.With.ItemNames);
        Assert.Equal("<% zip(ctx(xs), ctx(ys)) %>", a.With.ItemsExpression);
        Assert.Null(a.With.Concurrency);

        var b = spec.Tasks["b"];
        Assert.Equal(5L, b.Delay);
        Assert.Empty(b.With!.ItemNames);
        Assert.Equal("<% ctx(xs) %>", b.With.ItemsExpression);
        Assert.Equal(2L, b.With.Concurrency);
        Assert.True(b.HasRetry);
        Assert.Equal("<% failed() %>", b.Retry!.When);
        Assert.Equal(3L, b.Retry.Count);
        Assert.Equal("<% ctx(d) %>", b.Retry.Delay);

        Assert.True(spec.Tasks["join"].IsJoin);
        Assert.True(spec.Tasks["join"].JoinsAll);
        Assert.Null(spec.Tasks["join"].JoinCount);
        Assert.Equal(2L, spec.Tasks["count"].JoinCount);
        Assert.False(spec.Tasks["a"].IsJoin);
    }

    [Fact]
    public void Load_VersionAsString_IsAccepted()
    {
        Assert.Equal("1.0", WorkflowSpec.Load("version: '1.0'\ntasks: {t: {action: core.noop}}\n").Version);
    }

    [Theory]
    [InlineData("", "Workflow definition is empty.")]
    [InlineData("foobar", "Unable to convert workflow definition into dict.")]
    [InlineData("- a\n- b\n", "Unable to convert workflow definition into dict.")]
    [InlineData("# nothing\n", "Unable to convert workflow definition into dict.")]
    [InlineData("{}", "Workflow definition is empty.")]
    [InlineData("tasks: {t: {action: core.noop}}\n", "Version of the workflow definition is not provided.")]
    [InlineData("version: 2.0\ntasks: {t: {action: core.noop}}\n", "Workflow definition is not the supported version \"1.0\".")]
    [InlineData("version: 1\ntasks: {t: {action: core.noop}}\n", "Workflow definition is not the supported version \"1.0\".")]
    [InlineData("version: 1.0\n", "Workflow definition contains no workflow.")]
    public void Load_BadDefinition_IsRefusedWithTheReferenceMessage(string text, string message)
    {
        var error = Assert.Throws<WorkflowDefinitionError>(() => WorkflowSpec.Load(text));
        Assert.Equal(message, error.Message);
        Assert.Equal("ValueError", error.ErrorType);
    }

    [Fact]
    public void Load_Bytes_ReadsUtf8()
    {
        var spec = WorkflowSpec.Load("version: 1.0\ntasks:\n  tâche: {action: core.noop}\n"u8);
        Assert.Equal(["tâche"], spec.Tasks.Names);
    }

    [Fact]
    public void Instantiate_Dict_TakesVersionOut()
    {
        var definition = (DictValue)JsonValues.Parse("""{"version": 1.0, "tasks": {"t": {"action": "core.noop"}}}""")!;
        var spec = WorkflowSpec.Instantiate(definition);
        Assert.False(spec.Definition.ContainsKey("version"));
        Assert.Equal(1.0, spec.Version);
    }

    [Fact]
    public void FromJson_KeepsVersionInTheDefinition()
    {
        var spec = WorkflowSpec.FromJson("""{"version": 1.0, "tasks": {"t": {"action": "core.noop"}}}""");
        Assert.True(spec.Definition.ContainsKey("version"));
        Assert.False(spec.Inspect().HasErrors);
    }

    [Theory]
    [InlineData("[1, 2]", "Unable to convert workflow definition into dict.")]
    [InlineData("{\"a\": ", "Failed to load workflow definition because")]
    public void FromJson_NotAnObject_IsRefused(string json, string message)
    {
        Assert.StartsWith(message, Assert.Throws<WorkflowDefinitionError>(() => WorkflowSpec.FromJson(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefinition_TooDeep_IsRefused()
    {
        object? value = "leaf";
        for (var i = 0; i < 300; i++) value = ListValue.Of(value);
        var definition = DictValue.Empty.Set("tasks", DictValue.Empty.Set("t", DictValue.Empty.Set("input", DictValue.Empty.Set("x", value))));
        Assert.Contains("nested more than 256 levels", Assert.Throws<WorkflowDefinitionError>(() => WorkflowSpec.FromDefinition(definition)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefinition_ShortWith_IsExpandedInTheDefinition()
    {
        var spec = WorkflowSpec.FromJson("""{"tasks": {"t": {"with": "<% ctx(xs) %>", "action": "core.noop"}}}""");
        Assert.Equal("""{"tasks":{"t":{"with":{"items":"<% ctx(xs) %>"},"action":"core.noop"}}}""", JsonValues.Serialize(spec.Definition));
    }

    [Fact]
    public void Tasks_EngineCommands_AreTasksForTheGraph()
    {
        var tasks = WorkflowSpec.FromJson("""{"tasks": {"t": {"next": [{"do": "fail"}]}}}""").Tasks;

        Assert.True(tasks.HasTask("fail"));
        Assert.False(tasks.Contains("fail"));
        Assert.True(tasks.GetTask("noop")!.IsEngineCommand);
        Assert.Null(tasks.GetTask("nope"));
        Assert.Equal(["continue", "fail", "noop", "retry"], TaskMappingSpec.EngineCommands);
        Assert.Throws<KeyNotFoundException>(() => tasks["fail"]);
    }

    private const string Split = """
        version: 1.0
        tasks:
          task1:
            next: [{do: [task2, task3]}]
          task2:
            next: [{do: task4}]
          task3:
            next: [{do: task4}]
          task4:
            next: [{do: [task5, task6]}]
          task5:
            next: [{do: task7}]
          task6:
            next: [{do: task7}]
          task7:
            join: all
        """;

    [Fact]
    public void Tasks_Split_AnswersGraphQueries()
    {
        var tasks = WorkflowSpec.Load(Split).Tasks;

        Assert.Equal(["task1"], tasks.GetStartTasks());
        Assert.Equal([new TaskTransitionRef("task2", null, 0), new TaskTransitionRef("task3", null, 0)], tasks.GetNextTasks("task1"));
        Assert.Equal([new TaskTransitionRef("task2", null, 0), new TaskTransitionRef("task3", null, 0)], tasks.GetPrevTasks("task4"));
        Assert.True(tasks.IsSplitTask("task4"));
        Assert.False(tasks.IsSplitTask("task7"));
        Assert.True(tasks.IsJoinTask("task7"));
        Assert.False(tasks.IsJoinTask("task4"));
        Assert.False(tasks.InCycle("task4"));
        Assert.False(tasks.HasCycles());
    }

    [Fact]
    public void Tasks_Cycle_IsFound()
    {
        var tasks = WorkflowSpec.Load("""
            version: 1.0
            tasks:
              prep:
                next: [{do: task1}]
              task1:
                next: [{do: task2}]
              task2:
                next: [{when: <% ctx(n) < 3 %>, do: task3}, {do: done}]
              task3:
                next: [{do: task1}]
              done: {}
              self:
                next: [{do: self}]
            """).Tasks;

        Assert.False(tasks.InCycle("prep"));
        Assert.True(tasks.InCycle("task1"));
        Assert.True(tasks.InCycle("task2"));
        Assert.True(tasks.InCycle("task3"));
        Assert.False(tasks.InCycle("done"));
        Assert.True(tasks.InCycle("self"));
        Assert.True(tasks.HasCycles());
        Assert.Equal(["prep"], tasks.GetStartTasks());
        Assert.Equal([new TaskTransitionRef("done", null, 1), new TaskTransitionRef("task3", "<% ctx(n) < 3 %>", 0)], tasks.GetNextTasks("task2"));
    }

    [Fact]
    public void Tasks_NextTasksOfReservedName_AreNone()
    {
        var tasks = WorkflowSpec.FromJson("""{"tasks": {"noop": {"next": [{"do": "t"}]}, "t": {}}}""").Tasks;

        Assert.Empty(tasks.GetNextTasks("noop"));
        Assert.Equal(["noop", "t"], tasks.GetStartTasks());
        Assert.Single(tasks["noop"].Next);
    }

    [Fact]
    public void Serialize_RoundTrip_KeepsTheDefinition()
    {
        var spec = WorkflowSpec.Load("version: 1.0\nname: wf\ntasks: {t: {with: <% ctx(xs) %>, action: core.noop}}\ninput: [xs]\n");
        var data = spec.Serialize();

        Assert.Equal("native", data["catalog"]);
        Assert.Equal("1.0", data["version"]);
        Assert.Equal("wf", data["name"]);
        var copy = WorkflowSpec.Deserialize((DictValue)JsonValues.Parse(JsonValues.Serialize(data))!);
        Assert.Equal(spec.Definition, copy.Definition);
        Assert.Equal(spec.Serialize(), copy.Serialize());
        Assert.Equal("<% ctx(xs) %>", copy.Tasks["t"].With!.ItemsExpression);
    }

    [Theory]
    [InlineData("""{"catalog": "mock", "version": "1.0", "spec": {"tasks": {}}}""", "Serialized spec catalog does not match \"native\".")]
    [InlineData("""{"catalog": "native", "version": "2.0", "spec": {"tasks": {}}}""", "Serialized spec version does not match \"1.0\".")]
    [InlineData("""{"catalog": "native", "version": "1.0"}""", "The spec cannot be type of None.")]
    public void Deserialize_Mismatch_IsRefused(string json, string message)
    {
        var data = (DictValue)JsonValues.Parse(json)!;
        Assert.Equal(message, Assert.Throws<WorkflowDefinitionError>(() => WorkflowSpec.Deserialize(data)).Message);
    }
}
