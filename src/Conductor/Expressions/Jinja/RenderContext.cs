using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>The local variables of a template scope (the top level, a loop iteration, a <c>with</c> block).</summary>
internal sealed class Frame
{
    public Frame(Frame? parent) => Parent = parent;

    public Frame? Parent { get; }

    public Dictionary<string, object?> Vars { get; } = new(StringComparer.Ordinal);

    /// <summary>The frame that holds <paramref name="name"/>, innermost first.</summary>
    public Frame? Find(string name)
    {
        for (var f = this; f is not null; f = f.Parent)
        {
            if (f.Vars.ContainsKey(name)) return f;
        }

        return null;
    }
}

/// <summary>One evaluation: the scope it sees, its local frames and its resource budget.</summary>
internal sealed class RenderContext
{
    /// <summary>The most loop iterations and filter steps one evaluation may take.</summary>
    public const long MaxSteps = 5_000_000;

    /// <summary>The longest text one evaluation may produce.</summary>
    public const int MaxOutputLength = 16 * 1024 * 1024;

    /// <summary>The deepest nesting of recursive loops and filter calls.</summary>
    public const int MaxCallDepth = 64;

    private long _steps;

    public RenderContext(ExpressionScope scope) => Scope = scope;

    public ExpressionScope Scope { get; }

    /// <summary>The innermost local frame; <see langword="null"/> for an expression evaluated alone.</summary>
    public Frame? Frame { get; set; }

    public int CallDepth { get; set; }

    /// <summary>Inside <c>{% autoescape true %}</c>: expression output is HTML-escaped.</summary>
    public bool Autoescape { get; set; }

    /// <summary>Counts work; throws past the budget so that no template runs away.</summary>
    public void Step(long n = 1)
    {
        _steps += n;
        if (_steps > MaxSteps) throw new ExpressionRuntimeError("RuntimeError", $"the evaluation took more than {MaxSteps} steps");
    }

    public static void CheckOutput(StringBuilder output)
    {
        if (output.Length > MaxOutputLength) throw new ExpressionRuntimeError("MemoryError", $"the rendered text is longer than {MaxOutputLength} characters");
    }

    /// <summary>Looks up a template local, then the render context and globals.</summary>
    public object? Resolve(string name, Builtin builtin)
    {
        for (var f = Frame; f is not null; f = f.Parent)
        {
            if (f.Vars.TryGetValue(name, out var value)) return value;
        }

        return ResolveGlobal(name, builtin);
    }

    public object? ResolveGlobal(string name, Builtin builtin)
    {
        switch (builtin)
        {
            case Builtin.None:
                return Undefined.ForName(name);
            case Builtin.Callable:
                return JinjaGlobals.Callables[name];
            case Builtin.Vars:
                return Scope.Data;
            case Builtin.State:
                return Scope.Data is DictValue ds ? ds.GetValueOrDefault("__state") : Undefined.ForName(name);
            case Builtin.CurrentTask:
                if (Scope.CurrentTask is { } task)
                {
                    var b = new DictValue.Builder().Set("id", task.Id).Set("route", (long)task.Route);
                    if (task.HasResult) b.Set("result", task.Result);
                    return b.ToDict();
                }

                return Scope.Data is DictValue dt ? dt.GetValueOrDefault("__current_task") : Undefined.ForName(name);
            default:
                if (Scope.HasCurrentItem) return Scope.CurrentItem;
                return Scope.Data is DictValue di ? di.GetValueOrDefault("__current_item") : Undefined.ForName(name);
        }
    }
}

/// <summary>What a name means when no template local shadows it.</summary>
internal enum Builtin
{
    None,
    Callable,
    Vars,
    State,
    CurrentTask,
    CurrentItem,
}
