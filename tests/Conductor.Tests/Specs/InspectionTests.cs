using Orquesta.Azure.Conductor.Inspection;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Specs;

public class InspectionTests
{
    private const string TaskSchema = @"properties.tasks.patternProperties.^\w+$";

    private static InspectionResult Inspect(string yaml) => WorkflowSpec.FromDefinition((DictValue)YamlValues.Parse(yaml)!).Inspect();

    private static InspectionError Only(IReadOnlyList<InspectionError> errors) => Assert.Single(errors);

    [Fact]
    public void Inspect_CleanWorkflow_IsEmpty()
    {
        var result = Inspect("""
            input: [x]
            tasks:
              t1:
                action: core.echo message=<% ctx(x) %>
                next: [{publish: y=<% result() %>, do: t2}]
              t2:
                action: core.echo
                input: {message: <% ctx(y) %>}
            output: [{y: <% ctx(y) %>}]
            """);

        Assert.False(result.HasErrors);
        Assert.Empty(result.Errors);
        Assert.Equal("{}", result.ToJson());
    }

    // Syntax.

    [Fact]
    public void Inspect_MissingTasks_IsRequiredPropertyAtTheRoot()
    {
        var error = Only(Inspect("description: no tasks\n").Syntax);
        Assert.Equal(new InspectionError("'tasks' is a required property", null, "required"), error);
    }

    [Fact]
    public void Inspect_UnknownRootProperties_AreAdditionalProperties()
    {
        var error = Only(Inspect("tasks: {t: {action: a}}\nfoo: 1\nbar: 2\n").Syntax);
        Assert.Equal(new InspectionError("Additional properties are not allowed ('bar', 'foo' were unexpected)", null, "additionalProperties"), error);
    }

    [Fact]
    public void Inspect_UnknownTaskProperty_IsAdditionalProperty()
    {
        var error = Only(Inspect("tasks: {t: {action: a, bogus: 1}}\n").Syntax);
        Assert.Equal(new InspectionError("Additional properties are not allowed ('bogus' was unexpected)", "tasks.t", TaskSchema + ".additionalProperties"), error);
    }

    [Fact]
    public void Inspect_EmptyTasks_HasNotEnoughProperties()
    {
        var error = Only(Inspect("tasks: {}\n").Syntax);
        Assert.Equal(new InspectionError("{} does not have enough properties", "tasks", "properties.tasks.minProperties"), error);
    }

    [Fact]
    public void Inspect_WrongTypes_AreReportedWithJsonSchemaWording()
    {
        var errors = Inspect("""
            tasks:
              t:
                action: core.noop
                delay: true
                join: foo
                retry: {when: 1, count: [abc], delay: -1}
                next: [{when: [x], do: {t: x}, publish: [foo]}]
            """).Syntax;

        Assert.Equal(
            [
                ("True is not valid under any of the given schemas", "tasks.t.delay", TaskSchema + ".properties.delay.oneOf"),
                ("'foo' is not valid under any of the given schemas", "tasks.t.join", TaskSchema + ".properties.join.oneOf"),
                ("{'t': 'x'} is not valid under any of the given schemas", "tasks.t.next[0].do", TaskSchema + ".properties.next.items.properties.do.oneOf"),
                ("['foo'] is not valid under any of the given schemas", "tasks.t.next[0].publish", TaskSchema + ".properties.next.items.properties.publish.oneOf"),
                ("['x'] is not of type 'string'", "tasks.t.next[0].when", TaskSchema + ".properties.next.items.properties.when.type"),
                ("['abc'] is not valid under any of the given schemas", "tasks.t.retry.count", TaskSchema + ".properties.retry.properties.count.oneOf"),
                ("-1 is not valid under any of the given schemas", "tasks.t.retry.delay", TaskSchema + ".properties.retry.properties.delay.oneOf"),
                ("1 is not of type 'string'", "tasks.t.retry.when", TaskSchema + ".properties.retry.properties.when.type"),
            ],
            errors.Select(e => (e.Message, e.SpecPath!, e.SchemaPath!)).ToArray());
    }

    [Fact]
    public void Inspect_FloatWhereIntegerBelongs_IsRefusedAsDraft4Does()
    {
        var error = Only(Inspect("tasks: {t: {action: a, delay: 1.0}}\n").Syntax);
        Assert.Equal("1.0 is not valid under any of the given schemas", error.Message);
    }

    [Fact]
    public void Inspect_BadItems_DoesNotMatchThePattern()
    {
        var error = Only(Inspect("tasks: {t: {action: a, with: foo bar in <% ctx(x) %>}}\ninput: [x]\n").Syntax);
        Assert.Equal(
            @"'foo bar in <% ctx(x) %>' does not match '^(\s+)?({{.*?}}|<%.*?%>)(\s+)?$|^(\s+)?((\w+,\s?|\s+)+)?(\w+)\s+in\s+({{.*?}}|<%.*?%>)(\s+)?$'",
            error.Message);
        Assert.Equal("tasks.t.with.items", error.SpecPath);
        Assert.Equal(TaskSchema + ".properties.with.properties.items.pattern", error.SchemaPath);
    }

    [Fact]
    public void Inspect_RetryWithoutCount_IsRequired()
    {
        var error = Only(Inspect("tasks: {t: {action: a, retry: {when: <% failed() %>}}}\n").Syntax);
        Assert.Equal(new InspectionError("'count' is a required property", "tasks.t.retry", TaskSchema + ".properties.retry.required"), error);
    }

    [Fact]
    public void Inspect_ListsOfVariables_CheckShapeAndUniqueness()
    {
        var errors = Inspect("input: [a, a]\nvars: [{a: 1, b: 2}, x]\noutput: [{}]\ntasks: {t: {action: a}}\n").Syntax;
        Assert.Equal(
            [
                ("['a', 'a'] has non-unique elements", "input", "properties.input.uniqueItems"),
                ("{} does not have enough properties", "output[0]", "properties.output.items.minProperties"),
                ("{'a': 1, 'b': 2} has too many properties", "vars[0]", "properties.vars.items.maxProperties"),
                ("'x' is not of type 'object'", "vars[1]", "properties.vars.items.type"),
            ],
            errors.Select(e => (e.Message, e.SpecPath!, e.SchemaPath!)).ToArray());
    }

    [Fact]
    public void Inspect_UniqueItems_TellsTrueFromOne()
    {
        Assert.False(Inspect("tags: [a]\nvars: [{a: true}, {a: 1}]\ntasks: {t: {action: a}}\n").HasErrors);
        Assert.Single(Inspect("vars: [{a: 1}, {a: 1.0}]\ntasks: {t: {action: a}}\n").Syntax);
    }

    [Fact]
    public void Inspect_UnsupportedVersion_IsNotOneOfTheEnum()
    {
        var error = Only(Inspect("version: 2\ntasks: {t: {action: a}}\n").Syntax);
        Assert.Equal(new InspectionError("2 is not one of ['1.0', 1.0]", "version", "properties.version.enum"), error);
    }

    [Fact]
    public void Inspect_BooleanVersion_IsNeitherANumberNorInTheEnum()
    {
        var errors = Inspect("version: true\ntasks: {t: {action: a}}\n").Syntax;
        Assert.Equal(
            [
                new InspectionError("True is not valid under any of the given schemas", "version", "properties.version.anyOf"),
                new InspectionError("True is not one of ['1.0', 1.0]", "version", "properties.version.enum"),
            ],
            errors);
    }

    [Fact]
    public void Inspect_EmptyDescription_IsTooShort()
    {
        Assert.Equal(new InspectionError("'' is too short", "description", "properties.description.minLength"), Only(Inspect("description: ''\ntasks: {t: {action: a}}\n").Syntax));
    }

    [Fact]
    public void Inspect_TaskNameThatIsNotAWord_IsRefused()
    {
        var error = Only(Inspect("tasks: {task-1: {action: a}}\n").Syntax);
        Assert.Equal(new InspectionError(@"'task-1' does not match any of the regexes: '^\w+$'", "tasks", "properties.tasks.additionalProperties"), error);
    }

    [Fact]
    public void Inspect_KeyThatIsNotAString_IsRefused()
    {
        var errors = Inspect("vars: [{1: x}]\ntasks: {t: {action: a, input: {on: 1}}}\n").Syntax;
        Assert.Equal(
            [
                ("{True: 1} is not valid under any of the given schemas", "tasks.t.input", TaskSchema + ".properties.input.oneOf"),
                ("1 is not of type 'string'", "vars[0][1]", "properties.vars.items.patternProperties"),
            ],
            errors.Select(e => (e.Message, e.SpecPath!, e.SchemaPath!)).ToArray());
    }

    // Semantics.

    [Fact]
    public void Inspect_UndefinedTask_IsReportedAtTheTransition()
    {
        var error = Only(Inspect("tasks: {t1: {action: a, next: [{do: t2}, {do: 't2, nope'}]}, t2: {}}\n").Semantics);
        Assert.Equal(new InspectionError("The task \"nope\" is not defined.", "tasks.t1.next[1].do", TaskSchema + ".properties.next.items.properties.do"), error);
    }

    [Fact]
    public void Inspect_ReservedTaskName_IsReported()
    {
        var errors = Inspect("tasks: {t1: {action: a, next: [{do: noop}]}, noop: {action: a}, retry: {action: a}}\n").Semantics;
        Assert.Equal(
            ["The task name \"noop\" is reserved with special function.", "The task name \"retry\" is reserved with special function."],
            errors.Select(e => e.Message).ToArray());
        Assert.Equal(["tasks.noop", "tasks.retry"], errors.Select(e => e.SpecPath!).ToArray());
    }

    [Fact]
    public void Inspect_LoopWithoutEntry_HasNoStartTask()
    {
        var error = Only(Inspect("input: [{count: 0}]\ntasks: {t1: {action: a, next: [{when: <% ctx(count) < 2 %>, do: t1}]}}\n").Semantics);
        Assert.StartsWith("Unable to identify any tasks to start the workflow.", error.Message, StringComparison.Ordinal);
        Assert.Equal("tasks", error.SpecPath);
        Assert.Equal("properties.tasks", error.SchemaPath);
    }

    [Fact]
    public void Inspect_JoinAcrossNestedForks_IsUnreachable()
    {
        var error = Only(Inspect("""
            tasks:
              task1: {action: a, next: [{do: 'task2, task3, task5'}]}
              task2: {action: a, next: [{do: task4}]}
              task3: {action: a, next: [{do: task4}]}
              task4: {action: a, next: [{do: task5}]}
              task5: {join: all, action: a}
            """).Semantics);
        Assert.StartsWith("The join task \"task5\" is unreachable.", error.Message, StringComparison.Ordinal);
        Assert.Equal("tasks.task5", error.SpecPath);
        Assert.Equal(TaskSchema, error.SchemaPath);
    }

    [Fact]
    public void Inspect_JoinOfSiblingBranches_IsReachable()
    {
        Assert.False(Inspect("""
            tasks:
              task1: {action: a, next: [{do: 'task2, task3'}]}
              task2: {action: a, next: [{do: task4}]}
              task3: {action: a, next: [{do: task4}]}
              task4: {join: all, action: a}
            """).HasErrors);
    }

    [Fact]
    public void Inspect_WithItemsWithoutAction_IsReported()
    {
        var error = Only(Inspect("tasks: {t: {with: <% ctx() %>}}\n").Semantics);
        Assert.Equal(new InspectionError("The action property is required for with items task.", "tasks.t", TaskSchema), error);
    }

    [Fact]
    public void Inspect_TaskWithoutAction_IsFine()
    {
        Assert.False(Inspect("tasks: {t1: {next: [{do: t2}]}, t2: {}}\n").HasErrors);
    }

    [Fact]
    public void Inspect_EngineCommandsInDo_AreDefined()
    {
        Assert.False(Inspect("tasks: {t1: {action: a, next: [{do: [continue, fail, noop, retry]}]}}\n").HasErrors);
    }

    // Expressions (grammar errors come from the language parsers; mixing languages is caught here).

    [Fact]
    public void Inspect_MixedLanguages_IsAnExpressionError()
    {
        var error = Only(Inspect("input: [a, b]\ntasks: {t: {action: a, next: [{when: '{{ ctx(\"a\") }} and <% ctx(b) %>'}]}}\n").Expressions);
        Assert.Equal("Expression with multiple types is not supported.", error.Message);
        Assert.Null(error.Type);
        Assert.Equal("{{ ctx(\"a\") }} and <% ctx(b) %>", error.Expression);
        Assert.Equal("tasks.t.next[0].when", error.SpecPath);
        Assert.Equal(TaskSchema + ".properties.next.items.properties.when", error.SchemaPath);
    }

    [Fact]
    public void Inspect_MixedLanguagesInVars_IsReportedAtTheProperty()
    {
        var error = Only(Inspect("vars: [{a: '{{ 1 }} <% 2 %>'}]\ntasks: {t: {action: a}}\n").Expressions);
        Assert.Equal("vars", error.SpecPath);
        Assert.Equal("properties.vars", error.SchemaPath);
    }

    // Context.

    [Fact]
    public void Inspect_VariableBeforeAssignment_IsReportedWhereUsed()
    {
        var errors = Inspect("""
            input: [{y: <% ctx().a %>}]
            vars: [{v: '{{ ctx("b") }}'}]
            output: [{o: <% ctx(c) %>}]
            tasks:
              t:
                delay: <% ctx(d) %>
                with: {items: x in <% ctx(e) %>, concurrency: <% ctx(f) %>}
                action: core.echo message=<% ctx(g) %>
            """).Context;

        Assert.Equal(
            [
                ("a", "<% ctx().a %>", "yaql", "input[0]", "properties.input"),
                ("c", "<% ctx(c) %>", "yaql", "output[0]", "properties.output"),
                ("d", "<% ctx(d) %>", "yaql", "tasks.t.delay", TaskSchema + ".properties.delay"),
                ("g", "<% ctx(g) %>", "yaql", "tasks.t.input", TaskSchema + ".properties.input"),
                ("f", "<% ctx(f) %>", "yaql", "tasks.t.with.concurrency", TaskSchema + ".properties.with.properties.concurrency"),
                ("e", "x in <% ctx(e) %>", "yaql", "tasks.t.with.items", TaskSchema + ".properties.with.properties.items"),
                ("b", "{{ ctx(\"b\") }}", "jinja", "vars[0]", "properties.vars"),
            ],
            errors.Select(e => (e.Message.Split('"')[1], e.Expression!, e.Type!, e.SpecPath!, e.SchemaPath!)).ToArray());
        Assert.All(errors, e => Assert.EndsWith("is referenced before assignment.", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Inspect_InputsVarsAndOutputs_AreAssignedInOrder()
    {
        Assert.False(Inspect("""
            input: [x, {y: <% ctx(x) %>}]
            vars: [{a: <% ctx(y) %>}, {b: <% ctx(a) %>}]
            output: [{o: <% ctx(b) %>}, {p: <% ctx(o) %>}]
            tasks: {t: {action: core.noop}}
            """).HasErrors);
        Assert.Single(Inspect("vars: [{b: <% ctx(a) %>}, {a: 1}]\ntasks: {t: {action: core.noop}}\n").Context);
    }

    [Fact]
    public void Inspect_PublishedVariables_FlowAlongTheGraph()
    {
        var errors = Inspect("""
            tasks:
              t1:
                action: a
                next:
                  - {when: <% succeeded() %>, publish: foo=1, do: t2}
                  - {when: <% failed() %>, publish: bar=1, do: t3}
              t2: {action: a, input: {m: <% ctx(foo) + ctx(bar) %>}}
              t3: {action: a, input: {m: <% ctx(foo) + ctx(bar) %>}}
            """).Context;

        Assert.Equal(
            [("Variable \"bar\" is referenced before assignment.", "tasks.t2.input"), ("Variable \"foo\" is referenced before assignment.", "tasks.t3.input")],
            errors.Select(e => (e.Message, e.SpecPath!)).ToArray());
    }

    [Fact]
    public void Inspect_PublishItems_SeeEarlierItemsOfTheSameTransition()
    {
        var errors = Inspect("""
            tasks:
              t1:
                action: a
                next:
                  - publish: a=1 b="<% ctx(a) %>" c=<% ctx(z) %>
                    do: t2
              t2:
                action: a
                next: [{publish: [{x: <% ctx(b) %>}, {y: <% ctx(x) %>}]}]
            """).Context;

        var error = Only(errors);
        Assert.Equal("tasks.t1.next[0].publish[2]", error.SpecPath);
        Assert.Equal(TaskSchema + ".properties.next.items.properties.publish", error.SchemaPath);
        Assert.Equal("<% ctx(z) %>", error.Expression);
    }

    [Fact]
    public void Inspect_JoinTask_SeesEveryBranch()
    {
        Assert.False(Inspect("""
            tasks:
              t1: {action: a, next: [{publish: a=1, do: t2}, {publish: b=1, do: t3}]}
              t2: {action: a, next: [{do: t4}]}
              t3: {action: a, next: [{do: t4}]}
              t4: {join: all, action: a, input: {m: <% ctx(a) + ctx(b) %>}}
            """).HasErrors);
    }

    [Fact]
    public void Inspect_TaskQueuedOnTwoPathsWithOneContext_IsInspectedOnce()
    {
        // The reference (since its "improve inspect context and detect undefined task logic"
        // change, part of the 1.6.0 the corpus was recorded with) queues a task again only with a
        // different context, and a task with an undefined target only once.
        var result = Inspect("""
            tasks:
              a: {action: core.noop, next: [{do: [b, c]}]}
              b: {action: core.noop, next: [{do: c}]}
              c: {action: core.noop, next: [{publish: [{y: <% ctx(missing) %>}], do: nosuch}]}
            """);

        Assert.Equal(["tasks.c.next[0].publish[0]"], result.Context.Select(e => e.SpecPath!).ToArray());
        Assert.Equal(["tasks.c.next[0].do"], result.Semantics.Select(e => e.SpecPath!).ToArray());
    }

    [Fact]
    public void Inspect_TaskQueuedWithDifferentContexts_IsInspectedUnderEach()
    {
        // c is queued once with what a published and once with what b published: only the visit
        // without "q" reports it.
        var errors = Inspect("""
            tasks:
              a: {action: core.noop, next: [{publish: p=1, do: [b, c]}]}
              b: {action: core.noop, next: [{publish: q=1, do: c}]}
              c: {action: core.noop, input: {m: <% ctx(p) + ctx(q) %>}}
            """).Context;

        Assert.Equal(["q"], errors.Select(e => e.Message.Split('"')[1]).ToArray());
    }

    [Fact]
    public void Inspect_PrivateVariable_IsReportedTwice()
    {
        var errors = Inspect("tasks: {t: {action: a, input: {m: <% ctx(__state) %>}}}\n").Context;
        Assert.Equal(
            [
                "Variable \"__state\" that is prefixed with double underscores is considered a private variable and cannot be referenced.",
                "Variable \"__state\" is referenced before assignment.",
            ],
            errors.Select(e => e.Message).ToArray());
    }

    [Fact]
    public void Inspect_ItemNames_AreNotContextVariables()
    {
        var error = Only(Inspect("input: [xs]\ntasks: {t: {with: x in <% ctx(xs) %>, action: core.echo message=<% ctx(x) %>}}\n").Context);
        Assert.Equal("Variable \"x\" is referenced before assignment.", error.Message);
    }

    [Fact]
    public void Inspect_ApplicationContext_CountsAsAssigned()
    {
        var spec = WorkflowSpec.FromJson("""{"tasks": {"t": {"action": "a", "input": {"m": "<% ctx(st2) %>"}}}}""");
        Assert.Single(spec.Inspect().Context);
        Assert.False(spec.Inspect(["st2"]).HasErrors);
    }

    // The result.

    [Fact]
    public void ToValue_HasTheReferenceShape()
    {
        var result = Inspect("tasks: {t1: {action: a, delay: true, next: [{do: nope}]}, t2: {action: a, input: {m: <% ctx(q) %>}}}\n");

        Assert.Equal(["syntax", "semantics", "context"], result.Errors.Keys.ToArray());
        Assert.Equal(
            "{\"syntax\":[{\"message\":\"True is not valid under any of the given schemas\",\"spec_path\":\"tasks.t1.delay\",\"schema_path\":\"properties.tasks.patternProperties.^\\\\w+$.properties.delay.oneOf\"}],"
            + "\"semantics\":[{\"message\":\"The task \\\"nope\\\" is not defined.\",\"spec_path\":\"tasks.t1.next[0].do\",\"schema_path\":\"properties.tasks.patternProperties.^\\\\w+$.properties.next.items.properties.do\"}],"
            + "\"context\":[{\"type\":\"yaql\",\"expression\":\"<% ctx(q) %>\",\"message\":\"Variable \\\"q\\\" is referenced before assignment.\",\"spec_path\":\"tasks.t2.input\",\"schema_path\":\"properties.tasks.patternProperties.^\\\\w+$.properties.input\"}]}",
            result.ToJson());
    }

    [Fact]
    public void EnsureValid_BadDefinition_ThrowsWithTheResult()
    {
        var spec = WorkflowSpec.FromJson("""{"tasks": {"t": {"action": "a", "next": [{"do": "nope"}]}}}""");

        var error = Assert.Throws<WorkflowInspectionError>(() => spec.EnsureValid());
        Assert.Equal("Workflow definition failed inspection.", error.Message);
        Assert.Equal("WorkflowInspectionError", error.ErrorType);
        Assert.Single(error.Result.Semantics);
        Assert.IsAssignableFrom<OrquestaException>(error);
    }

    [Fact]
    public void EnsureValid_CleanDefinition_DoesNotThrow()
    {
        var spec = WorkflowSpec.FromJson("""{"tasks": {"t": {"action": "a"}}}""");
        spec.EnsureValid();
        Assert.False(spec.Inspect().HasErrors);
        Assert.False(InspectionResult.Empty.HasErrors);
    }
}
