using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Syntax;

/// <summary>
/// YAQL's grammar (yaql/language/parser.py, an LALR grammar with a precedence table) as a
/// precedence-climbing parser. Levels follow yaql's default operator table (factory.py); a lower
/// level binds tighter:
/// 1 <c>.</c> <c>?.</c>; 2 indexer <c>[]</c>; 3 unary <c>+</c> <c>-</c>; 4 <c>=~</c> <c>!~</c>;
/// 5 <c>*</c> <c>/</c> <c>mod</c>; 6 <c>+</c> <c>-</c>; 7 <c>&gt;</c> <c>&lt;</c> <c>&gt;=</c> <c>&lt;=</c>
/// <c>!=</c> <c>=</c> <c>in</c>; 8 unary <c>not</c>; 9 <c>and</c>; 10 <c>or</c>; 11 <c>-&gt;</c> (right-associative).
/// All binary operators but <c>-&gt;</c> are left-associative.
/// </summary>
internal sealed class Parser
{
    /// <summary>The deepest nesting accepted; deeper expressions are a grammar error, never a stack overflow.</summary>
    public const int MaxDepth = 256;

    private const int LowestLevel = 11;
    private const int IndexerLevel = 2;
    private const int UnaryArithmeticLevel = 3;
    private const int NotLevel = 8;

    private readonly Lexer _lexer;
    private Token _current;
    private int _depth;

    private Parser(string text)
    {
        _lexer = new Lexer(text);
        _current = _lexer.Next();
    }

    /// <summary>Parses an expression (the text between the delimiters, already stripped).</summary>
    /// <exception cref="YaqlParseException">A lexical or grammar error.</exception>
    public static Node Parse(string text)
    {
        var parser = new Parser(text);
        var node = parser.ParseExpression(LowestLevel);
        if (parser._current.Kind != TokenKind.End) throw parser.Unexpected();
        return node;
    }

    private static int BinaryLevel(string op, out bool rightAssociative)
    {
        rightAssociative = false;
        switch (op)
        {
            case "." or "?.": return 1;
            case "=~" or "!~": return 4;
            case "*" or "/" or "mod": return 5;
            case "+" or "-": return 6;
            case ">" or "<" or ">=" or "<=" or "!=" or "=" or "in": return 7;
            case "and": return 9;
            case "or": return 10;
            case "->":
                rightAssociative = true;
                return 11;
            default: return -1; // "not" is unary only
        }
    }

    private Token Advance()
    {
        var token = _current;
        _current = _lexer.Next();
        return token;
    }

    private YaqlParseException Unexpected() => Unexpected(_current);

    private YaqlParseException Unexpected(Token token) =>
        token.Kind == TokenKind.End
            ? YaqlParseException.Grammar(_lexer.Text, null, null)
            : YaqlParseException.Grammar(_lexer.Text, token.Display, _lexer.CodePointIndex(token.Position));

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw YaqlParseException.Grammar(
                _lexer.Text,
                null,
                null,
                $"Parse error: expression nested deeper than {MaxDepth} levels at position {_lexer.CodePointIndex(_current.Position)} of expression '{_lexer.Text}'");
        }
    }

    // Parses a value whose binary operators all have a level of at most maxLevel.
    private Node ParseExpression(int maxLevel)
    {
        Enter();
        var left = ParsePrefix();
        while (true)
        {
            var token = _current;
            if (token.Kind == TokenKind.Indexer)
            {
                if (IndexerLevel > maxLevel) break;
                Advance();
                var args = ParseArgs(TokenKind.RBracket);
                left = new FunctionNode("#indexer", [left, .. args], false);
                continue;
            }

            if (token.Kind != TokenKind.Operator) break;
            var level = BinaryLevel(token.Text, out var rightAssociative);
            if (level < 0 || level > maxLevel) break;
            Advance();
            var right = ParseExpression(rightAssociative ? level : level - 1);
            left = new FunctionNode(BinaryName(token.Text), [left, right], false);
        }

        _depth--;
        return left;
    }

    private static string BinaryName(string op) => op switch
    {
        "=" => "*equal",
        "!=" => "*not_equal",
        _ => "#operator_" + op,
    };

    private Node ParsePrefix()
    {
        var token = _current;
        switch (token.Kind)
        {
            case TokenKind.Number:
            case TokenKind.QuotedString:
            case TokenKind.True:
            case TokenKind.False:
            case TokenKind.Null:
                Advance();
                return new ConstantNode(token.Value);
            case TokenKind.KeywordString:
                Advance();
                return new KeywordConstantNode(token.Text);
            case TokenKind.Dollar:
                Advance();
                return new ContextValueNode(token.Text);
            case TokenKind.LParen:
            {
                Advance();
                var inner = ParseExpression(LowestLevel);
                if (_current.Kind != TokenKind.RParen) throw Unexpected();
                Advance();
                return new WrapNode(inner);
            }

            case TokenKind.Indexer:
                Advance();
                return new FunctionNode("#list", ParseArgs(TokenKind.RBracket), false);
            case TokenKind.Map:
                Advance();
                return new FunctionNode("#map", ParseArgs(TokenKind.RBrace), false);
            case TokenKind.Func:
                Advance();
                return new FunctionNode(token.Text, ParseArgs(TokenKind.RParen), true);
            case TokenKind.Operator when token.Text is "+" or "-" or "not":
            {
                Advance();
                Enter();
                var operand = ParseExpression((token.Text == "not" ? NotLevel : UnaryArithmeticLevel) - 1);
                _depth--;
                return new FunctionNode("#unary_operator_" + token.Text, [operand], false);
            }

            default:
                throw Unexpected();
        }
    }

    // yaql's args: positional slots (a slot may be empty: f(,1), f(1,,2)), then named ones
    // (value => value). No trailing comma, nothing positional after a named argument, and at most
    // one empty slot right before the named ones (f(1,,a=>2)).
    private object?[] ParseArgs(TokenKind closer)
    {
        if (_current.Kind == closer)
        {
            Advance();
            return [];
        }

        var args = new List<object?>();
        var values = 0;
        var trailingEmpty = 0;
        var named = false;
        while (true)
        {
            if (_current.Kind == TokenKind.Comma)
            {
                if (named) throw Unexpected();
                args.Add(NoValue.Instance);
                trailingEmpty++;
                Advance();
                continue;
            }

            if (_current.Kind == closer)
            {
                // Only reachable right after a comma: a trailing comma.
                throw Unexpected();
            }

            var value = ParseExpression(LowestLevel);
            if (_current.Kind == TokenKind.Mapping)
            {
                if (!named && args.Count > 0 && (values == 0 || trailingEmpty > 1)) throw Unexpected();
                Advance();
                var destination = ParseExpression(LowestLevel);
                args.Add(new MappingRuleNode(value, destination));
                named = true;
            }
            else
            {
                if (named) throw Unexpected();
                args.Add(value);
                values++;
                trailingEmpty = 0;
            }

            if (_current.Kind == closer)
            {
                Advance();
                return [.. args];
            }

            if (_current.Kind != TokenKind.Comma) throw Unexpected();
            Advance();
            if (_current.Kind == TokenKind.Comma)
            {
                if (named) throw Unexpected();
                continue;
            }

            if (_current.Kind == closer) throw Unexpected();
        }
    }
}
