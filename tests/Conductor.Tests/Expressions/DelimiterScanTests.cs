using Orquesta.Azure.Conductor.Expressions;

namespace Orquesta.Azure.Conductor.Tests.Expressions;

public class DelimiterScanTests
{
    [Theory]
    [InlineData("<%")]
    [InlineData("{{")]
    [InlineData("{%")]
    public void HasExpressions_ManyUnclosedDelimiters_FinishesAndFindsNone(string opener)
    {
        // 200,000 unclosed openers on one line: a backtracking scan would be quadratic (hours).
        var text = string.Concat(Enumerable.Repeat(opener + " x ", 200_000));
        Assert.False(ExpressionEvaluator.HasExpressions(text));
        Assert.Empty(ExpressionEvaluator.Validate(text));
    }

    [Theory]
    [InlineData("a <% 1 %> b <% 2 %>", "a 1 b 2")]
    [InlineData("<% 1 %%> %>", "1 %>")]
    [InlineData("{{ 1 }}}} {{ 2 }}", "1}} 2")]
    public void Evaluate_Delimiters_MatchTheShortestSpan(string text, string expected)
    {
        object? actual;
        try
        {
            actual = ExpressionEvaluator.Evaluate(text, new ExpressionScope(null));
        }
        catch (OrquestaException e)
        {
            actual = e.ErrorType;
        }

        Assert.Equal(expected, actual);
    }
}
