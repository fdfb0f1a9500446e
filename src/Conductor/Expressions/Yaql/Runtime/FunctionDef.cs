using System.Text;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>A parameter of a YAQL function (yaql's <c>ParameterDefinition</c>), hidden ones left out.</summary>
internal sealed class ParamDef
{
    /// <summary>yaql's <c>NO_DEFAULT</c>: the parameter is required.</summary>
    public static readonly object NoDefault = new();

    public ParamDef(string name, ParamType type, int position, object? defaultValue, bool varArgs = false, bool varKw = false, string? alias = null)
    {
        Name = name;
        Alias = alias ?? CamelCase(name);
        Type = type;
        Position = position;
        Default = defaultValue;
        IsVarArgs = varArgs;
        IsVarKw = varKw;
    }

    /// <summary>The Python name.</summary>
    public string Name { get; }

    /// <summary>The keyword-argument name (yaql's camelCase convention: <c>max_splits</c> is <c>maxSplits</c>).</summary>
    public string Alias { get; }

    public ParamType Type { get; }

    /// <summary>The position among visible parameters; -1 for <c>**kwargs</c>.</summary>
    public int Position { get; }

    public object? Default { get; }

    public bool HasDefault => !ReferenceEquals(Default, NoDefault);

    public bool IsVarArgs { get; }

    public bool IsVarKw { get; }

    /// <summary>yaql's CamelCaseConvention after stripping trailing underscores: <c>key_selector</c> is <c>keySelector</c>.</summary>
    public static string CamelCase(string name)
    {
        name = name.TrimEnd('_');
        if (!name.Contains('_', StringComparison.Ordinal)) return name;
        var sb = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            // (?!^)_(\w): an underscore not at the start, followed by a word character.
            if (name[i] == '_' && i > 0 && i + 1 < name.Length && Syntax.Lexer.IsWord(name[i + 1]))
            {
                sb.Append(char.ToUpperInvariant(name[i + 1]));
                i++;
            }
            else
            {
                sb.Append(name[i]);
            }
        }

        return sb.ToString();
    }
}

/// <summary>A YAQL function or method (yaql's <c>FunctionDefinition</c>).</summary>
internal sealed class FunctionDef
{
    public FunctionDef(string name, bool isFunction, bool isMethod, bool noKwargs, ParamDef[] parameters, Func<Invocation, object?> body)
    {
        Name = name;
        IsFunction = isFunction;
        IsMethod = isMethod;
        NoKwargs = noKwargs;
        Parameters = parameters;
        Body = body;
        Positional = parameters.Where(p => p.Position >= 0 && !p.IsVarArgs).OrderBy(p => p.Position).ToArray();
        VarArgs = parameters.FirstOrDefault(p => p.IsVarArgs);
        VarKw = parameters.FirstOrDefault(p => p.IsVarKw);
        PositionalIsDense = Positional.Select((p, i) => p.Position == i).All(dense => dense);
    }

    /// <summary>Whether positional parameter i is at position i for every i, so that <see cref="Positional"/> maps positions to parameters.</summary>
    public bool PositionalIsDense { get; }

    public string Name { get; }

    public bool IsFunction { get; }

    public bool IsMethod { get; }

    /// <summary>With <c>@specs.no_kwargs</c>, <c>name =&gt; value</c> arguments stay positional mapping rules.</summary>
    public bool NoKwargs { get; }

    public ParamDef[] Parameters { get; }

    /// <summary>The positional parameters by position.</summary>
    public ParamDef[] Positional { get; }

    public ParamDef? VarArgs { get; }

    public ParamDef? VarKw { get; }

    public Func<Invocation, object?> Body { get; }

    public override string ToString() => Name;
}

/// <summary>How a candidate takes the arguments (yaql's <c>map_args</c> result): the parameter of each positional argument and of each keyword.</summary>
internal sealed class ArgMapping(ParamDef[] positional, Dictionary<string, ParamDef> keywords)
{
    public ParamDef[] Positional { get; } = positional;

    public Dictionary<string, ParamDef> Keywords { get; } = keywords;

    /// <summary>Which arguments stay unevaluated: bit i for positional i, and the lazy keywords.</summary>
    public (ulong Positions, string Keys) LazySignature()
    {
        ulong bits = 0;
        for (var i = 0; i < Positional.Length && i < 64; i++)
        {
            if (Positional[i].Type.IsLazy) bits |= 1UL << i;
        }

        var keys = Keywords.Count == 0
            ? string.Empty
            : string.Join('\u0001', Keywords.Where(k => k.Value.Type.IsLazy).Select(k => k.Key).OrderBy(k => k, StringComparer.Ordinal));
        return (bits, keys);
    }
}

/// <summary>One call of a YAQL function: its converted arguments and what the body may need.</summary>
internal sealed class Invocation
{
    private YaqlContext? _newContext;

    public Invocation(Interpreter interpreter, YaqlContext context, object? receiver, FunctionDef function, object?[] args, Dictionary<string, object?>? kwargs)
    {
        Interpreter = interpreter;
        Context = context;
        Receiver = receiver;
        Function = function;
        Args = args;
        Kwargs = kwargs;
    }

    public Interpreter Interpreter { get; }

    /// <summary>The context the call was made in.</summary>
    public YaqlContext Context { get; }

    /// <summary>The call's own child context (yaql's <c>new_context</c>), for functions that set names in it (<c>let</c>, <c>def</c>).</summary>
    public YaqlContext NewContext => _newContext ??= Context.CreateChild();

    public object? Receiver { get; }

    public FunctionDef Function { get; }

    /// <summary>The positional arguments by position, then the extra <c>*args</c>.</summary>
    public object?[] Args { get; internal set; }

    /// <summary>The <c>**kwargs</c>.</summary>
    public Dictionary<string, object?>? Kwargs { get; internal set; }

    public object? this[int index] => Args[index];

    public ExpressionScope Scope => Context.Scope!;

    /// <summary>The extra positional arguments from position <paramref name="from"/> on (<c>*args</c>).</summary>
    public object?[] Rest(int from) => Args.Length <= from ? [] : Args[from..];

    /// <summary>Calls another YAQL function by name with evaluated arguments (yaql's <c>Delegate</c>).</summary>
    public object? Call(string name, params object?[] args) => Interpreter.CallFunction(name, Context, args, null);

    /// <summary>Calls a YAQL method by name with evaluated arguments.</summary>
    public object? CallMethod(string name, object? receiver, params object?[] args) => Interpreter.CallMethod(name, Context, receiver, args, null);
}
