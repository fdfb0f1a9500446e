using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Expressions.Yaql;

/// <summary>Evaluates YAQL the way the conductor does and compares with the reference's results.</summary>
internal static class YaqlAssert
{
    /// <summary>The context most function tests run against (the corpus's common data).</summary>
    public const string CommonData = """
        {"name": "Stanley", "count": 3, "ratio": 2.5, "flag": true, "nothing": null, "empty": "",
         "words": ["fee", "fi", "fo", "fum"], "nums": [4, 1, 3, 2, 5], "dup": [1, 2, 2, 3, 3, 3],
         "host": {"name": "web01", "ip": "10.0.0.1", "tags": ["prod", "eu"], "port": 443},
         "hosts": [{"name": "web01", "status": "up", "cpu": 10}, {"name": "web02", "status": "down", "cpu": 80},
                   {"name": "db01", "status": "up", "cpu": 55}],
         "matrix": [[1, 2], [3, 4]], "csv": "a,b,c", "padded": "  hi there  ", "mixed": {"b": 2, "a": 1, "c": 3}}
        """;

    private static readonly object? Common = JsonValues.Parse(CommonData);

    public static ExpressionScope Scope(string? dataJson = null) => new(dataJson is null ? Common : JsonValues.Parse(dataJson));

    public static object? Evaluate(string expression, string? dataJson = null) => ExpressionEvaluator.Evaluate(expression, Scope(dataJson));

    /// <summary>
    /// Asserts the result (a JSON value, numbers compared with their kind: 5 is not 5.0) or, when
    /// <paramref name="expectedJson"/> is null, that evaluation fails with a message that starts with <paramref name="errorPrefix"/>.
    /// </summary>
    public static void Check(string expression, string? expectedJson, string? errorPrefix = null, string? dataJson = null, ExpressionScope? scope = null)
    {
        scope ??= Scope(dataJson);
        if (expectedJson is null)
        {
            var e = Assert.Throws<YaqlEvaluationException>(() => ExpressionEvaluator.Evaluate(expression, scope));
            Assert.True(e.Message.StartsWith(errorPrefix!, StringComparison.Ordinal), $"{expression}: expected an error starting with {errorPrefix}, got {e.Message}");
            return;
        }

        var actual = ExpressionEvaluator.Evaluate(expression, scope);
        var expected = JsonValues.Parse(expectedJson);
        Assert.True(SameJson(expected, actual), $"{expression}: expected {expectedJson}, got {Show(actual)}");
    }

    /// <summary>JSON equality that also tells ints from floats, as the text the reference prints does.</summary>
    public static bool SameJson(object? expected, object? actual) => (expected, actual) switch
    {
        (long a, long b) => a == b,
        (double a, double b) => a.Equals(b),
        (ListValue a, ListValue b) => a.Count == b.Count && a.Zip(b).All(p => SameJson(p.First, p.Second)),
        // JSON keys are strings: the reference's int keys (dict([[1, 2]])) come out as their text.
        (DictValue a, DictValue b) => a.Count == b.Count
            && a.Keys.Select(JsonValues.KeyText).SequenceEqual(b.Keys.Select(JsonValues.KeyText))
            && a.Zip(b).All(p => SameJson(p.First.Value, p.Second.Value)),
        _ => PyOps.ValueEquals(expected, actual) && expected?.GetType() == actual?.GetType(),
    };

    public static string Show(object? value)
    {
        try
        {
            return JsonValues.Serialize(value);
        }
        catch (ArgumentException)
        {
            return PyRepr.Repr(value);
        }
    }
}
