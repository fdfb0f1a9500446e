using System.Diagnostics;
using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Expressions.Jinja;

/// <summary>Runs alone: timings compared with each other, never with the clock.</summary>
[CollectionDefinition(nameof(JinjaTimingTests), DisableParallelization = true)]
public sealed class JinjaTimingGroup
{
}

/// <summary>The parse cache: a known text is evaluated without lexing and parsing it again.</summary>
[Collection(nameof(JinjaTimingTests))]
public class JinjaTimingTests
{
    [Fact]
    public void Evaluate_SameTextAgain_ReusesTheParse()
    {
        var builder = new DictValue.Builder();
        for (var i = 0; i < 1000; i++) builder.Set("k" + i, (long)i);
        var hosts = Enumerable.Range(0, 20)
            .Select(i => JsonValues.Parse($$"""{"name": "h{{i}}", "status": "{{(i % 2 == 0 ? "up" : "down")}}"}"""))
            .ToArray();
        builder.Set("hosts", ListValue.From(hosts));
        var scope = new ExpressionScope(builder.ToDict());
        const string text = "{{ ctx().hosts | selectattr('status', 'equalto', 'up') | list }}";
        const int rounds = 5;
        const int runs = 400;
        var fresh = Enumerable.Range(0, rounds * runs)
            .Select(i => $"{{{{ ctx().hosts | selectattr('status', 'equalto', 'up') | list | length + {i} }}}}")
            .ToArray();
        for (var i = 0; i < runs; i++) ExpressionEvaluator.Evaluate(text, scope);

        var cached = TimeSpan.MaxValue;
        var parsed = TimeSpan.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++) ExpressionEvaluator.Evaluate(text, scope);
            cached = Min(cached, watch.Elapsed);
            watch.Restart();
            for (var i = 0; i < runs; i++) ExpressionEvaluator.Evaluate(fresh[(round * runs) + i], scope);
            parsed = Min(parsed, watch.Elapsed);
        }

        Assert.True(cached * 2 < parsed, $"cached {cached.TotalMicroseconds / runs:F2} µs, parsed {parsed.TotalMicroseconds / runs:F2} µs");
        Assert.Equal(10, ((ListValue)ExpressionEvaluator.Evaluate(text, scope)!).Count);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
