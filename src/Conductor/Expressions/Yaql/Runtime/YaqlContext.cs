using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>
/// A yaql context: named data (<c>$</c>, <c>$1</c>, <c>$name</c>) and functions defined with
/// <c>def()</c>, looked up through the parent chain. The root of every evaluation is Orquesta's
/// context, where <c>$__vars</c> and friends live; <c>$</c> itself is not set there.
/// </summary>
internal sealed class YaqlContext
{
    private Dictionary<string, object?>? _data;
    private Dictionary<string, List<FunctionDef>>? _functions;

    private YaqlContext(YaqlContext? parent, ExpressionScope? scope)
    {
        Parent = parent;
        Scope = scope ?? parent?.Scope;
        HasFunctions = parent?.HasFunctions ?? false;
    }

    public YaqlContext? Parent { get; }

    /// <summary>The Orquesta scope the evaluation runs in.</summary>
    public ExpressionScope? Scope { get; }

    /// <summary>Whether this context or an ancestor holds <c>def()</c>ined functions (then dispatch looks here first).</summary>
    public bool HasFunctions { get; private set; }

    public static YaqlContext Root(ExpressionScope scope) => new(null, scope);

    public YaqlContext CreateChild() => new(this, null);

    /// <summary>yaql's name normalization: a leading <c>$</c>, and <c>$</c> is <c>$1</c>.</summary>
    public static string Normalize(string name)
    {
        if (!name.StartsWith('$')) name = "$" + name;
        return name == "$" ? "$1" : name;
    }

    public void Set(string name, object? value)
    {
        _data ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        _data[Normalize(name)] = value;
    }

    /// <summary>The value of a normalized name, or null when no context has it (yaql's default).</summary>
    public object? Get(string normalizedName)
    {
        for (var c = this; c is not null; c = c.Parent)
        {
            if (c._data is not null && c._data.TryGetValue(normalizedName, out var value)) return value;
            if (c.Parent is null && c.Scope is not null) return RootValue(c.Scope, normalizedName);
        }

        return null;
    }

    // Orquesta's contextualize(): $__vars is the data; $__state, $__current_task and
    // $__current_item are taken from it (here they travel in the scope beside the data).
    private static object? RootValue(ExpressionScope scope, string name)
    {
        switch (name)
        {
            case "$__vars": return scope.Data ?? DictValue.Empty;
            case "$__state": return scope.Vars.GetValueOrDefault("__state");
            case "$__current_item": return scope.HasCurrentItem ? scope.CurrentItem : scope.Vars.GetValueOrDefault("__current_item");
            case "$__current_task":
                if (scope.CurrentTask is not { } task) return scope.Vars.GetValueOrDefault("__current_task");
                var dict = DictValue.Empty.Set("id", task.Id).Set("route", (long)task.Route);
                return task.HasResult ? dict.Set("result", task.Result) : dict;
            default: return null;
        }
    }

    public void RegisterFunction(FunctionDef function)
    {
        _functions ??= new Dictionary<string, List<FunctionDef>>(StringComparer.Ordinal);
        if (!_functions.TryGetValue(function.Name, out var list)) _functions[function.Name] = list = [];
        list.Add(function);
        HasFunctions = true;
    }

    /// <summary>The <c>def()</c>ined overloads of a name, nearest context first, one list per context.</summary>
    public List<List<FunctionDef>> CollectDefined(string name, Func<FunctionDef, bool> predicate)
    {
        var levels = new List<List<FunctionDef>>();
        for (var c = this; c is not null; c = c.Parent)
        {
            if (c._functions is null || !c._functions.TryGetValue(name, out var list)) continue;
            var matching = list.Where(predicate).ToList();
            if (matching.Count > 0) levels.Add(matching);
        }

        return levels;
    }
}
