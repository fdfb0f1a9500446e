using System.Collections.Concurrent;
using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>
/// The functions every YAQL expression can call, in the levels of contexts Orquesta's engine
/// looks them up in (orquesta/expressions/yql.py on <c>yaql.create_context()</c>): Orquesta's own
/// functions (registered in the context yaql hands back), then yaql's standard library, then the
/// fallback that turns <c>obj.name</c> into a <c>#property#name</c> call.
/// </summary>
internal static class YaqlLibrary
{
    private static readonly Dictionary<string, List<FunctionDef>>[] Registered = Build();
    private static readonly ConcurrentDictionary<(string, bool), FunctionDef[][]> Cache = new();

    /// <summary>The overloads of a name that are functions (or methods), one array per level, nearest first.</summary>
    public static FunctionDef[][] Levels(string name, bool methods) =>
        Cache.GetOrAdd((name, methods), static key =>
        {
            var levels = new List<FunctionDef[]>();
            foreach (var level in Registered)
            {
                if (!level.TryGetValue(key.Item1, out var all)) continue;
                var matching = all.Where(f => key.Item2 ? f.IsMethod : f.IsFunction).ToArray();
                if (matching.Length > 0) levels.Add(matching);
            }

            return [.. levels];
        });

    private static Dictionary<string, List<FunctionDef>>[] Build()
    {
        var orquesta = new Registry();
        OrquestaLibrary.Register(orquesta);

        var std = new Registry();
        SystemLibrary.Register(std);
        CommonLibrary.Register(std);
        StringsLibrary.Register(std);
        MathLibrary.Register(std);
        CollectionsLibrary.Register(std);
        QueriesLibrary.Register(std);
        RegexLibrary.Register(std);
        DateTimeLibrary.Register(std);

        var fallback = new Registry();
        SystemLibrary.RegisterFallbacks(fallback);

        return [orquesta.Functions, std.Functions, fallback.Functions];
    }
}

/// <summary>One level of registered functions, with a builder in the spirit of yaql's decorators.</summary>
internal sealed class Registry
{
    public Dictionary<string, List<FunctionDef>> Functions { get; } = new(StringComparer.Ordinal);

    /// <summary>A function (yaql's default: callable as <c>f(x)</c> only).</summary>
    public FunctionBuilder Function(string name) => new(this, name, isFunction: true, isMethod: false);

    /// <summary>A method (<c>@specs.method</c>: callable as <c>x.f()</c> only).</summary>
    public FunctionBuilder Method(string name) => new(this, name, isFunction: false, isMethod: true);

    /// <summary>An extension method (<c>@specs.extension_method</c>: both <c>f(x)</c> and <c>x.f()</c>).</summary>
    public FunctionBuilder Extension(string name) => new(this, name, isFunction: true, isMethod: true);

    internal void Add(FunctionDef function)
    {
        if (!Functions.TryGetValue(function.Name, out var list)) Functions[function.Name] = list = [];
        list.Add(function);
    }
}

/// <summary>Declares a function's parameters in order (hidden ones, such as the context, are left out) and its body.</summary>
internal sealed class FunctionBuilder(Registry registry, string name, bool isFunction, bool isMethod)
{
    private readonly List<ParamDef> _parameters = [];
    private bool _noKwargs;
    private int _position;

    /// <summary>A required parameter.</summary>
    public FunctionBuilder P(string paramName, ParamType type)
    {
        _parameters.Add(new ParamDef(paramName, type, _position++, ParamDef.NoDefault));
        return this;
    }

    /// <summary>A parameter with a default.</summary>
    public FunctionBuilder P(string paramName, ParamType type, object? defaultValue)
    {
        _parameters.Add(new ParamDef(paramName, type, _position++, defaultValue));
        return this;
    }

    /// <summary><c>*args</c>.</summary>
    public FunctionBuilder Star(string paramName, ParamType type)
    {
        _parameters.Add(new ParamDef(paramName, type, _position, ParamDef.NoDefault, varArgs: true));
        return this;
    }

    /// <summary><c>**kwargs</c>.</summary>
    public FunctionBuilder StarStar(string paramName, ParamType type)
    {
        _parameters.Add(new ParamDef(paramName, type, -1, ParamDef.NoDefault, varKw: true));
        return this;
    }

    /// <summary>An explicit keyword name for the last parameter (<c>alias=</c> in <c>@specs.parameter</c>).</summary>
    public FunctionBuilder Alias(string alias)
    {
        var last = _parameters[^1];
        _parameters[^1] = new ParamDef(last.Name, last.Type, last.Position, last.Default, last.IsVarArgs, last.IsVarKw, alias);
        return this;
    }

    /// <summary><c>@specs.no_kwargs</c>.</summary>
    public FunctionBuilder NoKwargs()
    {
        _noKwargs = true;
        return this;
    }

    public void Body(Func<Invocation, object?> body) =>
        registry.Add(new FunctionDef(name, isFunction, isMethod, _noKwargs, [.. _parameters], body));
}
