using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>Jinja's built-in tests (<c>tests.py</c> <c>TESTS</c>): <c>x is odd</c>, <c>x is divisibleby(3)</c>, ...</summary>
internal static class JinjaTests
{
    public delegate bool Test(RenderContext context, object? value, object?[] args, KeyValuePair<string, object?>[] kwargs);

    private static Test One(string name, Func<object?, bool> f) => (_, v, a, k) =>
    {
        if (a.Length != 0 || k.Length != 0) PyArgs.Bind(name, a, k, [], []);
        return f(v);
    };

    private static Test Two(string name, string arg, Func<object?, object?, bool> f) => (_, v, a, k) =>
    {
        if (a.Length == 1 && k.Length == 0) return f(v, a[0]);
        var args = PyArgs.Bind(name, a, k, [arg], [PyArgs.Required]);
        return f(v, args[0]);
    };

    private static readonly Dictionary<string, Test> Tests = new(StringComparer.Ordinal)
    {
        ["odd"] = One("test_odd", v => JinjaRuntime.Equal(JinjaRuntime.Binary(BinaryOp.Mod, v, 2L), 1L)),
        ["even"] = One("test_even", v => JinjaRuntime.Equal(JinjaRuntime.Binary(BinaryOp.Mod, v, 2L), 0L)),
        ["divisibleby"] = Two("test_divisibleby", "num", (v, n) => JinjaRuntime.Equal(JinjaRuntime.Binary(BinaryOp.Mod, v, n), 0L)),
        ["defined"] = One("test_defined", v => v is not Undefined),
        ["undefined"] = One("test_undefined", v => v is Undefined),
        ["filter"] = One("test_filter", v => JinjaRuntime.Hashable(v) is string s && JinjaFilters.Exists(s)),
        ["test"] = One("test_test", v => JinjaRuntime.Hashable(v) is string s && Tests!.ContainsKey(s)),
        ["none"] = One("test_none", v => v is null),
        ["boolean"] = One("test_boolean", v => v is bool),
        ["false"] = One("test_false", v => v is false),
        ["true"] = One("test_true", v => v is true),
        ["integer"] = One("test_integer", v => v is long),
        ["float"] = One("test_float", v => v is double),
        ["lower"] = One("test_lower", v => PyStrings.Predicate(JinjaRuntime.Str(v), "islower")),
        ["upper"] = One("test_upper", v => PyStrings.Predicate(JinjaRuntime.Str(v), "isupper")),
        ["string"] = One("test_string", v => v is string or Markup),
        ["mapping"] = One("test_mapping", v => v is DictValue),
        ["number"] = One("test_number", PyOps.IsNumber),
        ["sequence"] = One("test_sequence", v => v is string or Markup or ListValue or DictValue),
        ["iterable"] = One("test_iterable", v => v is Undefined { Strict: true } u ? throw u.Error() : JinjaRuntime.IsIterable(v) || v is Undefined),
        ["callable"] = One("callable", v => v is JinjaCallable or Joiner or LoopContext),
        ["sameas"] = Two("test_sameas", "other", SameAs),
        ["escaped"] = One("test_escaped", v => v is Markup),
        ["in"] = Two("test_in", "seq", (v, seq) => JinjaRuntime.Contains(seq, v)),
        ["=="] = Two("eq", "b", JinjaRuntime.Equal),
        ["eq"] = Two("eq", "b", JinjaRuntime.Equal),
        ["equalto"] = Two("eq", "b", JinjaRuntime.Equal),
        ["!="] = Two("ne", "b", (a, b) => !JinjaRuntime.Equal(a, b)),
        ["ne"] = Two("ne", "b", (a, b) => !JinjaRuntime.Equal(a, b)),
        [">"] = Two("gt", "b", (a, b) => JinjaRuntime.Order(CompareOp.Gt, a, b)),
        ["gt"] = Two("gt", "b", (a, b) => JinjaRuntime.Order(CompareOp.Gt, a, b)),
        ["greaterthan"] = Two("gt", "b", (a, b) => JinjaRuntime.Order(CompareOp.Gt, a, b)),
        [">="] = Two("ge", "b", (a, b) => JinjaRuntime.Order(CompareOp.GtEq, a, b)),
        ["ge"] = Two("ge", "b", (a, b) => JinjaRuntime.Order(CompareOp.GtEq, a, b)),
        ["<"] = Two("lt", "b", (a, b) => JinjaRuntime.Order(CompareOp.Lt, a, b)),
        ["lt"] = Two("lt", "b", (a, b) => JinjaRuntime.Order(CompareOp.Lt, a, b)),
        ["lessthan"] = Two("lt", "b", (a, b) => JinjaRuntime.Order(CompareOp.Lt, a, b)),
        ["<="] = Two("le", "b", (a, b) => JinjaRuntime.Order(CompareOp.LtEq, a, b)),
        ["le"] = Two("le", "b", (a, b) => JinjaRuntime.Order(CompareOp.LtEq, a, b)),
    };

    public static Test? Lookup(string name) => Tests.GetValueOrDefault(name);

    /// <summary>Python's <c>is</c>: identity, which for small ints, booleans, None and the same object holds.</summary>
    private static bool SameAs(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is bool ba) return b is bool bb && ba == bb;
        if (a is long la) return b is long lb && la == lb && la is >= -5 and <= 256;
        return ReferenceEquals(a, b);
    }
}
