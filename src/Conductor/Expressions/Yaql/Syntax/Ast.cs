namespace Orquesta.Azure.Conductor.Expressions.Yaql.Syntax;

/// <summary>
/// A node of a parsed YAQL expression, the counterpart of yaql's <c>expressions.Expression</c>.
/// Nodes are immutable and shared between evaluations (the parse cache hands out the same tree).
/// </summary>
internal abstract class Node
{
    /// <summary>yaql's <c>uses_receiver</c>: only plain function calls (<c>name(...)</c>) use one.</summary>
    public virtual bool UsesReceiver => false;

    /// <summary>The expression as yaql's <c>str()</c> of it prints it (used in messages only).</summary>
    public abstract override string ToString();
}

/// <summary>A literal: string, number, <c>true</c>, <c>false</c>, <c>null</c> (yaql's <c>Constant</c>).</summary>
internal class ConstantNode(object? value) : Node
{
    public object? Value { get; } = value;

    public override string ToString() => Value is string s ? $"'{s}'" : Runtime.YaqlRepr.Str(Value);
}

/// <summary>A bare identifier such as <c>name</c> in <c>ctx(name)</c>: a string constant that functions may tell apart (yaql's <c>KeywordConstant</c>).</summary>
internal sealed class KeywordConstantNode(string value) : ConstantNode(value)
{
    public string Name => (string)Value!;
}

/// <summary>A function call or operator: everything yaql dispatches by name (yaql's <c>Function</c> and its subclasses).</summary>
internal class FunctionNode(string name, object?[] args, bool usesReceiver) : Node
{
    /// <summary>The dispatch name: <c>toUpper</c>, <c>#operator_+</c>, <c>*equal</c>, <c>#indexer</c>, ...</summary>
    public string Name { get; } = name;

    /// <summary>The arguments: <see cref="Node"/>s, or <see cref="Runtime.NoValue.Instance"/> for a skipped one (<c>f(,1)</c>).</summary>
    public object?[] Args { get; } = args;

    public override bool UsesReceiver { get; } = usesReceiver;

    private object? _dispatchCache;

    /// <summary>
    /// Per-call-site cache of the dispatcher (the overloads that can take these argument nodes).
    /// Trees are shared between threads: the cache is published with a volatile write after it is built.
    /// </summary>
    internal object? DispatchCache
    {
        get => Volatile.Read(ref _dispatchCache);
        set => Volatile.Write(ref _dispatchCache, value);
    }

    public override string ToString() => $"{Name}({string.Join(", ", Args.Select(a => a?.ToString()))})";
}

/// <summary><c>$</c>, <c>$name</c>, <c>$1</c>: a context variable (yaql's <c>GetContextValue</c>).</summary>
internal sealed class ContextValueNode(string path) : Node
{
    /// <summary>The variable as written, with its <c>$</c>.</summary>
    public string Path { get; } = path;

    /// <summary>The variable's normalized name: <c>$</c> is <c>$1</c>.</summary>
    public string Normalized { get; } = Runtime.YaqlContext.Normalize(path);

    public override string ToString() => Path;
}

/// <summary>A parenthesized expression (yaql's <c>Wrap</c>).</summary>
internal sealed class WrapNode(Node inner) : Node
{
    public Node Inner { get; } = inner;

    public override string ToString() => Inner.ToString();
}

/// <summary><c>source =&gt; destination</c> in an argument list (yaql's <c>MappingRuleExpression</c>).</summary>
internal sealed class MappingRuleNode(Node source, Node destination) : Node
{
    public Node Source { get; } = source;

    public Node Destination { get; } = destination;

    public override string ToString() => $"{Source} => {Destination}";
}
