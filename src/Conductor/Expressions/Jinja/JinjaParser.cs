namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>
/// Jinja's parser: templates (<c>parse</c>) and single expressions (<c>parse_expression</c>,
/// <c>compile_expression</c>), with Jinja's precedence and error messages. Nesting is bounded:
/// deeper input is a grammar error, never a stack overflow.
/// </summary>
internal sealed class JinjaParser
{
    /// <summary>The deepest nesting of expressions and blocks accepted.</summary>
    public const int MaxDepth = 256;

    private static readonly HashSet<string> StatementKeywords =
        ["for", "if", "block", "extends", "print", "macro", "include", "from", "import", "set", "with", "autoescape"];

    private readonly List<Token> _tokens;
    private readonly List<string> _tagStack = [];
    private readonly List<string[]> _endTokenStack = [];
    private int _index;
    private int _depth;

    private JinjaParser(List<Token> tokens)
    {
        _tokens = tokens;
        if (tokens[0].Kind == TokenKind.Error) throw (TemplateSyntaxException)tokens[0].Literal!;
    }

    /// <summary>Parses a whole template (Jinja's <c>Environment.parse</c>).</summary>
    public static TemplateNode ParseTemplate(string source)
    {
        var parser = new JinjaParser(JinjaLexer.Tokenize(source));
        var body = parser.Subparse(null);
        return new TemplateNode(body);
    }

    /// <summary>
    /// Parses one expression (Jinja's <c>Parser(..., state="variable").parse_expression()</c>).
    /// With <paramref name="requireEnd"/>, text after it is an error (<c>compile_expression</c>'s "chunk after expression").
    /// </summary>
    public static Expr ParseExpressionSource(string source, bool requireEnd)
    {
        var tokens = JinjaLexer.Tokenize(source, expressionOnly: true);
        if (requireEnd && tokens[0] is { Kind: TokenKind.Error } first)
        {
            // compile_expression meets an error in the first token before its error handling starts:
            // the reference's message then keeps its "line N" suffix.
            var e = (TemplateSyntaxException)first.Literal!;
            throw new TemplateSyntaxException($"{e.Message}\n  line {e.Line}", e.Line, e.Offset, e.ErrorType);
        }

        var parser = new JinjaParser(tokens);
        var expr = parser.ParseExpression();
        if (requireEnd && parser.Current.Kind != TokenKind.Eof)
        {
            throw new TemplateSyntaxException("chunk after expression", parser.Current.Line, parser.Current.Offset);
        }

        return expr;
    }

    private Token Current => _tokens[_index];

    private Token Next()
    {
        var token = _tokens[_index];
        if (token.Kind == TokenKind.Eof) return token;
        _index++;
        if (_tokens[_index].Kind == TokenKind.Error) throw (TemplateSyntaxException)_tokens[_index].Literal!;
        return token;
    }

    private Token Look()
    {
        if (Current.Kind == TokenKind.Eof) return Current;
        var next = _tokens[_index + 1];
        if (next.Kind == TokenKind.Error) throw (TemplateSyntaxException)next.Literal!;
        return next;
    }

    private bool SkipIf(TokenKind kind)
    {
        if (Current.Kind != kind) return false;
        Next();
        return true;
    }

    private bool SkipIfName(string name)
    {
        if (!Current.IsName(name)) return false;
        Next();
        return true;
    }

    private TemplateSyntaxException Fail(string message, Token? at = null)
    {
        var token = at ?? Current;
        return new TemplateSyntaxException(message, token.Line, token.Offset);
    }

    private Token Expect(TokenKind kind) => ExpectCore(kind, null);

    private Token ExpectName(string name) => ExpectCore(TokenKind.Name, name);

    private Token ExpectCore(TokenKind kind, string? name)
    {
        var current = Current;
        if (current.Kind == kind && (name is null || current.Text == name)) return Next();
        var expected = name ?? JinjaLexer.DescribeKind(kind);
        if (current.Kind == TokenKind.Eof) throw Fail($"unexpected end of template, expected {Quote(expected)}.");
        throw Fail($"expected token {Quote(expected)}, got {Quote(current.Describe())}");
    }

    private static string Quote(string s) => Values.PyRepr.QuoteString(s);

    private void Enter()
    {
        if (++_depth > MaxDepth) throw Fail($"the expression is nested too deeply (more than {MaxDepth} levels)");
    }

    private void Leave() => _depth--;

    private static T Track<T>(T node)
        where T : Expr
    {
        if (node.Depth > MaxDepth * 2) throw new TemplateSyntaxException($"the expression is nested too deeply (more than {MaxDepth * 2} levels)", node.Line, node.Offset);
        return node;
    }

    // ---- statements -------------------------------------------------------------------------

    private List<Node> Subparse(string[]? endTokens)
    {
        Enter();
        var body = new List<Node>();
        var data = new List<Expr>();
        if (endTokens is not null) _endTokenStack.Add(endTokens);

        void Flush()
        {
            if (data.Count == 0) return;
            body.Add(new OutputNode([.. data]));
            data.Clear();
        }

        try
        {
            while (Current.Kind != TokenKind.Eof)
            {
                var token = Current;
                switch (token.Kind)
                {
                    case TokenKind.Data:
                        data.Add(new TemplateData(token.Text, token.Line, token.Offset));
                        Next();
                        break;
                    case TokenKind.VariableBegin:
                        Next();
                        data.Add(ParseTuple(withCondExpr: true));
                        Expect(TokenKind.VariableEnd);
                        break;
                    case TokenKind.BlockBegin:
                        Flush();
                        Next();
                        if (endTokens is not null && endTokens.Any(e => Current.IsName(e))) return body;
                        body.Add(ParseStatement());
                        Expect(TokenKind.BlockEnd);
                        break;
                    default:
                        throw Fail("internal parsing error");
                }
            }

            Flush();
            return body;
        }
        finally
        {
            if (endTokens is not null) _endTokenStack.RemoveAt(_endTokenStack.Count - 1);
            Leave();
        }
    }

    private Node ParseStatement()
    {
        var token = Current;
        if (token.Kind != TokenKind.Name) throw Fail("tag name expected", token);
        _tagStack.Add(token.Text);
        var pop = true;
        try
        {
            if (StatementKeywords.Contains(token.Text) || token.Text is "call" or "filter")
            {
                switch (token.Text)
                {
                    case "for": return ParseFor();
                    case "if": return ParseIf();
                    case "set": return ParseSet();
                    case "with": return ParseWith();
                    case "print": return ParsePrint();
                    case "filter": return ParseFilterBlock();
                    case "macro": return ParseMacro();
                    case "call": return ParseCallBlock();
                    case "block": return ParseBlock();
                    case "autoescape": return ParseAutoescape();
                    case "extends" or "include" or "import" or "from": return ParseLoaderTag(token.Text);
                }
            }

            _tagStack.RemoveAt(_tagStack.Count - 1);
            pop = false;
            throw FailUnknownTag(token.Text, token);
        }
        finally
        {
            if (pop) _tagStack.RemoveAt(_tagStack.Count - 1);
        }
    }

    private TemplateSyntaxException FailUnknownTag(string? name, Token at, List<string[]>? stack = null)
    {
        stack ??= _endTokenStack;
        var expected = new HashSet<string>(stack.SelectMany(s => s));
        var currentlyLooking = stack.Count > 0 ? string.Join(" or ", stack[^1].Select(Quote)) : null;
        var message = new List<string> { name is null ? "Unexpected end of template." : $"Encountered unknown tag {Quote(name)}." };
        if (currentlyLooking is not null)
        {
            if (name is not null && expected.Contains(name))
            {
                message.Add($"You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for {currentlyLooking}.");
            }
            else
            {
                message.Add($"Jinja was looking for the following tags: {currentlyLooking}.");
            }
        }

        if (_tagStack.Count > 0) message.Add($"The innermost block that needs to be closed is {Quote(_tagStack[^1])}.");
        return Fail(string.Join(" ", message), at);
    }

    private List<Node> ParseStatements(string[] endTokens, bool dropNeedle = false)
    {
        SkipIf(TokenKind.Colon);
        Expect(TokenKind.BlockEnd);
        var result = Subparse(endTokens);
        if (Current.Kind == TokenKind.Eof)
        {
            var stack = new List<string[]>(_endTokenStack) { endTokens };
            throw FailUnknownTag(null, Current, stack);
        }

        if (dropNeedle) Next();
        return result;
    }

    private Node ParseSet()
    {
        var token = Next();
        var target = ParseAssignTarget(withNamespace: true);
        if (SkipIf(TokenKind.Assign))
        {
            var expr = ParseTuple();
            return new AssignNode(target, expr, token.Line);
        }

        var filter = ParseFilter(null, startInline: false);
        var body = ParseStatements(["endset"], dropNeedle: true);
        return new AssignBlockNode(target, filter as FilterExpr, body, token.Line);
    }

    private ForNode ParseFor()
    {
        var token = ExpectName("for");
        var target = ParseAssignTarget(extraEndRules: ["in"]);
        ExpectName("in");
        var iter = ParseTuple(withCondExpr: false, extraEndRules: ["recursive"]);
        Expr? test = null;
        if (SkipIfName("if")) test = ParseExpression();
        var recursive = SkipIfName("recursive");
        var body = ParseStatements(["endfor", "else"]);
        List<Node> elseBody;
        if (Next().Text == "endfor")
        {
            elseBody = [];
        }
        else
        {
            elseBody = ParseStatements(["endfor"], dropNeedle: true);
        }

        return new ForNode(target, iter, body, elseBody, test, recursive, token.Line);
    }

    private IfNode ParseIf()
    {
        var token = ExpectName("if");
        var branches = new List<(Expr Test, List<Node> Body)>();
        List<Node> elseBody = [];
        while (true)
        {
            var test = ParseTuple(withCondExpr: false);
            var body = ParseStatements(["elif", "else", "endif"]);
            branches.Add((test, body));
            var next = Next();
            if (next.IsName("elif")) continue;
            if (next.IsName("else")) elseBody = ParseStatements(["endif"], dropNeedle: true);
            break;
        }

        return new IfNode(branches, elseBody, token.Line);
    }

    private WithNode ParseWith()
    {
        var token = Next();
        var targets = new List<Expr>();
        var values = new List<Expr>();
        while (Current.Kind != TokenKind.BlockEnd)
        {
            if (targets.Count > 0) Expect(TokenKind.Comma);
            targets.Add(ParseAssignTarget());
            Expect(TokenKind.Assign);
            values.Add(ParseExpression());
        }

        var body = ParseStatements(["endwith"], dropNeedle: true);
        return new WithNode(targets, values, body, token.Line);
    }

    private OutputNode ParsePrint()
    {
        Next();
        var nodes = new List<Expr>();
        while (Current.Kind != TokenKind.BlockEnd)
        {
            if (nodes.Count > 0) Expect(TokenKind.Comma);
            nodes.Add(ParseExpression());
        }

        return new OutputNode([.. nodes]);
    }

    private FilterBlockNode ParseFilterBlock()
    {
        var token = Next();
        var filter = (FilterExpr)ParseFilter(null, startInline: true)!;
        var body = ParseStatements(["endfilter"], dropNeedle: true);
        return new FilterBlockNode(filter, body, token.Line);
    }

    private MacroNode ParseMacro()
    {
        var token = Next();
        var name = ParseAssignTarget(nameOnly: true);
        var (args, defaults) = ParseSignature();
        var body = ParseStatements(["endmacro"], dropNeedle: true);
        return new MacroNode(((NameExpr)name).Name, args, defaults, body, token.Line);
    }

    private (List<string> Args, List<Expr> Defaults) ParseSignature()
    {
        var args = new List<string>();
        var defaults = new List<Expr>();
        Expect(TokenKind.LParen);
        while (Current.Kind != TokenKind.RParen)
        {
            if (args.Count > 0) Expect(TokenKind.Comma);
            var arg = (NameExpr)ParseAssignTarget(nameOnly: true);
            if (SkipIf(TokenKind.Assign)) defaults.Add(ParseExpression());
            else if (defaults.Count > 0) throw Fail("non-default argument follows default argument");
            args.Add(arg.Name);
        }

        Expect(TokenKind.RParen);
        return (args, defaults);
    }

    private CallBlockNode ParseCallBlock()
    {
        var token = Next();
        var (args, defaults) = Current.Kind == TokenKind.LParen ? ParseSignature() : ([], []);
        var call = ParseExpression();
        if (call is not CallExpr callExpr) throw Fail("expected call", token);
        var body = ParseStatements(["endcall"], dropNeedle: true);
        return new CallBlockNode(args, defaults, callExpr, body, token.Line);
    }

    private BlockNode ParseBlock()
    {
        var token = Next();
        var name = Expect(TokenKind.Name).Text;
        SkipIfName("scoped");
        var required = SkipIfName("required");
        if (Current.Kind == TokenKind.Sub)
        {
            throw Fail("Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.");
        }

        var body = ParseStatements(["endblock"], dropNeedle: true);
        if (required && body.Any(n => n is not OutputNode o || !o.IsWhitespaceData))
        {
            throw Fail("Required blocks can only contain comments or whitespace");
        }

        SkipIfName(name);
        return new BlockNode(body, token.Line);
    }

    private AutoescapeNode ParseAutoescape()
    {
        var token = Next();
        var option = ParseExpression();
        var body = ParseStatements(["endautoescape"], dropNeedle: true);
        return new AutoescapeNode(option, body, token.Line);
    }

    // extends, include, import and from parse as in Jinja; rendering them needs a template loader, which Orquesta has not.
    private LoaderTagNode ParseLoaderTag(string tag)
    {
        var token = Next();
        var template = ParseExpression();
        switch (tag)
        {
            case "include":
                if (Current.IsName("ignore") && Look().IsName("missing"))
                {
                    Next();
                    Next();
                }

                ParseImportContext();
                break;
            case "import":
                ExpectName("as");
                ParseAssignTarget(nameOnly: true);
                ParseImportContext();
                break;
            case "from":
                ExpectName("import");
                var names = 0;
                while (true)
                {
                    if (names > 0) Expect(TokenKind.Comma);
                    if (Current.Kind == TokenKind.Name)
                    {
                        if (ParseImportContext()) break;
                        var target = (NameExpr)ParseAssignTarget(nameOnly: true);
                        if (target.Name.StartsWith('_'))
                        {
                            throw new TemplateSyntaxException("names starting with an underline can not be imported", target.Line, target.Offset, "TemplateAssertionError");
                        }

                        if (SkipIfName("as")) ParseAssignTarget(nameOnly: true);
                        names++;
                        if (ParseImportContext() || Current.Kind != TokenKind.Comma) break;
                    }
                    else
                    {
                        Expect(TokenKind.Name);
                    }
                }

                break;
        }

        return new LoaderTagNode(tag, template, token.Line);
    }

    private bool ParseImportContext()
    {
        if ((Current.IsName("with") || Current.IsName("without")) && Look().IsName("context"))
        {
            Next();
            Next();
            return true;
        }

        return false;
    }

    private Expr ParseAssignTarget(bool withTuple = true, bool nameOnly = false, string[]? extraEndRules = null, bool withNamespace = false)
    {
        Expr target;
        if (nameOnly)
        {
            var token = Expect(TokenKind.Name);
            target = new NameExpr(token.Text, token.Line, token.Offset);
        }
        else if (withTuple)
        {
            target = ParseTuple(simplified: true, extraEndRules: extraEndRules, withNamespace: withNamespace);
        }
        else
        {
            target = ParsePrimary(withNamespace);
        }

        if (!CanAssign(target))
        {
            throw new TemplateSyntaxException($"can't assign to {Quote(target.NodeName.ToLowerInvariant())}", target.Line, target.Offset);
        }

        return target;
    }

    private static bool CanAssign(Expr target) => target switch
    {
        NameExpr n => n.Name is not ("true" or "false" or "none" or "True" or "False" or "None"),
        NsRefExpr => true,
        TupleExpr t => t.Items.All(CanAssign),
        _ => false,
    };

    // ---- expressions ------------------------------------------------------------------------

    private Expr ParseExpression(bool withCondExpr = true) => withCondExpr ? ParseCondExpr() : ParseOr();

    private Expr ParseCondExpr()
    {
        Enter();
        try
        {
            var token = Current;
            var expr1 = ParseOr();
            while (SkipIfName("if"))
            {
                var expr2 = ParseOr();
                Expr? expr3 = SkipIfName("else") ? ParseCondExpr() : null;
                expr1 = Track(new CondExpr(expr2, expr1, expr3, token.Line, token.Offset));
                token = Current;
            }

            return expr1;
        }
        finally
        {
            Leave();
        }
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            var token = Next();
            left = Track(new OrExpr(left, ParseAnd(), token.Line, token.Offset));
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            var token = Next();
            left = Track(new AndExpr(left, ParseNot(), token.Line, token.Offset));
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (Current.IsName("not"))
        {
            var token = Next();
            Enter();
            try
            {
                return Track(new NotExpr(ParseNot(), token.Line, token.Offset));
            }
            finally
            {
                Leave();
            }
        }

        return ParseCompare();
    }

    private Expr ParseCompare()
    {
        var start = Current;
        var expr = ParseMath1();
        var ops = new List<(CompareOp Op, Expr Operand)>();
        while (true)
        {
            var kind = Current.Kind;
            CompareOp? op = kind switch
            {
                TokenKind.Eq => CompareOp.Eq,
                TokenKind.Ne => CompareOp.Ne,
                TokenKind.Lt => CompareOp.Lt,
                TokenKind.LtEq => CompareOp.LtEq,
                TokenKind.Gt => CompareOp.Gt,
                TokenKind.GtEq => CompareOp.GtEq,
                _ => null,
            };
            if (op is not null)
            {
                Next();
                ops.Add((op.Value, ParseMath1()));
            }
            else if (SkipIfName("in"))
            {
                ops.Add((CompareOp.In, ParseMath1()));
            }
            else if (Current.IsName("not") && Look().IsName("in"))
            {
                Next();
                Next();
                ops.Add((CompareOp.NotIn, ParseMath1()));
            }
            else
            {
                break;
            }
        }

        return ops.Count == 0 ? expr : Track(new CompareExpr(expr, [.. ops], start.Line, start.Offset));
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Current.Kind is TokenKind.Add or TokenKind.Sub)
        {
            var token = Next();
            var right = ParseConcat();
            left = Track(new BinaryExpr(token.Kind == TokenKind.Add ? BinaryOp.Add : BinaryOp.Sub, left, right, token.Line, token.Offset));
        }

        return left;
    }

    private Expr ParseConcat()
    {
        var start = Current;
        var args = new List<Expr> { ParseMath2() };
        while (Current.Kind == TokenKind.Tilde)
        {
            Next();
            args.Add(ParseMath2());
        }

        return args.Count == 1 ? args[0] : Track(new ConcatExpr([.. args], start.Line, start.Offset));
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind is TokenKind.Mul or TokenKind.Div or TokenKind.FloorDiv or TokenKind.Mod)
        {
            var token = Next();
            var op = token.Kind switch
            {
                TokenKind.Mul => BinaryOp.Mul,
                TokenKind.Div => BinaryOp.Div,
                TokenKind.FloorDiv => BinaryOp.FloorDiv,
                _ => BinaryOp.Mod,
            };
            left = Track(new BinaryExpr(op, left, ParsePow(), token.Line, token.Offset));
        }

        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary();
        while (Current.Kind == TokenKind.Pow)
        {
            var token = Next();
            left = Track(new BinaryExpr(BinaryOp.Pow, left, ParseUnary(), token.Line, token.Offset));
        }

        return left;
    }

    private Expr ParseUnary(bool withFilter = true)
    {
        var token = Current;
        Expr node;
        if (token.Kind is TokenKind.Sub or TokenKind.Add)
        {
            Next();
            Enter();
            try
            {
                var operand = ParseUnary(withFilter: false);
                node = Track(new UnaryExpr(token.Kind == TokenKind.Sub, operand, token.Line, token.Offset));
            }
            finally
            {
                Leave();
            }
        }
        else
        {
            node = ParsePrimary();
        }

        node = ParsePostfix(node);
        if (withFilter) node = ParseFilterExpr(node);
        return node;
    }

    private Expr ParsePrimary(bool withNamespace = false)
    {
        Enter();
        try
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Name:
                    Next();
                    switch (token.Text)
                    {
                        case "true" or "True": return new ConstExpr(true, token.Line, token.Offset);
                        case "false" or "False": return new ConstExpr(false, token.Line, token.Offset);
                        case "none" or "None": return new ConstExpr(null, token.Line, token.Offset);
                    }

                    if (withNamespace && Current.Kind == TokenKind.Dot)
                    {
                        Next();
                        var attr = Expect(TokenKind.Name);
                        return new NsRefExpr(token.Text, attr.Text, token.Line, token.Offset);
                    }

                    return new NameExpr(token.Text, token.Line, token.Offset);
                case TokenKind.String:
                    Next();
                    var text = token.Text;
                    if (Current.Kind == TokenKind.String)
                    {
                        var sb = new System.Text.StringBuilder(text);
                        while (Current.Kind == TokenKind.String) sb.Append(Next().Text);
                        text = sb.ToString();
                    }

                    return new ConstExpr(text, token.Line, token.Offset);
                case TokenKind.Integer or TokenKind.Float:
                    Next();
                    return new ConstExpr(token.Literal, token.Line, token.Offset);
                case TokenKind.LParen:
                    Next();
                    var node = ParseTuple(explicitParentheses: true);
                    Expect(TokenKind.RParen);
                    return node;
                case TokenKind.LBracket:
                    return ParseList();
                case TokenKind.LBrace:
                    return ParseDict();
                default:
                    throw Fail($"unexpected {Quote(token.Describe())}", token);
            }
        }
        finally
        {
            Leave();
        }
    }

    private bool IsTupleEnd(string[]? extraEndRules)
    {
        var kind = Current.Kind;
        if (kind is TokenKind.VariableEnd or TokenKind.BlockEnd or TokenKind.RParen) return true;
        return extraEndRules is not null && extraEndRules.Any(r => Current.IsName(r));
    }

    private Expr ParseTuple(bool simplified = false, bool withCondExpr = true, string[]? extraEndRules = null, bool explicitParentheses = false, bool withNamespace = false)
    {
        var start = Current;
        var args = new List<Expr>();
        var isTuple = false;
        while (true)
        {
            if (args.Count > 0) Expect(TokenKind.Comma);
            if (IsTupleEnd(extraEndRules)) break;
            args.Add(simplified ? ParsePrimary(withNamespace) : ParseExpression(withCondExpr));
            if (Current.Kind == TokenKind.Comma) isTuple = true;
            else break;
        }

        if (!isTuple)
        {
            if (args.Count > 0) return args[0];
            if (!explicitParentheses) throw Fail($"Expected an expression, got {Quote(Current.Describe())}");
        }

        return Track(new TupleExpr([.. args], start.Line, start.Offset));
    }

    private ListExpr ParseList()
    {
        var token = Expect(TokenKind.LBracket);
        var items = new List<Expr>();
        while (Current.Kind != TokenKind.RBracket)
        {
            if (items.Count > 0) Expect(TokenKind.Comma);
            if (Current.Kind == TokenKind.RBracket) break;
            items.Add(ParseExpression());
        }

        Expect(TokenKind.RBracket);
        return Track(new ListExpr([.. items], token.Line, token.Offset));
    }

    private DictExpr ParseDict()
    {
        var token = Expect(TokenKind.LBrace);
        var items = new List<(Expr Key, Expr Value)>();
        while (Current.Kind != TokenKind.RBrace)
        {
            if (items.Count > 0) Expect(TokenKind.Comma);
            if (Current.Kind == TokenKind.RBrace) break;
            var key = ParseExpression();
            Expect(TokenKind.Colon);
            items.Add((key, ParseExpression()));
        }

        Expect(TokenKind.RBrace);
        return Track(new DictExpr([.. items], token.Line, token.Offset));
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            var kind = Current.Kind;
            if (kind is TokenKind.Dot or TokenKind.LBracket) node = ParseSubscript(node);
            else if (kind == TokenKind.LParen) node = ParseCall(node);
            else break;
        }

        return node;
    }

    private Expr ParseFilterExpr(Expr node)
    {
        while (true)
        {
            var kind = Current.Kind;
            if (kind == TokenKind.Pipe) node = ParseFilter(node, startInline: false)!;
            else if (Current.IsName("is")) node = ParseTest(node);
            else if (kind == TokenKind.LParen) node = ParseCall(node);
            else break;
        }

        return node;
    }

    private Expr ParseSubscript(Expr node)
    {
        var token = Next();
        if (token.Kind == TokenKind.Dot)
        {
            var attr = Current;
            Next();
            if (attr.Kind == TokenKind.Name) return Track(new GetattrExpr(node, attr.Text, token.Line, token.Offset));
            if (attr.Kind != TokenKind.Integer) throw Fail("expected name or number", attr);
            return Track(new GetitemExpr(node, new ConstExpr(attr.Literal, attr.Line, attr.Offset), token.Line, token.Offset));
        }

        var args = new List<Expr>();
        while (Current.Kind != TokenKind.RBracket)
        {
            if (args.Count > 0) Expect(TokenKind.Comma);
            args.Add(ParseSubscribed());
        }

        Expect(TokenKind.RBracket);
        var arg = args.Count == 1 ? args[0] : new TupleExpr([.. args], token.Line, token.Offset);
        return Track(new GetitemExpr(node, arg, token.Line, token.Offset));
    }

    private Expr ParseSubscribed()
    {
        var start = Current;
        var args = new List<Expr?>();
        if (Current.Kind == TokenKind.Colon)
        {
            Next();
            args.Add(null);
        }
        else
        {
            var node = ParseExpression();
            if (Current.Kind != TokenKind.Colon) return node;
            Next();
            args.Add(node);
        }

        if (Current.Kind == TokenKind.Colon) args.Add(null);
        else if (Current.Kind is not (TokenKind.RBracket or TokenKind.Comma)) args.Add(ParseExpression());
        else args.Add(null);

        if (Current.Kind == TokenKind.Colon)
        {
            Next();
            args.Add(Current.Kind is not (TokenKind.RBracket or TokenKind.Comma) ? ParseExpression() : null);
        }
        else
        {
            args.Add(null);
        }

        return new SliceExpr(args[0], args[1], args[2], start.Line, start.Offset);
    }

    private CallArgs ParseCallArgs()
    {
        var token = Expect(TokenKind.LParen);
        var args = new List<Expr>();
        var kwargs = new List<(string Name, Expr Value)>();
        Expr? dynArgs = null;
        Expr? dynKwargs = null;
        var requireComma = false;

        void Ensure(bool ok)
        {
            if (!ok) throw Fail("invalid syntax for function call expression", token);
        }

        while (Current.Kind != TokenKind.RParen)
        {
            if (requireComma)
            {
                Expect(TokenKind.Comma);
                if (Current.Kind == TokenKind.RParen) break;
            }

            if (Current.Kind == TokenKind.Mul)
            {
                Ensure(dynArgs is null && dynKwargs is null);
                Next();
                dynArgs = ParseExpression();
            }
            else if (Current.Kind == TokenKind.Pow)
            {
                Ensure(dynKwargs is null);
                Next();
                dynKwargs = ParseExpression();
            }
            else if (Current.Kind == TokenKind.Name && Look().Kind == TokenKind.Assign)
            {
                Ensure(dynKwargs is null);
                var key = Current.Text;
                Next();
                Next();
                kwargs.Add((key, ParseExpression()));
            }
            else
            {
                Ensure(dynArgs is null && dynKwargs is null && kwargs.Count == 0);
                args.Add(ParseExpression());
            }

            requireComma = true;
        }

        Expect(TokenKind.RParen);
        return new CallArgs([.. args], [.. kwargs], dynArgs, dynKwargs);
    }

    private CallExpr ParseCall(Expr node)
    {
        var token = Current;
        var args = ParseCallArgs();
        return Track(new CallExpr(node, args, token.Line, token.Offset));
    }

    private Expr? ParseFilter(Expr? node, bool startInline)
    {
        while (Current.Kind == TokenKind.Pipe || startInline)
        {
            if (!startInline) Next();
            var token = Expect(TokenKind.Name);
            var name = token.Text;
            while (Current.Kind == TokenKind.Dot)
            {
                Next();
                name += "." + Expect(TokenKind.Name).Text;
            }

            var args = Current.Kind == TokenKind.LParen ? ParseCallArgs() : CallArgs.None;
            node = Track(new FilterExpr(node, name, args, token.Line, token.Offset));
            startInline = false;
        }

        return node;
    }

    private Expr ParseTest(Expr node)
    {
        var token = Next();
        var negated = SkipIfName("not");
        var name = Expect(TokenKind.Name).Text;
        while (Current.Kind == TokenKind.Dot)
        {
            Next();
            name += "." + Expect(TokenKind.Name).Text;
        }

        CallArgs args;
        if (Current.Kind == TokenKind.LParen)
        {
            args = ParseCallArgs();
        }
        else if (Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float or TokenKind.LParen or TokenKind.LBracket or TokenKind.LBrace
                 && !(Current.IsName("else") || Current.IsName("or") || Current.IsName("and")))
        {
            if (Current.IsName("is")) throw Fail("You cannot chain multiple tests with is");
            var arg = ParsePostfix(ParsePrimary());
            args = new CallArgs([arg], [], null, null);
        }
        else
        {
            args = CallArgs.None;
        }

        Expr result = Track(new TestExpr(node, name, args, token.Line, token.Offset));
        if (negated) result = Track(new NotExpr(result, token.Line, token.Offset));
        return result;
    }
}
