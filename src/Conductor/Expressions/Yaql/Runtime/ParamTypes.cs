using Orquesta.Azure.Conductor.Expressions.Yaql.Syntax;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>
/// The Python classes that yaql's parameter types name, for yaql's "is a specialization of" rule
/// between overloads (<c>issubclass</c>).
/// </summary>
internal enum PyClass
{
    Object,
    Int,
    Bool,
    Str,
    NoneType,
    Mapping,
    Iterable,
    Iterator,
    Sequence,
    Set,
    DateTime,
    TimeDelta,
    Regex,
    Context,
    OrderingIterable,
    MappingRule,

    /// <summary>A tuple of classes, such as <c>(int, float)</c>: never a specialization of anything.</summary>
    Tuple,
}

/// <summary>A parameter type: yaql's <c>SmartType</c> family (yaql/language/yaqltypes.py).</summary>
internal abstract class ParamType
{
    /// <summary>Lazy parameters receive the argument unevaluated (yaql's <c>LazyParameterType</c>).</summary>
    public virtual bool IsLazy => false;

    /// <summary>
    /// yaql's <c>check</c>. The value may be an unevaluated <see cref="Node"/> (before the arguments
    /// are evaluated, only constants can be told apart), a default, or an evaluated value.
    /// </summary>
    public abstract bool Check(object? value);

    /// <summary>yaql's <c>convert</c>: the value the function receives.</summary>
    public virtual object? Convert(object? value, Invocation invocation) => value is ConstantNode c ? c.Value : value;

    public virtual bool IsSpecializationOf(ParamType other) => false;
}

/// <summary>yaql's <c>PythonType</c> and its subclasses (<c>String</c>, <c>Integer</c>, <c>Number</c>, <c>Iterable</c>, ...).</summary>
internal sealed class PythonType(PyClass pyClass, bool nullable, Func<object, bool> predicate) : ParamType
{
    public PyClass Class { get; } = pyClass;

    public bool Nullable { get; } = nullable;

    public override bool Check(object? value)
    {
        if (value is ConstantNode c) value = c.Value;
        if (value is null) return Nullable;
        if (value is Node) return true;
        return predicate(value);
    }

    public override bool IsSpecializationOf(ParamType other) =>
        other is PythonType o && Class != PyClass.Tuple && o.Class != PyClass.Tuple
        && IsSubclass(Class, o.Class) && !IsSubclass(o.Class, Class);

    private static bool IsSubclass(PyClass a, PyClass b)
    {
        if (a == b || b == PyClass.Object) return true;
        return (a, b) switch
        {
            (PyClass.Bool, PyClass.Int) => true,
            (PyClass.Str, PyClass.Sequence or PyClass.Iterable) => true,
            (PyClass.Iterator or PyClass.Sequence or PyClass.Mapping or PyClass.Set or PyClass.OrderingIterable, PyClass.Iterable) => true,
            _ => false,
        };
    }
}

/// <summary>yaql's <c>Lambda</c>: the argument stays an expression and the function receives a callable.</summary>
internal sealed class LambdaType(bool withContext, bool method) : ParamType
{
    public override bool IsLazy => true;

    public override bool Check(object? value) => !(method && value is Node { UsesReceiver: false });

    public override object? Convert(object? value, Invocation invocation)
    {
        if (value is null) return null;
        var interpreter = invocation.Interpreter;

        // The lambda runs in a child of the call's own context (yaql's new_context), where def()
        // registers its function: a defined function can call itself.
        var parent = invocation.NewContext;
        return value switch
        {
            Node node => new Callable((args, kwargs) =>
            {
                object? receiver = NoValue.Instance;
                YaqlContext context;
                var rest = 0;
                if (method && withContext)
                {
                    receiver = args[0];
                    context = (YaqlContext)args[1]!;
                    rest = 2;
                }
                else if (method)
                {
                    receiver = args[0];
                    context = parent.CreateChild();
                    rest = 1;
                }
                else if (withContext)
                {
                    context = (YaqlContext)args[0]!;
                    rest = 1;
                }
                else
                {
                    context = parent.CreateChild();
                }

                for (var i = rest; i < args.Length; i++) context.Set("$" + (i - rest + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), args[i]);
                if (kwargs is not null)
                {
                    foreach (var (key, v) in kwargs) context.Set("$" + key, v);
                }

                return interpreter.Evaluate(node, receiver, context);
            }),
            Callable callable => callable,
            _ => new Callable((_, _) => value),
        };
    }
}

/// <summary>yaql's <c>yaqltypes.MappingRule</c>: a lazy <c>source =&gt; destination</c> argument.</summary>
internal sealed class MappingRuleType : ParamType
{
    public override bool IsLazy => true;

    public override bool Check(object? value) => value is MappingRuleNode;

    public override object? Convert(object? value, Invocation invocation)
    {
        var rule = (MappingRuleNode)value!;
        var interpreter = invocation.Interpreter;
        var context = invocation.Context;
        return new LazyMappingRule(
            () => interpreter.Evaluate(rule.Source, NoValue.Instance, context),
            () => interpreter.Evaluate(rule.Destination, NoValue.Instance, context));
    }
}

/// <summary>A lazy mapping rule as <c>switch()</c> receives it.</summary>
internal sealed class LazyMappingRule(Func<object?> source, Func<object?> destination)
{
    public object? Source() => source();

    public object? Destination() => destination();
}

/// <summary>yaql's <c>YaqlExpression</c>: the expression itself.</summary>
internal sealed class ExpressionType : ParamType
{
    public override bool IsLazy => true;

    public override bool Check(object? value) => value is Node;

    public override object? Convert(object? value, Invocation invocation) => value;
}

/// <summary>yaql's <c>Keyword</c>: a bare name (<c>$.name</c>); with <c>expand</c> its text, else the node.</summary>
internal sealed class KeywordType(bool expand) : ParamType
{
    public override bool Check(object? value) => value is KeywordConstantNode;

    public override object? Convert(object? value, Invocation invocation) => expand ? ((KeywordConstantNode)value!).Name : value;
}

/// <summary>yaql's <c>StringConstant</c>: a string literal or bare name, not evaluated.</summary>
internal sealed class StringConstantType : ParamType
{
    public override bool Check(object? value) => value is ConstantNode { Value: string };
}

/// <summary>The parameter types of the standard library, by the names yaql gives them.</summary>
internal static class T
{
    private static PythonType Py(PyClass c, bool nullable, Func<object, bool> predicate) => new(c, nullable, predicate);

    /// <summary>An undecorated parameter: <c>PythonType(object, nullable=True)</c>.</summary>
    public static readonly ParamType Any = Py(PyClass.Object, true, _ => true);

    /// <summary><c>PythonType(object, nullable=False)</c>.</summary>
    public static readonly ParamType NotNull = Py(PyClass.Object, false, _ => true);

    /// <summary>Python <c>int</c> (bools included, as <c>isinstance(True, int)</c>).</summary>
    public static ParamType Int(bool nullable = false) => nullable ? IntNullable : IntNotNull;

    private static readonly ParamType IntNotNull = Py(PyClass.Int, false, v => v is long or bool);
    private static readonly ParamType IntNullable = Py(PyClass.Int, true, v => v is long or bool);

    /// <summary><c>yaqltypes.Integer</c>: an int and not a bool.</summary>
    public static readonly ParamType Integer = Py(PyClass.Int, false, v => v is long);

    /// <summary><c>yaqltypes.Number</c>: int or float, not bool.</summary>
    public static ParamType Number(bool nullable = false) => nullable ? NumberNullable : NumberNotNull;

    private static readonly ParamType NumberNotNull = Py(PyClass.Tuple, false, v => v is long or double);
    private static readonly ParamType NumberNullable = Py(PyClass.Tuple, true, v => v is long or double);

    public static ParamType Bool(bool nullable = false) => nullable ? BoolNullable : BoolNotNull;

    private static readonly ParamType BoolNotNull = Py(PyClass.Bool, false, v => v is bool);
    private static readonly ParamType BoolNullable = Py(PyClass.Bool, true, v => v is bool);

    /// <summary><c>yaqltypes.String</c>.</summary>
    public static ParamType String(bool nullable = false) => nullable ? StringNullable : StringNotNull;

    private static readonly ParamType StringNotNull = Py(PyClass.Str, false, v => v is string);
    private static readonly ParamType StringNullable = Py(PyClass.Str, true, v => v is string);

    /// <summary><c>PythonType(type(None), nullable=True)</c>.</summary>
    public static readonly ParamType None = Py(PyClass.NoneType, true, _ => false);

    /// <summary><c>utils.MappingType</c>.</summary>
    public static readonly ParamType Mapping = Py(PyClass.Mapping, false, YaqlOps.IsMapping);

    /// <summary><c>yaqltypes.Iterable()</c>: iterable, not a string, not a mapping.</summary>
    public static ParamType Iterable(bool nullable = false) => nullable ? IterableNullable : IterableNotNull;

    private static readonly ParamType IterableNotNull = Py(PyClass.Iterable, false, YaqlOps.IsIterable);
    private static readonly ParamType IterableNullable = Py(PyClass.Iterable, true, YaqlOps.IsIterable);

    /// <summary><c>yaqltypes.Iterable(validators=[not a set])</c> (insert).</summary>
    public static readonly ParamType IterableNotSet = Py(PyClass.Iterable, false, v => YaqlOps.IsIterable(v) && v is not YaqlSet);

    /// <summary><c>utils.IteratorType</c>.</summary>
    public static readonly ParamType Iterator = Py(PyClass.Iterator, false, v => v is YaqlIterator);

    /// <summary><c>yaqltypes.Sequence()</c>: a tuple or a list.</summary>
    public static readonly ParamType Sequence = Py(PyClass.Sequence, false, YaqlOps.IsSequence);

    /// <summary><c>utils.SetType</c>.</summary>
    public static readonly ParamType Set = Py(PyClass.Set, false, v => v is YaqlSet);

    /// <summary><c>yaqltypes.DateTime()</c> and <c>datetime.datetime</c>.</summary>
    public static readonly ParamType DateTime = Py(PyClass.DateTime, false, v => v is DateTimeOffset);

    /// <summary><c>datetime.timedelta</c>.</summary>
    public static ParamType TimeSpan(bool nullable = false) => nullable ? TimeSpanNullable : TimeSpanNotNull;

    private static readonly ParamType TimeSpanNotNull = Py(PyClass.TimeDelta, false, v => v is System.TimeSpan);
    private static readonly ParamType TimeSpanNullable = Py(PyClass.TimeDelta, true, v => v is System.TimeSpan);

    public static readonly ParamType Regex = Py(PyClass.Regex, false, v => v is YaqlRegex);

    /// <summary><c>contexts.ContextBase</c>.</summary>
    public static readonly ParamType Context = Py(PyClass.Context, false, v => v is Runtime.YaqlContext);

    public static readonly ParamType OrderingIterable = Py(PyClass.OrderingIterable, false, v => v is Library.OrderingIterable);

    /// <summary><c>utils.MappingRule</c>: an evaluated mapping rule.</summary>
    public static readonly ParamType MappingRuleValue = Py(PyClass.MappingRule, false, v => v is MappingRule);

    public static ParamType Lambda(bool withContext = false, bool method = false) => new LambdaType(withContext, method);

    public static readonly ParamType LazyMappingRule = new MappingRuleType();

    public static readonly ParamType Expression = new ExpressionType();

    public static readonly ParamType Keyword = new KeywordType(true);

    public static readonly ParamType KeywordNode = new KeywordType(false);

    public static readonly ParamType StringConstant = new StringConstantType();
}
