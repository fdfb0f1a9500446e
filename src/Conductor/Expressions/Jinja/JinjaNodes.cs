using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>A node of the template tree.</summary>
internal abstract class Node
{
    /// <summary>Renders the node's output (statements) into <paramref name="output"/>.</summary>
    public abstract void Render(RenderContext context, StringBuilder output);

    /// <summary>Jinja's compile-time check: unknown filters and tests fail unless inside an <c>if</c> (a "soft" frame).</summary>
    public abstract void Check(bool soft);

    public static void RenderAll(List<Node> nodes, RenderContext context, StringBuilder output)
    {
        foreach (var node in nodes) node.Render(context, output);
    }

    public static void CheckAll(List<Node> nodes, bool soft)
    {
        foreach (var node in nodes) node.Check(soft);
    }
}

/// <summary>An expression.</summary>
internal abstract class Expr : Node
{
    protected Expr(int line, int offset, params Expr?[] children)
    {
        Line = line;
        Offset = offset;
        var depth = 0;
        foreach (var child in children)
        {
            if (child is not null && child.Depth > depth) depth = child.Depth;
        }

        Depth = depth + 1;
    }

    public int Line { get; }

    public int Offset { get; }

    /// <summary>The height of the tree under this node, bounded by the parser.</summary>
    public int Depth { get; }

    /// <summary>Jinja's node class name (for "can't assign to 'const'").</summary>
    public abstract string NodeName { get; }

    public abstract object? Eval(RenderContext context);

    public override void Render(RenderContext context, StringBuilder output)
    {
        var value = Eval(context);
        output.Append(context.Autoescape ? Markup.Escape(value).Value : JinjaRuntime.Str(value));
        RenderContext.CheckOutput(output);
    }
}

/// <summary>Literal template text.</summary>
internal sealed class TemplateData : Expr
{
    public TemplateData(string text, int line, int offset)
        : base(line, offset) => Text = text;

    public string Text { get; }

    public override string NodeName => "TemplateData";

    public override object? Eval(RenderContext context) => Text;

    public override void Render(RenderContext context, StringBuilder output)
    {
        output.Append(Text);
        RenderContext.CheckOutput(output);
    }

    public override void Check(bool soft)
    {
    }
}

internal sealed class ConstExpr : Expr
{
    public ConstExpr(object? value, int line, int offset)
        : base(line, offset) => Value = value;

    public object? Value { get; }

    public override string NodeName => "Const";

    public override object? Eval(RenderContext context) => Value;

    public override void Check(bool soft)
    {
    }
}

internal sealed class NameExpr : Expr
{
    private readonly Builtin _builtin;

    public NameExpr(string name, int line, int offset)
        : base(line, offset)
    {
        Name = name;
        _builtin = JinjaGlobals.Classify(name);
    }

    public string Name { get; }

    public override string NodeName => "Name";

    public override object? Eval(RenderContext context) =>
        context.Frame is null ? context.ResolveGlobal(Name, _builtin) : context.Resolve(Name, _builtin);

    public override void Check(bool soft)
    {
    }
}

/// <summary><c>ns.attr</c> as an assignment target.</summary>
internal sealed class NsRefExpr : Expr
{
    public NsRefExpr(string name, string attr, int line, int offset)
        : base(line, offset)
    {
        Name = name;
        Attr = attr;
    }

    public string Name { get; }

    public string Attr { get; }

    public override string NodeName => "NSRef";

    public override object? Eval(RenderContext context) =>
        JinjaRuntime.GetAttr(context, context.Resolve(Name, JinjaGlobals.Classify(Name)), Attr);

    public override void Check(bool soft)
    {
    }
}

internal sealed class TupleExpr : Expr
{
    public TupleExpr(Expr[] items, int line, int offset)
        : base(line, offset, items) => Items = items;

    public Expr[] Items { get; }

    public override string NodeName => "Tuple";

    public override object? Eval(RenderContext context)
    {
        var values = new object?[Items.Length];
        for (var i = 0; i < values.Length; i++) values[i] = Items[i].Eval(context);
        return JinjaRuntime.Tuple(values);
    }

    public override void Check(bool soft)
    {
        foreach (var item in Items) item.Check(soft);
    }
}

internal sealed class ListExpr : Expr
{
    public ListExpr(Expr[] items, int line, int offset)
        : base(line, offset, items) => Items = items;

    public Expr[] Items { get; }

    public override string NodeName => "List";

    public override object? Eval(RenderContext context)
    {
        var values = new object?[Items.Length];
        for (var i = 0; i < values.Length; i++) values[i] = Items[i].Eval(context);
        return JinjaRuntime.List(values);
    }

    public override void Check(bool soft)
    {
        foreach (var item in Items) item.Check(soft);
    }
}

internal sealed class DictExpr : Expr
{
    public DictExpr((Expr Key, Expr Value)[] items, int line, int offset)
        : base(line, offset, items.SelectMany(i => new[] { i.Key, i.Value }).ToArray()) => Items = items;

    public (Expr Key, Expr Value)[] Items { get; }

    public override string NodeName => "Dict";

    public override object? Eval(RenderContext context)
    {
        var builder = new DictValue.Builder();
        foreach (var (keyExpr, valueExpr) in Items)
        {
            var key = JinjaMethods.DictKey(keyExpr.Eval(context));
            builder.Set(key, JinjaRuntime.Note(valueExpr.Eval(context)));
        }

        return builder.ToDict();
    }

    public override void Check(bool soft)
    {
        foreach (var (key, value) in Items)
        {
            key.Check(soft);
            value.Check(soft);
        }
    }
}

internal sealed class GetattrExpr : Expr
{
    public GetattrExpr(Expr node, string attr, int line, int offset)
        : base(line, offset, node)
    {
        Node = node;
        Attr = attr;
    }

    public Expr Node { get; }

    public string Attr { get; }

    public override string NodeName => "Getattr";

    public override object? Eval(RenderContext context) => JinjaRuntime.GetAttr(context, Node.Eval(context), Attr);

    public override void Check(bool soft) => Node.Check(soft);
}

internal sealed class GetitemExpr : Expr
{
    public GetitemExpr(Expr node, Expr arg, int line, int offset)
        : base(line, offset, node, arg)
    {
        Node = node;
        Arg = arg;
    }

    public Expr Node { get; }

    public Expr Arg { get; }

    public override string NodeName => "Getitem";

    public override object? Eval(RenderContext context)
    {
        var obj = Node.Eval(context);
        return JinjaRuntime.GetItem(context, obj, Arg.Eval(context));
    }

    public override void Check(bool soft)
    {
        Node.Check(soft);
        Arg.Check(soft);
    }
}

internal sealed class SliceExpr : Expr
{
    public SliceExpr(Expr? start, Expr? stop, Expr? step, int line, int offset)
        : base(line, offset, start, stop, step)
    {
        Start = start;
        Stop = stop;
        Step = step;
    }

    public Expr? Start { get; }

    public Expr? Stop { get; }

    public Expr? Step { get; }

    public override string NodeName => "Slice";

    public override object? Eval(RenderContext context) =>
        new SliceValue(Start?.Eval(context), Stop?.Eval(context), Step?.Eval(context));

    public override void Check(bool soft)
    {
        Start?.Check(soft);
        Stop?.Check(soft);
        Step?.Check(soft);
    }
}

/// <summary>The arguments of a call, filter or test.</summary>
internal sealed record CallArgs(Expr[] Args, (string Name, Expr Value)[] Kwargs, Expr? DynArgs, Expr? DynKwargs)
{
    public static readonly CallArgs None = new([], [], null, null);

    public IEnumerable<Expr> All()
    {
        foreach (var a in Args) yield return a;
        foreach (var (_, v) in Kwargs) yield return v;
        if (DynArgs is not null) yield return DynArgs;
        if (DynKwargs is not null) yield return DynKwargs;
    }

    public void Check(bool soft)
    {
        foreach (var e in All()) e.Check(soft);
    }

    public (object?[] Args, KeyValuePair<string, object?>[] Kwargs) Eval(RenderContext context)
    {
        if (ReferenceEquals(this, None)) return ([], PyArgs.None);
        object?[] args;
        if (DynArgs is null)
        {
            args = new object?[Args.Length];
            for (var i = 0; i < args.Length; i++) args[i] = Args[i].Eval(context);
        }
        else
        {
            var list = Args.Select(a => a.Eval(context)).ToList();
            list.AddRange(JinjaRuntime.Iterate(DynArgs.Eval(context)));
            args = [.. list];
        }

        KeyValuePair<string, object?>[] kwargs;
        if (Kwargs.Length == 0 && DynKwargs is null)
        {
            kwargs = PyArgs.None;
        }
        else
        {
            var list = new List<KeyValuePair<string, object?>>(Kwargs.Length);
            foreach (var (name, value) in Kwargs) list.Add(new(name, value.Eval(context)));
            if (DynKwargs is not null)
            {
                var extra = JinjaRuntime.Plain(DynKwargs.Eval(context));
                if (extra is Undefined u) throw u.Error();
                if (extra is not DictValue dict) throw ExpressionRuntimeError.TypeError($"argument after ** must be a mapping, not {JinjaRuntime.TypeName(extra)}");
                foreach (var (key, value) in dict)
                {
                    if (key is not string k) throw ExpressionRuntimeError.TypeError("keywords must be strings");
                    if (list.Any(p => p.Key == k)) throw ExpressionRuntimeError.TypeError($"got multiple values for keyword argument '{k}'");
                    list.Add(new(k, value));
                }
            }

            kwargs = [.. list];
        }

        return (args, kwargs);
    }
}

internal sealed class CallExpr : Expr
{
    public CallExpr(Expr node, CallArgs args, int line, int offset)
        : base(line, offset, [node, .. args.All()])
    {
        Node = node;
        Args = args;
    }

    public Expr Node { get; }

    public CallArgs Args { get; }

    public override string NodeName => "Call";

    /// <summary>Evaluates the call with one more keyword argument (a call block's <c>caller</c>).</summary>
    public object? EvalWithExtra(RenderContext context, KeyValuePair<string, object?> extra)
    {
        var callee = Node.Eval(context);
        var (args, kwargs) = Args.Eval(context);
        return Invoke(context, callee, args, [.. kwargs, extra]);
    }

    public override object? Eval(RenderContext context)
    {
        if (Node is GetattrExpr { } method && JinjaMethods.Mutators.Contains(method.Attr))
        {
            var receiver = method.Node.Eval(context);
            if (receiver is ListValue or DictValue && JinjaMethods.IsMethod(receiver, method.Attr))
            {
                var (margs, mkwargs) = Args.Eval(context);
                var result = JinjaMethods.Call(context, receiver, method.Attr, margs, mkwargs, out var changed);
                if (changed is not null) Assignment.TryStoreBack(context, method.Node, changed);
                return result;
            }

            return Invoke(context, JinjaRuntime.GetAttr(context, receiver, method.Attr));
        }

        return Invoke(context, Node.Eval(context));
    }

    private object? Invoke(RenderContext context, object? callee)
    {
        var (args, kwargs) = Args.Eval(context);
        return Invoke(context, callee, args, kwargs);
    }

    private static object? Invoke(RenderContext context, object? callee, object?[] args, KeyValuePair<string, object?>[] kwargs)
    {
        switch (callee)
        {
            case JinjaCallable callable:
                if (++context.CallDepth > RenderContext.MaxCallDepth) throw new ExpressionRuntimeError("RecursionError", "maximum recursion depth exceeded");
                try
                {
                    return callable.Call(context, args, kwargs);
                }
                finally
                {
                    context.CallDepth--;
                }

            case Undefined u:
                throw u.Error();
            case LoopContext loop when loop.Recursive is not null:
                if (args.Length != 1 || kwargs.Length > 0) throw ExpressionRuntimeError.TypeError("loop() takes exactly one argument");
                return loop.Recursive.RenderRecursive(context, args[0], loop.Depth0 + 1);
            case LoopContext:
                throw ExpressionRuntimeError.TypeError("Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.");
            case Joiner joiner:
                return joiner.Call();
            default:
                throw ExpressionRuntimeError.TypeError($"'{JinjaRuntime.TypeName(callee)}' object is not callable");
        }
    }

    public override void Check(bool soft)
    {
        Node.Check(soft);
        Args.Check(soft);
    }
}

internal sealed class FilterExpr : Expr
{
    private readonly JinjaFilters.Filter? _filter;

    public FilterExpr(Expr? node, string name, CallArgs args, int line, int offset)
        : base(line, offset, [node, .. args.All()])
    {
        Node = node;
        Name = name;
        Args = args;
        _filter = JinjaFilters.Lookup(name);
    }

    /// <summary>The filtered expression; <see langword="null"/> in a filter block or <c>{% set %}</c> block.</summary>
    public Expr? Node { get; }

    public string Name { get; }

    public CallArgs Args { get; }

    public override string NodeName => "Filter";

    public override object? Eval(RenderContext context) => Apply(context, Node!.Eval(context));

    public object? Apply(RenderContext context, object? value)
    {
        var filter = _filter ?? throw new ExpressionRuntimeError("TemplateRuntimeError", $"No filter named {PyRepr.QuoteString(Name)} found.");
        var (args, kwargs) = Args.Eval(context);
        return filter(context, value, args, kwargs);
    }

    public override void Check(bool soft)
    {
        if (_filter is null && !soft) throw new TemplateSyntaxException($"No filter named {PyRepr.QuoteString(Name)}.", Line, Offset, "TemplateAssertionError");
        Node?.Check(soft);
        Args.Check(soft);
    }
}

internal sealed class TestExpr : Expr
{
    private readonly JinjaTests.Test? _test;

    public TestExpr(Expr node, string name, CallArgs args, int line, int offset)
        : base(line, offset, [node, .. args.All()])
    {
        Node = node;
        Name = name;
        Args = args;
        _test = JinjaTests.Lookup(name);
    }

    public Expr Node { get; }

    public string Name { get; }

    public CallArgs Args { get; }

    public override string NodeName => "Test";

    public override object? Eval(RenderContext context)
    {
        var test = _test ?? throw new ExpressionRuntimeError("TemplateRuntimeError", $"No test named {PyRepr.QuoteString(Name)} found.");
        var value = Node.Eval(context);
        var (args, kwargs) = Args.Eval(context);
        return test(context, value, args, kwargs);
    }

    public override void Check(bool soft)
    {
        if (_test is null && !soft) throw new TemplateSyntaxException($"No test named {PyRepr.QuoteString(Name)}.", Line, Offset, "TemplateAssertionError");
        Node.Check(soft);
        Args.Check(soft);
    }
}

internal sealed class CondExpr : Expr
{
    public CondExpr(Expr test, Expr expr1, Expr? expr2, int line, int offset)
        : base(line, offset, test, expr1, expr2)
    {
        Test = test;
        Expr1 = expr1;
        Expr2 = expr2;
    }

    public Expr Test { get; }

    public Expr Expr1 { get; }

    public Expr? Expr2 { get; }

    public override string NodeName => "CondExpr";

    public override object? Eval(RenderContext context)
    {
        if (JinjaRuntime.Truthy(Test.Eval(context))) return Expr1.Eval(context);
        if (Expr2 is not null) return Expr2.Eval(context);
        return new Undefined($"the inline if-expression on line {Line} evaluated to false and no else section was defined.", strict: false);
    }

    public override void Check(bool soft)
    {
        Test.Check(true);
        Expr1.Check(true);
        Expr2?.Check(true);
    }
}

internal sealed class AndExpr : Expr
{
    private readonly Expr _left;
    private readonly Expr _right;

    public AndExpr(Expr left, Expr right, int line, int offset)
        : base(line, offset, left, right)
    {
        _left = left;
        _right = right;
    }

    public override string NodeName => "And";

    public override object? Eval(RenderContext context)
    {
        var left = _left.Eval(context);
        return JinjaRuntime.Truthy(left) ? _right.Eval(context) : left;
    }

    public override void Check(bool soft)
    {
        _left.Check(soft);
        _right.Check(soft);
    }
}

internal sealed class OrExpr : Expr
{
    private readonly Expr _left;
    private readonly Expr _right;

    public OrExpr(Expr left, Expr right, int line, int offset)
        : base(line, offset, left, right)
    {
        _left = left;
        _right = right;
    }

    public override string NodeName => "Or";

    public override object? Eval(RenderContext context)
    {
        var left = _left.Eval(context);
        return JinjaRuntime.Truthy(left) ? left : _right.Eval(context);
    }

    public override void Check(bool soft)
    {
        _left.Check(soft);
        _right.Check(soft);
    }
}

internal sealed class NotExpr : Expr
{
    private readonly Expr _node;

    public NotExpr(Expr node, int line, int offset)
        : base(line, offset, node) => _node = node;

    public override string NodeName => "Not";

    public override object? Eval(RenderContext context) => !JinjaRuntime.Truthy(_node.Eval(context));

    public override void Check(bool soft) => _node.Check(soft);
}

internal sealed class UnaryExpr : Expr
{
    private readonly bool _negate;
    private readonly Expr _node;

    public UnaryExpr(bool negate, Expr node, int line, int offset)
        : base(line, offset, node)
    {
        _negate = negate;
        _node = node;
    }

    public override string NodeName => _negate ? "Neg" : "Pos";

    public override object? Eval(RenderContext context) => JinjaRuntime.Unary(_negate, _node.Eval(context));

    public override void Check(bool soft) => _node.Check(soft);
}

internal sealed class BinaryExpr : Expr
{
    private readonly BinaryOp _op;
    private readonly Expr _left;
    private readonly Expr _right;

    public BinaryExpr(BinaryOp op, Expr left, Expr right, int line, int offset)
        : base(line, offset, left, right)
    {
        _op = op;
        _left = left;
        _right = right;
    }

    public override string NodeName => _op.ToString();

    public override object? Eval(RenderContext context)
    {
        var left = _left.Eval(context);
        var right = _right.Eval(context);
        return JinjaRuntime.Binary(_op, left, right);
    }

    public override void Check(bool soft)
    {
        _left.Check(soft);
        _right.Check(soft);
    }
}

internal sealed class ConcatExpr : Expr
{
    private readonly Expr[] _items;

    public ConcatExpr(Expr[] items, int line, int offset)
        : base(line, offset, items) => _items = items;

    public override string NodeName => "Concat";

    public override object? Eval(RenderContext context)
    {
        var sb = new StringBuilder();
        foreach (var item in _items)
        {
            sb.Append(JinjaRuntime.Str(item.Eval(context)));
            if (sb.Length > JinjaRuntime.MaxBuiltLength) throw new ExpressionRuntimeError("MemoryError", "the concatenated string is too long");
        }

        return sb.ToString();
    }

    public override void Check(bool soft)
    {
        foreach (var item in _items) item.Check(soft);
    }
}

internal sealed class CompareExpr : Expr
{
    private readonly Expr _expr;
    private readonly (CompareOp Op, Expr Operand)[] _ops;

    public CompareExpr(Expr expr, (CompareOp Op, Expr Operand)[] ops, int line, int offset)
        : base(line, offset, [expr, .. ops.Select(o => o.Operand)])
    {
        _expr = expr;
        _ops = ops;
    }

    public override string NodeName => "Compare";

    public override object? Eval(RenderContext context)
    {
        var left = _expr.Eval(context);
        foreach (var (op, operand) in _ops)
        {
            var right = operand.Eval(context);
            var ok = op switch
            {
                CompareOp.Eq => JinjaRuntime.Equal(left, right),
                CompareOp.Ne => !JinjaRuntime.Equal(left, right),
                CompareOp.In => JinjaRuntime.Contains(right, left),
                CompareOp.NotIn => !JinjaRuntime.Contains(right, left),
                _ => JinjaRuntime.Order(op, left, right),
            };
            if (!ok) return false;
            left = right;
        }

        return true;
    }

    public override void Check(bool soft)
    {
        _expr.Check(soft);
        foreach (var (_, operand) in _ops) operand.Check(soft);
    }
}

// ---- statements ------------------------------------------------------------------------------

/// <summary>The root of a template.</summary>
internal sealed class TemplateNode
{
    public TemplateNode(List<Node> body) => Body = body;

    public List<Node> Body { get; }

    public string Render(RenderContext context)
    {
        var output = new StringBuilder();
        context.Frame = new Frame(null);
        Node.RenderAll(Body, context, output);
        return output.ToString();
    }
}

internal sealed class OutputNode : Node
{
    private readonly Expr[] _nodes;

    public OutputNode(Expr[] nodes) => _nodes = nodes;

    /// <summary>Whether the output is template text made of whitespace only (what a required block may hold).</summary>
    public bool IsWhitespaceData => _nodes.All(n => n is TemplateData d && d.Text.Length > 0 && d.Text.All(char.IsWhiteSpace));

    public override void Render(RenderContext context, StringBuilder output)
    {
        foreach (var node in _nodes) node.Render(context, output);
    }

    public override void Check(bool soft)
    {
        foreach (var node in _nodes) node.Check(soft);
    }
}

internal sealed class IfNode : Node
{
    private readonly List<(Expr Test, List<Node> Body)> _branches;
    private readonly List<Node> _else;

    public IfNode(List<(Expr Test, List<Node> Body)> branches, List<Node> elseBody, int line)
    {
        _branches = branches;
        _else = elseBody;
        Line = line;
    }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output)
    {
        foreach (var (test, body) in _branches)
        {
            if (JinjaRuntime.Truthy(test.Eval(context)))
            {
                RenderAll(body, context, output);
                return;
            }
        }

        RenderAll(_else, context, output);
    }

    public override void Check(bool soft)
    {
        foreach (var (test, body) in _branches)
        {
            test.Check(true);
            CheckAll(body, true);
        }

        CheckAll(_else, true);
    }
}

internal sealed class ForNode : Node
{
    private readonly Expr _target;
    private readonly Expr _iter;
    private readonly List<Node> _body;
    private readonly List<Node> _else;
    private readonly Expr? _test;
    private readonly bool _recursive;

    public ForNode(Expr target, Expr iter, List<Node> body, List<Node> elseBody, Expr? test, bool recursive, int line)
    {
        _target = target;
        _iter = iter;
        _body = body;
        _else = elseBody;
        _test = test;
        _recursive = recursive;
        Line = line;
    }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output) =>
        RenderLoop(context, _iter.Eval(context), 0, output);

    /// <summary>A recursive loop's <c>loop(children)</c>: the body rendered over the children, as a string.</summary>
    public string RenderRecursive(RenderContext context, object? iterable, int depth0)
    {
        if (depth0 > RenderContext.MaxCallDepth) throw new ExpressionRuntimeError("RecursionError", "maximum recursion depth exceeded");
        var output = new StringBuilder();
        RenderLoop(context, iterable, depth0, output);
        return output.ToString();
    }

    private void RenderLoop(RenderContext context, object? iterable, int depth0, StringBuilder output)
    {
        var outer = context.Frame;
        var items = new List<object?>();
        foreach (var item in JinjaRuntime.Iterate(iterable))
        {
            context.Step();
            if (_test is not null)
            {
                var testFrame = new Frame(outer);
                context.Frame = testFrame;
                try
                {
                    Assignment.Assign(context, testFrame, _target, item);
                    if (!JinjaRuntime.Truthy(_test.Eval(context))) continue;
                }
                finally
                {
                    context.Frame = outer;
                }
            }

            items.Add(item);
        }

        if (items.Count == 0)
        {
            var elseFrame = new Frame(outer);
            context.Frame = elseFrame;
            try
            {
                RenderAll(_else, context, output);
            }
            finally
            {
                context.Frame = outer;
            }

            return;
        }

        var loop = new LoopContext(items, depth0, _recursive ? this : null);
        for (var i = 0; i < items.Count; i++)
        {
            context.Step();
            loop.Index0 = i;
            var frame = new Frame(outer);
            frame.Vars["loop"] = loop;
            context.Frame = frame;
            try
            {
                Assignment.Assign(context, frame, _target, items[i]);
                RenderAll(_body, context, output);
            }
            finally
            {
                context.Frame = outer;
            }
        }
    }

    public override void Check(bool soft)
    {
        _iter.Check(soft);
        _test?.Check(false);
        CheckAll(_body, false);
        CheckAll(_else, false);
    }
}

internal sealed class AssignNode : Node
{
    private readonly Expr _target;
    private readonly Expr _value;

    public AssignNode(Expr target, Expr value, int line)
    {
        _target = target;
        _value = value;
        Line = line;
    }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output) =>
        Assignment.Assign(context, context.Frame!, _target, _value.Eval(context));

    public override void Check(bool soft) => _value.Check(soft);
}

internal sealed class AssignBlockNode : Node
{
    private readonly Expr _target;
    private readonly FilterExpr? _filter;
    private readonly List<Node> _body;

    public AssignBlockNode(Expr target, FilterExpr? filter, List<Node> body, int line)
    {
        _target = target;
        _filter = filter;
        _body = body;
        Line = line;
    }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output)
    {
        var outer = context.Frame!;
        var block = new StringBuilder();
        context.Frame = new Frame(outer);
        try
        {
            RenderAll(_body, context, block);
        }
        finally
        {
            context.Frame = outer;
        }

        object? value = block.ToString();
        if (_filter is not null) value = ApplyChain(context, _filter, value);
        Assignment.Assign(context, outer, _target, value);
    }

    /// <summary>Applies a chain of filters whose innermost node is empty (a block's filters) to <paramref name="value"/>.</summary>
    public static object? ApplyChain(RenderContext context, FilterExpr filter, object? value)
    {
        if (filter.Node is FilterExpr inner) value = ApplyChain(context, inner, value);
        return filter.Apply(context, value);
    }

    public override void Check(bool soft)
    {
        _filter?.Check(false);
        CheckAll(_body, false);
    }
}

internal sealed class WithNode : Node
{
    private readonly List<Expr> _targets;
    private readonly List<Expr> _values;
    private readonly List<Node> _body;

    public WithNode(List<Expr> targets, List<Expr> values, List<Node> body, int line)
    {
        _targets = targets;
        _values = values;
        _body = body;
        Line = line;
    }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output)
    {
        var outer = context.Frame;
        var values = _values.Select(v => v.Eval(context)).ToList();
        var frame = new Frame(outer);
        context.Frame = frame;
        try
        {
            for (var i = 0; i < _targets.Count; i++) Assignment.Assign(context, frame, _targets[i], values[i]);
            RenderAll(_body, context, output);
        }
        finally
        {
            context.Frame = outer;
        }
    }

    public override void Check(bool soft)
    {
        foreach (var v in _values) v.Check(soft);
        CheckAll(_body, false);
    }
}

internal sealed class FilterBlockNode : Node
{
    private readonly FilterExpr _filter;
    private readonly List<Node> _body;

    public FilterBlockNode(FilterExpr filter, List<Node> body, int line)
    {
        _filter = filter;
        _body = body;
        Line = line;
    }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output)
    {
        var outer = context.Frame;
        var block = new StringBuilder();
        context.Frame = new Frame(outer);
        try
        {
            RenderAll(_body, context, block);
        }
        finally
        {
            context.Frame = outer;
        }

        output.Append(JinjaRuntime.Str(AssignBlockNode.ApplyChain(context, _filter, block.ToString())));
        RenderContext.CheckOutput(output);
    }

    public override void Check(bool soft)
    {
        _filter.Check(false);
        CheckAll(_body, false);
    }
}

/// <summary><c>{% macro name(args) %}</c>: defines a callable that renders its body.</summary>
internal sealed class MacroNode : Node
{
    public MacroNode(string name, List<string> args, List<Expr> defaults, List<Node> body, int line)
    {
        Name = name;
        Args = args;
        Defaults = defaults;
        Body = body;
        Line = line;
    }

    public string Name { get; }

    public List<string> Args { get; }

    public List<Expr> Defaults { get; }

    public List<Node> Body { get; }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output) =>
        context.Frame!.Vars[Name] = new Macro(Name, Args, Defaults, Body, context.Frame);

    public override void Check(bool soft)
    {
        foreach (var d in Defaults) d.Check(false);
        CheckAll(Body, false);
    }
}

/// <summary>A macro value: called, it renders its body with the arguments bound, and returns the text.</summary>
internal sealed class Macro : JinjaCallable
{
    private readonly string _name;
    private readonly List<string> _args;
    private readonly List<Expr> _defaults;
    private readonly List<Node> _body;
    private readonly Frame? _closure;

    public Macro(string name, List<string> args, List<Expr> defaults, List<Node> body, Frame? closure)
    {
        _name = name;
        _args = args;
        _defaults = defaults;
        _body = body;
        _closure = closure;
    }

    public override string Repr => $"<Macro '{_name}'>";

    public override object? Call(RenderContext context, object?[] args, KeyValuePair<string, object?>[] kwargs)
    {
        var frame = new Frame(_closure);
        var outer = context.Frame;
        context.Frame = frame;
        try
        {
            var firstDefault = _args.Count - _defaults.Count;
            for (var i = 0; i < _args.Count; i++)
            {
                var name = _args[i];
                if (i < args.Length)
                {
                    frame.Vars[name] = args[i];
                    if (kwargs.Any(k => k.Key == name)) throw ExpressionRuntimeError.TypeError($"macro {PyRepr.QuoteString(_name)} got multiple values for argument {PyRepr.QuoteString(name)}");
                }
                else if (kwargs.FirstOrDefault(k => k.Key == name) is { Key: not null } given)
                {
                    frame.Vars[name] = given.Value;
                }
                else if (i >= firstDefault)
                {
                    frame.Vars[name] = _defaults[i - firstDefault].Eval(context);
                }
                else
                {
                    frame.Vars[name] = new Undefined($"parameter {PyRepr.QuoteString(name)} was not provided", name: name);
                }
            }

            frame.Vars["varargs"] = JinjaRuntime.Tuple(args.Length > _args.Count ? args[_args.Count..] : []);
            var extra = new DictValue.Builder();
            foreach (var (key, value) in kwargs)
            {
                if (!_args.Contains(key) && key != "caller") extra.Set(key, JinjaRuntime.Note(value));
            }

            frame.Vars["kwargs"] = extra.ToDict();
            if (kwargs.FirstOrDefault(k => k.Key == "caller") is { Key: not null } caller) frame.Vars["caller"] = caller.Value;
            var output = new StringBuilder();
            Node.RenderAll(_body, context, output);
            return context.Autoescape ? new Markup(output.ToString()) : output.ToString();
        }
        finally
        {
            context.Frame = outer;
        }
    }
}

/// <summary><c>{% call macro(...) %}body{% endcall %}</c>: calls the macro with <c>caller</c> rendering the body.</summary>
internal sealed class CallBlockNode : Node
{
    private readonly List<string> _args;
    private readonly List<Expr> _defaults;
    private readonly CallExpr _call;
    private readonly List<Node> _body;

    public CallBlockNode(List<string> args, List<Expr> defaults, CallExpr call, List<Node> body, int line)
    {
        _args = args;
        _defaults = defaults;
        _call = call;
        _body = body;
        Line = line;
    }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output)
    {
        var caller = new Macro("caller", _args, _defaults, _body, context.Frame);
        output.Append(JinjaRuntime.Str(_call.EvalWithExtra(context, new KeyValuePair<string, object?>("caller", caller))));
        RenderContext.CheckOutput(output);
    }

    public override void Check(bool soft)
    {
        _call.Check(soft);
        foreach (var d in _defaults) d.Check(false);
        CheckAll(_body, false);
    }
}

/// <summary><c>{% block %}</c>: without inheritance, the body renders in place.</summary>
internal sealed class BlockNode : Node
{
    private readonly List<Node> _body;

    public BlockNode(List<Node> body, int line)
    {
        _body = body;
        Line = line;
    }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output) => RenderAll(_body, context, output);

    public override void Check(bool soft) => CheckAll(_body, false);
}

/// <summary><c>{% autoescape expr %}</c>: output of expressions in the body is HTML-escaped when the option is true.</summary>
internal sealed class AutoescapeNode : Node
{
    private readonly Expr _option;
    private readonly List<Node> _body;

    public AutoescapeNode(Expr option, List<Node> body, int line)
    {
        _option = option;
        _body = body;
        Line = line;
    }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output)
    {
        var before = context.Autoescape;
        context.Autoescape = JinjaRuntime.Truthy(_option.Eval(context));
        try
        {
            RenderAll(_body, context, output);
        }
        finally
        {
            context.Autoescape = before;
        }
    }

    public override void Check(bool soft)
    {
        _option.Check(soft);
        CheckAll(_body, soft);
    }
}

/// <summary><c>extends</c>, <c>include</c>, <c>import</c>, <c>from</c>: parsed, but rendering fails as the reference's loader-less environment does.</summary>
internal sealed class LoaderTagNode : Node
{
    private readonly Expr _template;

    public LoaderTagNode(string tag, Expr template, int line)
    {
        Tag = tag;
        _template = template;
        Line = line;
    }

    public string Tag { get; }

    public int Line { get; }

    public override void Render(RenderContext context, StringBuilder output)
    {
        _template.Eval(context);
        throw ExpressionRuntimeError.TypeError("no loader for this environment specified");
    }

    public override void Check(bool soft) => _template.Check(soft);
}

/// <summary>Assignment to names, tuples of names and namespace attributes.</summary>
internal static class Assignment
{
    public static void Assign(RenderContext context, Frame frame, Expr target, object? value)
    {
        switch (target)
        {
            case NameExpr name:
                frame.Vars[name.Name] = value;
                break;
            case NsRefExpr ns:
                var obj = context.Resolve(ns.Name, JinjaGlobals.Classify(ns.Name));
                if (obj is not Namespace space) throw new ExpressionRuntimeError("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
                space.Attributes[ns.Attr] = value;
                break;
            case TupleExpr tuple:
                var items = new List<object?>();
                foreach (var item in JinjaRuntime.Iterate(value))
                {
                    items.Add(item);
                    if (items.Count > tuple.Items.Length) throw ExpressionRuntimeError.ValueError($"too many values to unpack (expected {tuple.Items.Length})");
                }

                if (items.Count < tuple.Items.Length) throw ExpressionRuntimeError.ValueError($"not enough values to unpack (expected {tuple.Items.Length}, got {items.Count})");
                for (var i = 0; i < items.Count; i++) Assign(context, frame, tuple.Items[i], items[i]);
                break;
            default:
                throw new ExpressionRuntimeError("TemplateRuntimeError", $"can't assign to {PyRepr.QuoteString(target.NodeName.ToLowerInvariant())}");
        }
    }

    /// <summary>
    /// After a mutating method changed the container that <paramref name="receiver"/> names, stores
    /// the changed container back where the template can see it again: a local variable, a
    /// namespace attribute, or an item of one of those. Anything else (a value computed by a call)
    /// keeps no trace of the change.
    /// </summary>
    public static bool TryStoreBack(RenderContext context, Expr receiver, object? changed)
    {
        switch (receiver)
        {
            case NameExpr name:
                var frame = context.Frame?.Find(name.Name);
                if (frame is null) return false;
                frame.Vars[name.Name] = changed;
                return true;
            case GetattrExpr { Node: var owner, Attr: var attr }:
                var ownerValue = owner.Eval(context);
                switch (ownerValue)
                {
                    case Namespace ns:
                        ns.Attributes[attr] = changed;
                        return true;
                    case DictValue dict when dict.ContainsKey(attr):
                        return TryStoreBack(context, owner, dict.Set(attr, changed));
                    default:
                        return false;
                }

            case GetitemExpr { Node: var owner, Arg: var arg }:
                var container = owner.Eval(context);
                var key = JinjaRuntime.Plain(arg.Eval(context));
                switch (container)
                {
                    case DictValue dict when key is not null && key is not (ListValue or DictValue) && dict.ContainsKey(key):
                        return TryStoreBack(context, owner, dict.Set(key, changed));
                    case ListValue list when key is long index:
                        if (index < 0) index += list.Count;
                        if (index < 0 || index >= list.Count) return false;
                        return TryStoreBack(context, owner, list.SetItem((int)index, changed));
                    case Namespace ns when key is string s:
                        ns.Attributes[s] = changed;
                        return true;
                    default:
                        return false;
                }

            default:
                return false;
        }
    }
}
