using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Expressions.Yaql;

/// <summary>
/// Orquesta's YAQL evaluator (orquesta/expressions/yql.py): a lone expression yields its value,
/// text around it or several expressions yield text with Python's <c>str()</c> of each value, a
/// string result is evaluated again, and errors are wrapped in the reference's messages.
/// </summary>
public class YaqlEvaluatorTests
{
    [Theory]
    [InlineData("Hello <% ctx(name) %>!", "\"Hello Stanley!\"")]
    [InlineData("<% ctx(count) %> items", "\"3 items\"")]
    [InlineData("<% ctx(flag) %> / <% ctx(nothing) %> / <% ctx(ratio) %>", "\"True / None / 2.5\"")]
    [InlineData("<% ctx(words) %>", "[\"fee\", \"fi\", \"fo\", \"fum\"]")]
    [InlineData("list: <% ctx(words) %>", "\"list: ['fee', 'fi', 'fo', 'fum']\"")]
    [InlineData("dict: <% ctx(host) %>", "\"dict: {'name': 'web01', 'ip': '10.0.0.1', 'tags': ['prod', 'eu'], 'port': 443}\"")]
    [InlineData("set: <% ctx(dup).toSet() %>", "\"set: {1, 2, 3}\"")]
    [InlineData("set: <% set(8, 1, 16) %>", "\"set: {8, 1, 16}\"")]
    [InlineData("empty set: <% set() %>", "\"empty set: set()\"")]
    [InlineData("gen: <% ctx(nums).select($ * 2) %>", "\"gen: [8, 2, 6, 4, 10]\"")]
    [InlineData("tuple str: <% str(ctx(nums)) %>", "\"tuple str: (4, 1, 3, 2, 5)\"")]
    [InlineData("<% ctx(name) %><% ctx(count) %>", "\"Stanley3\"")]
    [InlineData("<% 'x' %> and <% 'x' %>", "\"x and x\"")]
    [InlineData("<% 1 %> <% 1 %>", "\"1 1\"")]
    [InlineData("<%1%>", "1")]
    [InlineData("<% ctx(count) > 2 %> is true", "\"True is true\"")]
    [InlineData("text without expressions", "\"text without expressions\"")]
    [InlineData("<% ctx(empty) %>", "\"\"")]
    [InlineData("[<% ctx(empty) %>]", "\"[]\"")]
    [InlineData("<% [dict(n => null)] %> x", "\"[{'n': None}] x\"")]
    [InlineData("x <% {1 => 2} %>", "\"x {1: 2}\"")]
    [InlineData("x <% dict(null => 1) %>", "\"x {None: 1}\"")]
    [InlineData("x <% [datetime(2010, 1, 1, 0, 0, 5)] %>", "\"x [datetime.datetime(2010, 1, 1, 0, 0, 5, tzinfo=tzutc())]\"")]
    [InlineData("x <% datetime(2010, 1, 1, 0, 0, 5) %>", "\"x 2010-01-01 00:00:05+00:00\"")]
    [InlineData("x <% [timespan(days => 1, seconds => 5)] %>", "\"x [datetime.timedelta(days=1, seconds=5)]\"")]
    [InlineData("x <% timespan(days => 1, seconds => 5) %>", "\"x 1 day, 0:00:05\"")]
    [InlineData("<% '<% ctx(count) + 1 %>' %>", null, "Unable to evaluate expression '<% '<% ctx(count) + 1 %>'. YaqlLexicalException")]
    [InlineData("<% 'it''s' %>", null, "Unable to evaluate expression '<% 'it''s' %>'. YaqlGrammarException")]
    [InlineData("<% 1e10 %>", null, "Unable to evaluate expression '<% 1e10 %>'. YaqlLexicalException")]
    public void Evaluate_Text_SubstitutesAsTheReference(string text, string? expected, string? error = null) =>
        YaqlAssert.Check(text, expected, error);

    [Fact]
    public void Evaluate_StringResult_IsEvaluatedAgain()
    {
        const string data = """{"fee": "<% ctx(fi) %>", "fi": "<% ctx(fo) %>", "fo": "<% ctx(fum).toUpper() %>", "fum": "fum!"}""";
        YaqlAssert.Check("<% ctx(fee) %>", "\"FUM!\"", dataJson: data);
        YaqlAssert.Check("say <% ctx(fee) %>", "\"say FUM!\"", dataJson: data);
        YaqlAssert.Check("<% ctx(nums) %>", "[1]", dataJson: """{"nums": "<% [1] %>"}""");
    }

    [Fact]
    public void Evaluate_NestedFailure_IsWrappedAtEachLevel()
    {
        const string data = """{"a": "<% ctx(b) %>", "b": "<% ctx(missing) %>"}""";
        var e = Assert.Throws<YaqlEvaluationException>(() => YaqlAssert.Evaluate("<% ctx(a) %>", data));
        Assert.Equal(
            "Unable to evaluate expression '<% ctx(a) %>'. YaqlEvaluationException: "
            + "Unable to evaluate expression '<% ctx(b) %>'. YaqlEvaluationException: "
            + "Unable to evaluate expression '<% ctx(missing) %>'. VariableUndefinedError: The variable \"missing\" is undefined.",
            e.Message);
    }

    [Fact]
    public void Evaluate_SelfReference_EndsInRecursionError()
    {
        var e = Assert.Throws<YaqlEvaluationException>(() => YaqlAssert.Evaluate("<% ctx(a) %>", """{"a": "<% ctx(a) %>"}"""));
        Assert.StartsWith("Unable to evaluate expression '<% ctx(a) %>'. YaqlEvaluationException: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("RecursionError: maximum recursion depth exceeded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_KeyError_HasTheReferenceMessage()
    {
        var e = Assert.Throws<YaqlEvaluationException>(() => YaqlAssert.Evaluate("x <% ctx(host).nope %>"));
        Assert.Equal("Unable to resolve key 'nope' in expression '<% ctx(host).nope %>' from context.", e.Message);
        Assert.Equal("YaqlEvaluationException", e.ErrorType);
    }

    [Fact]
    public void Evaluate_TypeError_MessageIsStrippedOfQuotes()
    {
        var e = Assert.Throws<YaqlEvaluationException>(() => YaqlAssert.Evaluate("<% ctx(host).items() %>"));
        Assert.Equal("Unable to evaluate expression '<% ctx(host).items() %>'. TypeError: unhashable type: 'list", e.Message);
    }

    [Fact]
    public void Evaluate_OtherError_MessageKeepsItsQuotes()
    {
        var e = Assert.Throws<YaqlEvaluationException>(() => YaqlAssert.Evaluate("<% [].first() %>"));
        Assert.Equal("Unable to evaluate expression '<% [].first() %>'. StopIteration: ", e.Message);
        e = Assert.Throws<YaqlEvaluationException>(() => YaqlAssert.Evaluate("<% 1.assert($ > 1, \"'quoted'\") %>"));
        Assert.Equal("Unable to evaluate expression '<% 1.assert($ > 1, \"'quoted'\") %>'. AssertionError: 'quoted'", e.Message);
    }

    [Fact]
    public void Evaluate_FirstFailingExpression_IsTheOneReported()
    {
        var e = Assert.Throws<YaqlEvaluationException>(() => YaqlAssert.Evaluate("<% ctx(name) %> <% 1 / 0 %> <% nosuch() %>"));
        Assert.Equal("Unable to evaluate expression '<% 1 / 0 %>'. ZeroDivisionError: integer division or modulo by zero", e.Message);
    }

    [Fact]
    public void Evaluate_NoData_CtxIsEmpty()
    {
        Assert.Equal(DictValue.Empty, ExpressionEvaluator.Evaluate("<% ctx() %>", new ExpressionScope(null)));
        var e = Assert.Throws<YaqlEvaluationException>(() => ExpressionEvaluator.Evaluate("<% ctx(x) %>", new ExpressionScope(null)));
        Assert.Contains("VariableUndefinedError", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_InternalNames_AreHiddenFromCtx()
    {
        const string data = """{"a": 1, "__secret": 2}""";
        YaqlAssert.Check("<% ctx() %>", """{"a": 1}""", dataJson: data);
        YaqlAssert.Check("<% ctx('__secret') %>", null, "Unable to evaluate expression '<% ctx('__secret') %>'. VariableInaccessibleError", data);
        YaqlAssert.Check("<% ctx(__secret) %>", null, "Unable to evaluate expression '<% ctx(__secret) %>'. YaqlLexicalException: Lexical error: illegal character '_' at position 4", data);
    }

    [Fact]
    public void Evaluate_TaskFunctions_ReadTheScope()
    {
        var state = new FakeState(("task1", 0, Statuses.Succeeded), ("task2", 0, Statuses.Failed));
        var scope = new ExpressionScope(DictValue.Empty)
        {
            CurrentTask = new CurrentTask("task1", 0, HasResult: true, Result: JsonValues.Parse("""{"out": [1, 2]}""")),
            State = state,
        };
        YaqlAssert.Check("<% succeeded() %>", "true", scope: scope);
        YaqlAssert.Check("<% failed() %>", "false", scope: scope);
        YaqlAssert.Check("<% completed() %>", "true", scope: scope);
        YaqlAssert.Check("<% task_status(task2) %>", "\"failed\"", scope: scope);
        YaqlAssert.Check("<% task_status(nosuch) %>", "\"null\"", scope: scope);
        YaqlAssert.Check("<% result().out.sum() %>", "3", scope: scope);
        YaqlAssert.Check("<% str(result().out) %>", "\"(1, 2)\"", scope: scope);
        YaqlAssert.Check("<% succeeded() %>", null, "Unable to evaluate expression '<% succeeded() %>'. ExpressionEvaluationException: The current task is not set in the context.");
    }

    [Fact]
    public void Evaluate_Item_ReadsTheCurrentItem()
    {
        var scope = new ExpressionScope(DictValue.Empty) { HasCurrentItem = true, CurrentItem = JsonValues.Parse("""{"host": "a", "port": 1}""") };
        YaqlAssert.Check("<% item() %>", """{"host": "a", "port": 1}""", scope: scope);
        YaqlAssert.Check("<% item(host) %>", "\"a\"", scope: scope);
        YaqlAssert.Check("<% item(nope) %>", null, "Unable to evaluate expression '<% item(nope) %>'. ExpressionEvaluationException: Item does not have key \"nope\".", scope: scope);
    }

    [Fact]
    public void Evaluate_RandomAndTime_ComeFromTheEnvironment()
    {
        var now = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567);
        ExpressionScope Scope() => new(DictValue.Empty) { Environment = new SeededExpressionEnvironment(7, now, TimeSpan.FromHours(2)) };
        var first = ExpressionEvaluator.Evaluate("<% [random(), random(1, 6), random(1, 6)] %>", Scope());
        var again = ExpressionEvaluator.Evaluate("<% [random(), random(1, 6), random(1, 6)] %>", Scope());
        Assert.Equal(first, again);
        var values = Assert.IsType<ListValue>(first);
        Assert.InRange((double)values[0]!, 0, 1);
        Assert.InRange((long)values[1]!, 1, 6);

        YaqlAssert.Check("<% str(now()) %>", "\"2024-05-06 07:08:09.123456+00:00\"", scope: Scope());
        YaqlAssert.Check("<% str(now(offset => localtz())) %>", "\"2024-05-06 09:08:09.123456+02:00\"", scope: Scope());
        YaqlAssert.Check("<% localtz().hours %>", "2.0", scope: Scope());
        Assert.Equal(TimeSpan.Zero, ExpressionEvaluator.Evaluate("<% now() - now() %>", Scope()));
    }

    [Fact]
    public void Evaluate_SameExpressionInParallel_IsThreadSafe()
    {
        var results = new object?[64];
        Parallel.For(0, results.Length, i =>
        {
            var scope = new ExpressionScope(DictValue.Empty.Set("n", (long)i));
            results[i] = ExpressionEvaluator.Evaluate("<% range(ctx(n)).select($ * 2).where($ > 3).sum(0) + ctx(n) %>", scope);
        });
        for (var i = 0; i < results.Length; i++)
        {
            var expected = Enumerable.Range(0, i).Select(x => x * 2L).Where(x => x > 3).Sum() + i;
            Assert.Equal(expected, results[i]);
        }
    }

    [Fact]
    public void Evaluate_HugeResults_FailWithAQuotaError()
    {
        YaqlAssert.Check("<% 'x' * 100000000 %>", null, "Unable to evaluate expression '<% 'x' * 100000000 %>'. MemoryQuotaExceededException");
        YaqlAssert.Check("<% range(100000000) %>", null, "Unable to evaluate expression '<% range(100000000) %>'. CollectionTooLargeException");
        YaqlAssert.Check("<% [1] * 100000000 %>", null, "Unable to evaluate expression '<% [1] * 100000000 %>'. MemoryQuotaExceededException");
        YaqlAssert.Check("<% sequence().where($ < 0).first() %>", null, "Unable to evaluate expression '<% sequence().where($ < 0).first() %>'. CollectionTooLargeException");
    }

    [Fact]
    public void Evaluate_RunawayRecursion_IsARecursionError()
    {
        YaqlAssert.Check("<% def(f, f($)) -> f(1) %>", null, "Unable to evaluate expression '<% def(f, f($)) -> f(1) %>'. RecursionError");
    }

    private sealed class FakeState(params (string Task, int Route, string Status)[] tasks) : IWorkflowStateView
    {
        public string GetTaskStatus(string taskId, int route) =>
            tasks.FirstOrDefault(t => t.Task == taskId && t.Route == route).Status ?? Statuses.Unset;
    }
}
