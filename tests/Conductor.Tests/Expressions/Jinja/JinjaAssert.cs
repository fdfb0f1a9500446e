using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Expressions.Jinja;

/// <summary>Evaluates Jinja through the public facade and compares with the reference's answers.</summary>
internal static class JinjaAssert
{
    public static object? Evaluate(string expr, string? dataJson = null) =>
        ExpressionEvaluator.Evaluate(expr, new ExpressionScope(dataJson is null ? DictValue.Empty : JsonValues.Parse(dataJson)));

    /// <summary>The result equals <paramref name="expectedJson"/> as a JSON value (numbers by value).</summary>
    public static void Evaluates(string expr, string expectedJson, string? dataJson = null)
    {
        var expected = JsonValues.Parse(expectedJson);
        var actual = Evaluate(expr, dataJson);
        Assert.True(JinjaConformanceTests.JsonEqual(expected, actual), $"{expr}: expected {expectedJson}, got {JinjaConformanceTests.Describe(actual)}");
    }

    /// <summary>
    /// Evaluation fails with <see cref="JinjaEvaluationException"/> wrapping <paramref name="innerError"/>
    /// (an exception name), or, for the wrapper's own errors, with that message.
    /// </summary>
    public static void Fails(string expr, string innerError, string? dataJson = null)
    {
        var e = Assert.Throws<JinjaEvaluationException>(() => Evaluate(expr, dataJson));
        if (innerError.Contains(' ', StringComparison.Ordinal))
        {
            Assert.Equal(innerError, e.Message);
            return;
        }

        Assert.StartsWith("Unable to evaluate expression '", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'. {innerError}:", e.Message, StringComparison.Ordinal);
    }
}
