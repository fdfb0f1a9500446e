using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Expressions.Jinja;

/// <summary>Orquesta's wrapper around Jinja: validation, expansion, the workflow functions, and bad input.</summary>
public class JinjaLanguageTests
{
    private static DictValue Data(string json) => (DictValue)JsonValues.Parse(json)!;

    [Fact]
    public void Validate_TwoBrokenExpressions_ReportsTextThenEachExpression()
    {
        var errors = ExpressionEvaluator.Validate("{{ 1 + }} and {{ a b }}");

        Assert.Equal(2, errors.Count);
        Assert.Equal("jinja", errors[0].Type);
        Assert.Equal("{{ 1 + }} and {{ a b }}", errors[0].Expression);
        Assert.StartsWith("unexpected 'end of print statement'", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("{{ 1 + }}", errors[1].Expression);
        Assert.StartsWith("unexpected 'end of template'", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ErrorOnSecondLine_GivesLineAndOffset()
    {
        var errors = ExpressionEvaluator.Validate("{% if x %}\n{{ y ? }}{% endif %}");

        Assert.Equal(2, errors.Count);
        Assert.Equal("unexpected char '?' at 16 (line 2, offset 16)", errors[0].Message);
        Assert.Equal("{{ y ? }}", errors[1].Expression);
        Assert.Equal("unexpected char '?' at 2 (line 1, offset 2)", errors[1].Message);
    }

    [Theory]
    [InlineData("{{ ctx().x | upper }} {% if a %}b{% endif %}")]
    [InlineData("{{ x | nosuchfilter }}")]
    [InlineData("{% raw %}{{ not checked }}{% endraw %}")]
    [InlineData("{{ 1 is is }}")]
    public void Validate_AcceptedByReference_NoErrors(string text) => Assert.Empty(ExpressionEvaluator.Validate(text));

    [Theory]
    [InlineData("{% if x %}", "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.")]
    [InlineData("{% if 1 %}{% endfor %}", "Encountered unknown tag 'endfor'. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.")]
    [InlineData("{{ [1, 2) }}", "unexpected ')', expected ']'")]
    [InlineData("{{ f(a=1, 2) }}", "invalid syntax for function call expression")]
    [InlineData("{% for %}{% endfor %}", "Expected an expression, got 'end of statement block'")]
    [InlineData("{{ a b }}", "expected token 'end of print statement', got 'b'")]
    public void Validate_BrokenText_ReportsJinjaMessage(string text, string message)
    {
        var error = Assert.Single(ExpressionEvaluator.Validate(text));
        Assert.Equal(text, error.Expression);
        Assert.StartsWith(message + " (line 1, offset ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(300)]
    public void Evaluate_DeeplyNestedParentheses_GrammarErrorNotCrash(int depth)
    {
        var text = "{{ " + new string('(', depth) + "1" + new string(')', depth) + " }}";

        var e = Assert.Throws<JinjaEvaluationException>(() => JinjaAssert.Evaluate(text));
        Assert.Contains("TemplateSyntaxError: the expression is nested too deeply", e.Message, StringComparison.Ordinal);
        Assert.Single(ExpressionEvaluator.Validate(text));
    }

    [Theory]
    [InlineData(" + 1")]
    [InlineData(" | abs")]
    [InlineData(".a")]
    public void Evaluate_LongOperatorChain_GrammarErrorNotCrash(string link)
    {
        var text = "{{ 1" + string.Concat(Enumerable.Repeat(link, 100_000)) + " }}";

        var e = Assert.Throws<JinjaEvaluationException>(() => JinjaAssert.Evaluate(text));
        Assert.Contains("nested too deeply", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DeeplyNestedBlocks_GrammarErrorNotCrash()
    {
        var text = string.Concat(Enumerable.Repeat("{% if 1 %}", 5_000)) + "x" + string.Concat(Enumerable.Repeat("{% endif %}", 5_000));

        var e = Assert.Throws<JinjaEvaluationException>(() => JinjaAssert.Evaluate(text));
        Assert.Contains("nested too deeply", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ModeratelyNestedExpression_Evaluates() =>
        JinjaAssert.Evaluates("{{ " + new string('(', 100) + "1" + new string(')', 100) + " }}", "1");

    [Fact]
    public void Evaluate_SelfReferencingValue_RecursionErrorAtTheBottom()
    {
        var e = Assert.Throws<JinjaEvaluationException>(() => JinjaAssert.Evaluate("{{ ctx().a }}", """{"a": "{{ ctx().a }}"}"""));

        Assert.StartsWith("Unable to evaluate expression '{{ ctx().a }}'. JinjaEvaluationException: Unable to evaluate expression '{{ ctx().a }}'.", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("RecursionError: maximum recursion depth exceeded while calling a Python object", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ 'a' * 1000000000 }}", "MemoryError")]
    [InlineData("{{ [1] * 1000000000 }}", "MemoryError")]
    [InlineData("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "RuntimeError")]
    [InlineData("{{ range(1000000) | list }}", "OverflowError")]
    [InlineData("{{ 2 ** 100 }}", "OverflowError")]
    [InlineData("{% set ns = namespace(x=[]) %}{% for i in range(100000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x == [ns.x] }}", "RecursionError")]
    [InlineData("{% set ns = namespace(x=()) %}{% for i in range(100000) %}{% set ns.x = (ns.x,) %}{% endfor %}{{ {ns.x: 1} | length }}", "RecursionError")]
    [InlineData("{% set ns = namespace(x=[]) %}{% for i in range(100000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x }}", "ValueError")]
    public void Evaluate_RunawayWork_BoundedError(string text, string inner) => JinjaAssert.Fails(text, inner);

    [Theory]
    [InlineData("{{ ctx().a")]
    [InlineData("{% if")]
    [InlineData("{{ 'abc")]
    [InlineData("a } b %} c")]
    public void Evaluate_UnterminatedDelimiter_TextIsNoExpression(string text) =>
        Assert.Equal(text, JinjaAssert.Evaluate(text));

    [Fact]
    public void Evaluate_UnresolvedAfterExpansion_NamesTheExpressions()
    {
        var e = Assert.Throws<JinjaEvaluationException>(() => JinjaAssert.Evaluate("{{ ctx().a }} and {{ ctx().b }}", """{"a": 1}"""));

        Assert.Equal("There are unresolved variables: ctx().b", e.Message);
    }

    [Fact]
    public void Evaluate_BlockOutputWithExpressions_ExpandsAgain() =>
        JinjaAssert.Evaluates("{% for x in ctx().l %}{{ x }}{% endfor %}", "\"12\"", """{"l": ["{{ 1 }}", "{{ 2 }}"]}""");

    [Fact]
    public void Evaluate_RawBlockWithPlaceholderLookalike_RestoresRawText() =>
        JinjaAssert.Evaluates("{% raw %}{{ x }}{% endraw %} {{ ctx().a }}", "\"{{ x }} 5\"", """{"a": 5}""");

    [Fact]
    public void Evaluate_InternalContextNames_AreVisibleAsInTheReference()
    {
        var scope = new ExpressionScope(Data("""{"a": 1}""")) { CurrentTask = new CurrentTask("t1", 2, HasResult: true, Result: "r") };

        var value = (DictValue)ExpressionEvaluator.Evaluate("{{ __current_task }}", scope)!;
        Assert.Equal("t1", value["id"]);
        Assert.Equal(2L, value["route"]);
        Assert.Equal("r", value["result"]);
        Assert.Equal(Data("""{"a": 1}"""), ExpressionEvaluator.Evaluate("{{ __vars }}", scope));
    }

    [Fact]
    public void Evaluate_WorkflowFunctions_UseTheScope()
    {
        var state = new StateStub(new Dictionary<(string, int), string> { [("t1", 0)] = Statuses.Succeeded, [("t2", 0)] = Statuses.Failed });
        var scope = new ExpressionScope(Data("""{"a": 1}"""))
        {
            CurrentTask = new CurrentTask("t1", 0, HasResult: true, Result: JsonValues.Parse("""{"x": [1]}""")),
            HasCurrentItem = true,
            CurrentItem = JsonValues.Parse("""{"host": "h1"}"""),
            State = state,
        };

        Assert.Equal(true, ExpressionEvaluator.Evaluate("{{ succeeded() }}", scope));
        Assert.Equal(false, ExpressionEvaluator.Evaluate("{{ failed() }}", scope));
        Assert.Equal(true, ExpressionEvaluator.Evaluate("{{ completed() }}", scope));
        Assert.Equal("failed", ExpressionEvaluator.Evaluate("{{ task_status('t2') }}", scope));
        Assert.Equal(1L, ExpressionEvaluator.Evaluate("{{ result().x[0] }}", scope));
        Assert.Equal("h1", ExpressionEvaluator.Evaluate("{{ item('host') }}", scope));
        Assert.Equal("h1", ExpressionEvaluator.Evaluate("{{ item().host }}", scope));
        Assert.Equal("host=h1", ExpressionEvaluator.Evaluate("{% for k, v in item().items() %}{{ k }}={{ v }}{% endfor %}", scope));
    }

    [Theory]
    [InlineData("{{ item('nope') }}", "ExpressionEvaluationException")]
    [InlineData("{{ ctx('__state') }}", "VariableInaccessibleError")]
    [InlineData("{{ ctx('nope') }}", "VariableUndefinedError")]
    [InlineData("{{ json(1) }}", "TypeError")]
    [InlineData("{{ json('{') }}", "JSONDecodeError")]
    [InlineData("{{ task_status() }}", "TypeError")]
    public void Evaluate_WorkflowFunctionErrors_WrappedWithInnerName(string text, string inner)
    {
        var scope = new ExpressionScope(Data("""{"__state": {}}""")) { HasCurrentItem = true, CurrentItem = Data("""{"a": 1}""") };

        var e = Assert.Throws<JinjaEvaluationException>(() => ExpressionEvaluator.Evaluate(text, scope));
        Assert.StartsWith($"Unable to evaluate expression '{text}'. {inner}:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Randomness_ComesFromTheScopeEnvironment()
    {
        ExpressionScope Seeded() => new(DictValue.Empty) { Environment = new SeededExpressionEnvironment(42, DateTimeOffset.UnixEpoch) };
        const string text = "{{ range(100) | random }} {{ lipsum(1, false) }}";

        var first = ExpressionEvaluator.Evaluate(text, Seeded());
        var second = ExpressionEvaluator.Evaluate(text, Seeded());
        var other = ExpressionEvaluator.Evaluate(text, new ExpressionScope(DictValue.Empty) { Environment = new SeededExpressionEnvironment(7, DateTimeOffset.UnixEpoch) });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Evaluate_ManyThreads_SameAnswers()
    {
        var data = Data("""{"hosts": [{"n": "a", "s": "up"}, {"n": "b", "s": "down"}]}""");
        var results = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 200, i =>
        {
            var text = i % 2 == 0 ? "{{ ctx().hosts | selectattr('s', 'equalto', 'up') | map(attribute='n') | list }}" : "{% for h in ctx().hosts %}{{ h.n }}{% endfor %}";
            results.Add(JinjaConformanceTests.Describe(ExpressionEvaluator.Evaluate(text, new ExpressionScope(data))));
        });

        Assert.Equal(["\"ab\"", "[\"a\"]"], results.Distinct().Order(StringComparer.Ordinal).ToArray());
    }

    private sealed class StateStub(Dictionary<(string, int), string> statuses) : IWorkflowStateView
    {
        public string GetTaskStatus(string taskId, int route) => statuses.GetValueOrDefault((taskId, route), Statuses.Unset);
    }
}
