using BenchmarkDotNet.Attributes;
using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Benchmarks;

/// <summary>
/// The expression issue's benchmark: one YAQL and one Jinja expression against a context of
/// 1,000 integer keys plus <c>x</c> and a 20-element <c>hosts</c> list. The baselines evaluate the
/// same expressions after copying the context, which is what the reference does on every
/// evaluation (about 900 µs each there); the target here is under 2 µs, parsing cached.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ExpressionBenchmarks
{
    private const string YaqlExpression = "<% ctx(x) + 1 %>";
    private const string JinjaExpression = "{{ ctx().hosts | selectattr('status', 'equalto', 'up') | list }}";

    private DictValue _context = DictValue.Empty;
    private ExpressionScope _scope = new(null);

    [GlobalSetup]
    public void Setup()
    {
        var builder = new DictValue.Builder();
        for (var i = 0; i < 1000; i++) builder.Set($"k{i}", (long)i);
        builder.Set("x", 41L);
        var hosts = new object?[20];
        for (var i = 0; i < hosts.Length; i++)
        {
            hosts[i] = DictValue.Empty.Set("name", $"host{i:00}").Set("status", i % 3 == 0 ? "down" : "up").Set("cpu", (long)(i * 5));
        }

        builder.Set("hosts", ListValue.From(hosts));
        _context = builder.ToDict();
        _scope = new ExpressionScope(_context);

        // Warm the parse caches and prove the expressions work before measuring them.
        if (ExpressionEvaluator.Evaluate(YaqlExpression, _scope) is not 42L) throw new InvalidOperationException("YAQL benchmark expression gave a wrong result.");
        if (ExpressionEvaluator.Evaluate(JinjaExpression, _scope) is not ListValue { Count: 13 }) throw new InvalidOperationException("Jinja benchmark expression gave a wrong result.");
    }

    [Benchmark(Baseline = true, Description = "yaql, context copied per evaluation (reference's way)")]
    [BenchmarkCategory("yaql")]
    public object? Yaql_CopiedContext() => ExpressionEvaluator.Evaluate(YaqlExpression, new ExpressionScope(DeepCopy(_context)));

    [Benchmark(Description = "yaql <% ctx(x) + 1 %>")]
    [BenchmarkCategory("yaql")]
    public object? Yaql_SharedContext() => ExpressionEvaluator.Evaluate(YaqlExpression, _scope);

    [Benchmark(Baseline = true, Description = "jinja, context copied per evaluation (reference's way)")]
    [BenchmarkCategory("jinja")]
    public object? Jinja_CopiedContext() => ExpressionEvaluator.Evaluate(JinjaExpression, new ExpressionScope(DeepCopy(_context)));

    [Benchmark(Description = "jinja {{ ctx().hosts | selectattr(...) | list }}")]
    [BenchmarkCategory("jinja")]
    public object? Jinja_SharedContext() => ExpressionEvaluator.Evaluate(JinjaExpression, _scope);

    private static object? DeepCopy(object? value) => value switch
    {
        DictValue dict => DictValue.From(dict.Select(e => new KeyValuePair<object, object?>(e.Key, DeepCopy(e.Value)))),
        ListValue list => ListValue.From(list.Select(DeepCopy)),
        _ => value,
    };
}
