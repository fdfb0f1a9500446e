using System.Text;
using Orquesta.Azure.Conductor.Expressions.Yaql;
using Orquesta.Azure.Conductor.Expressions.Yaql.Syntax;

namespace Orquesta.Azure.Conductor.Tests.Expressions.Yaql;

/// <summary>
/// YAQL's grammar: the operator precedence and associativity of yaql's default operator table, the
/// lexer's rules (bare names, calls, numbers, strings), and grammar and lexical errors with the
/// reference's messages and positions.
/// </summary>
public class YaqlGrammarTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "#operator_+(1, #operator_*(2, 3))")]
    [InlineData("(1 + 2) * 3", "#operator_*(#operator_+(1, 2), 3)")]
    [InlineData("10 - 2 - 3", "#operator_-(#operator_-(10, 2), 3)")]
    [InlineData("8 / 4 / 2", "#operator_/(#operator_/(8, 4), 2)")]
    [InlineData("2 * 3 mod 4", "#operator_mod(#operator_*(2, 3), 4)")]
    [InlineData("a = b and c != d or e", "#operator_or(#operator_and(*equal('a', 'b'), *not_equal('c', 'd')), 'e')")]
    [InlineData("a or b and c", "#operator_or('a', #operator_and('b', 'c'))")]
    [InlineData("not a and b", "#operator_and(#unary_operator_not('a'), 'b')")]
    [InlineData("not a = b", "#unary_operator_not(*equal('a', 'b'))")]
    [InlineData("a * not b + c", "#operator_*('a', #unary_operator_not(#operator_+('b', 'c')))")]
    [InlineData("-a.b", "#unary_operator_-(#operator_.('a', 'b'))")]
    [InlineData("-a[0]", "#unary_operator_-(#indexer('a', 0))")]
    [InlineData("-a * b", "#operator_*(#unary_operator_-('a'), 'b')")]
    [InlineData("- - 1", "#unary_operator_-(#unary_operator_-(1))")]
    [InlineData("2 * -3", "#operator_*(2, #unary_operator_-(3))")]
    [InlineData("a.b.c", "#operator_.(#operator_.('a', 'b'), 'c')")]
    [InlineData("a.b[0]", "#indexer(#operator_.('a', 'b'), 0)")]
    [InlineData("a[0].b", "#operator_.(#indexer('a', 0), 'b')")]
    [InlineData("a?.b", "#operator_?.('a', 'b')")]
    [InlineData("x.select($ * 2)", "#operator_.('x', select(#operator_*($, 2)))")]
    [InlineData("'ab' =~ 'a' and true", "#operator_and(#operator_=~('ab', 'a'), True)")]
    [InlineData("2 * 'a' =~ 'a'", "#operator_*(2, #operator_=~('a', 'a'))")]
    [InlineData("1 + 2 > 2", "#operator_>(#operator_+(1, 2), 2)")]
    [InlineData("a in b = true", "*equal(#operator_in('a', 'b'), True)")]
    [InlineData("a -> b -> c", "#operator_->('a', #operator_->('b', 'c'))")]
    [InlineData("a -> b or c", "#operator_->('a', #operator_or('b', 'c'))")]
    [InlineData("[1, 2][0]", "#indexer(#list(1, 2), 0)")]
    [InlineData("{a => 1}", "#map('a' => 1)")]
    [InlineData("[]", "#list()")]
    [InlineData("f(1, b => 2)", "f(1, 'b' => 2)")]
    [InlineData("f(x => 1 + 2)", "f('x' => #operator_+(1, 2))")]
    [InlineData("switch(a > 1 => b, true => c)", "switch(#operator_>('a', 1) => 'b', True => 'c')")]
    [InlineData("f(,1)", "f(<NoValue>, 1)")]
    [InlineData("f(1,,2)", "f(1, <NoValue>, 2)")]
    [InlineData("f(1,,a => 2)", "f(1, <NoValue>, 'a' => 2)")]
    [InlineData("let(x => 1) -> $x", "#operator_->(let('x' => 1), $x)")]
    [InlineData("$", "$")]
    [InlineData("$1 + $name", "#operator_+($1, $name)")]
    [InlineData("null", "None")]
    [InlineData("1.5", "1.5")]
    [InlineData("007", "7")]
    public void Parse_Expression_BuildsYaqlTree(string expression, string tree) =>
        Assert.Equal(tree, Parser.Parse(expression).ToString());

    [Theory]
    [InlineData("ctx(name)", "ctx('name')")]
    [InlineData("and", null)]
    [InlineData("notx", "'notx'")]
    [InlineData("_x", "'_x'")]
    [InlineData("x__", "'x__'")]
    [InlineData("true_", "'true_'")]
    [InlineData("ü", "'ü'")]
    [InlineData("𝒳", "'𝒳'")]
    [InlineData("not(x)", "not('x')")]
    [InlineData("__f(x)", "__f('x')")]
    [InlineData("1.5.x", "#operator_.(1.5, 'x')")]
    [InlineData("1 .2", "#operator_.(1, 2)")]
    public void Parse_NamesAndNumbers_LexAsYaqlDoes(string expression, string? tree)
    {
        if (tree is null)
        {
            Assert.Throws<YaqlParseException>(() => Parser.Parse(expression));
            return;
        }

        Assert.Equal(tree, Parser.Parse(expression).ToString());
    }

    [Theory]
    [InlineData("'a\\tb'", "a\tb")]
    [InlineData("\"q\\\"d\"", "q\"d")]
    [InlineData("'\\u0041\\x42\\101'", "ABA")]
    [InlineData("'\\\\'", "\\")]
    [InlineData("'a\\qb'", "a\\qb")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("`back\\`tick\\n`", "back`tick\\n")]
    [InlineData("'two\nlines'", "two\nlines")]
    public void Parse_StringLiteral_DecodesEscapesAsYaqlDoes(string literal, string value)
    {
        var node = Assert.IsType<ConstantNode>(Parser.Parse(literal));
        Assert.Equal(value, node.Value);
    }

    [Theory]
    [InlineData("1 2", "Parse error: unexpected '2' at position 2 of expression '1 2'")]
    [InlineData("(2", "Parse error: unexpected end of statement")]
    [InlineData("1 + ", "Parse error: unexpected end of statement")]
    [InlineData("1 ? 2", "Lexical error: illegal character '?' at position 2")]
    [InlineData("'abc", "Lexical error: illegal character ''' at position 0")]
    [InlineData("__x", "Lexical error: illegal character '_' at position 0")]
    [InlineData("12abc", "Lexical error: illegal character '1' at position 0")]
    [InlineData("f(1,)", "Parse error: unexpected ')' at position 4 of expression 'f(1,)'")]
    [InlineData("f(1,,)", "Parse error: unexpected ')' at position 5 of expression 'f(1,,)'")]
    [InlineData("f(,)", "Parse error: unexpected ')' at position 3 of expression 'f(,)'")]
    [InlineData("[1,,]", "Parse error: unexpected ']' at position 4 of expression '[1,,]'")]
    [InlineData("f(x=>y, t)", "Parse error: unexpected ')' at position 9 of expression 'f(x=>y, t)'")]
    [InlineData("f(x=>y, ,t)", "Parse error: unexpected ',' at position 8 of expression 'f(x=>y, ,t)'")]
    [InlineData("f(, a=>1)", "Parse error: unexpected '=>' at position 5 of expression 'f(, a=>1)'")]
    [InlineData("f(a=>1 b)", "Parse error: unexpected 'b' at position 7 of expression 'f(a=>1 b)'")]
    [InlineData("1 f(x)", "Parse error: unexpected 'f' at position 2 of expression '1 f(x)'")]
    [InlineData("x => 1", "Parse error: unexpected '=>' at position 2 of expression 'x => 1'")]
    [InlineData("ctx (x)", "Parse error: unexpected '(' at position 4 of expression 'ctx (x)'")]
    [InlineData("a == b", "Parse error: unexpected '=' at position 3 of expression 'a == b'")]
    [InlineData("$x $y", "Parse error: unexpected '$y' at position 3 of expression '$x $y'")]
    [InlineData("true false", "Parse error: unexpected 'False' at position 5 of expression 'true false'")]
    [InlineData("'a' 'b'", "Parse error: unexpected 'b' at position 4 of expression ''a' 'b''")]
    [InlineData("1 +* 2", "Parse error: unexpected '*' at position 3 of expression '1 +* 2'")]
    [InlineData("𝒳 1", "Parse error: unexpected '1' at position 2 of expression '𝒳 1'")]
    [InlineData(") ", "Parse error: unexpected ')' at position 0 of expression ') '")]
    public void Parse_BadExpression_FailsWithReferenceMessage(string expression, string message)
    {
        var e = Assert.Throws<YaqlParseException>(() => Parser.Parse(expression));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Parse_DeepNesting_IsAGrammarErrorNotACrash()
    {
        var deep = new string('(', 100_000) + "1" + new string(')', 100_000);
        var e = Assert.Throws<YaqlParseException>(() => Parser.Parse(deep));
        Assert.Equal("YaqlGrammarException", e.ErrorType);
        Assert.Contains("nested deeper than", e.Message, StringComparison.Ordinal);

        var unary = new StringBuilder().Insert(0, "not ", 50_000).Append("true").ToString();
        Assert.Throws<YaqlParseException>(() => Parser.Parse(unary));

        var lists = new string('[', 50_000) + new string(']', 50_000);
        Assert.Throws<YaqlParseException>(() => Parser.Parse(lists));
    }

    [Fact]
    public void Parse_NestingWithinLimit_Parses()
    {
        var nested = new string('(', 100) + "1" + new string(')', 100);
        Assert.Equal("1", Parser.Parse(nested).ToString());
        Assert.Equal(1L, YaqlAssert.Evaluate("<% " + nested + " %>"));
    }

    [Fact]
    public void Evaluate_DeepNestingInText_IsAnEvaluationError()
    {
        var text = "<% " + new string('[', 10_000) + new string(']', 10_000) + " %>";
        var e = Assert.Throws<YaqlEvaluationException>(() => YaqlAssert.Evaluate(text));
        Assert.StartsWith("Unable to evaluate expression '<% [[[", e.Message, StringComparison.Ordinal);
        Assert.Contains("YaqlGrammarException: Parse error: expression nested deeper than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GrammarErrors_ReportedWithTheirExpressions()
    {
        var errors = YaqlLanguage.Instance.Validate("<% 1 + %> and <% ctx(x) %> and <% <% succeeded() %> and <% 1 ? 2 %>");
        Assert.Collection(
            errors,
            e =>
            {
                Assert.Equal("yaql", e.Type);
                Assert.Equal("<% 1 + %>", e.Expression);
                Assert.Equal("Parse error: unexpected end of statement", e.Message);
            },
            e =>
            {
                Assert.Equal("<% <% succeeded() %>", e.Expression);
                Assert.Equal("Parse error: unexpected '<' at position 0 of expression '<% succeeded()'", e.Message);
            },
            e =>
            {
                Assert.Equal("<% 1 ? 2 %>", e.Expression);
                Assert.Equal("Lexical error: illegal character '?' at position 2", e.Message);
            });
    }

    [Fact]
    public void Validate_ValidExpressions_ReportsNothing()
    {
        Assert.Empty(YaqlLanguage.Instance.Validate("<% ctx(x).select($ * 2) %> and <% switch(true => 1) %>"));
        Assert.Empty(YaqlLanguage.Instance.Validate("no expression here"));
    }

    [Fact]
    public void Validate_BadEscapeInString_IsReported()
    {
        var error = Assert.Single(YaqlLanguage.Instance.Validate("<% '\\u12zz' %>"));
        Assert.Equal("'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape", error.Message);
        Assert.Equal("\\u12", YaqlAssert.Evaluate("<% '\\u12' %>"));
    }

    [Fact]
    public void Parse_SameText_IsParsedOnce()
    {
        var first = YaqlLanguage.Parse("ctx(cached) + 1");
        var second = YaqlLanguage.Parse("ctx(cached) + 1");
        Assert.Same(first, second);
    }

    [Fact]
    public void FindExpressions_StripsDelimitersAsTheReference()
    {
        Assert.Equal(["ctx(a)", "1 >"], YaqlLanguage.Instance.FindExpressions("<% ctx(a) %> <%1 > >%>"));
    }
}
