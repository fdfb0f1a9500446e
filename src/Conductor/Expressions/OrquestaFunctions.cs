using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions;

/// <summary>
/// Orquesta's own expression functions, written once and bound by both languages:
/// <c>ctx</c>, <c>json</c>, <c>zip</c>, <c>item</c>, <c>task_status</c>, <c>succeeded</c>,
/// <c>failed</c>, <c>completed</c>, <c>result</c>. Errors are the reference's, as
/// <see cref="ExpressionRuntimeError"/>s that the language evaluators wrap.
/// </summary>
public static class OrquestaFunctions
{
    /// <summary>The names of the functions, as both languages expose them.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["completed", "ctx", "failed", "item", "json", "result", "succeeded", "task_status", "zip"];

    private const string InternalState = "__state";
    private const string InternalCurrentTask = "__current_task";
    private const string InternalCurrentItem = "__current_item";

    /// <summary><c>ctx()</c>: the context without internal (<c>__</c>) names.</summary>
    public static DictValue Ctx(ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Vars.WithoutInternalKeys();
    }

    /// <summary><c>ctx(name)</c>: one variable of the context. A falsy name means the whole context, as in the reference.</summary>
    public static object? Ctx(ExpressionScope scope, object? name)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!PyOps.IsTruthy(name)) return Ctx(scope);
        var vars = scope.Vars;
        if (!vars.TryGetValue(name!, out var value))
        {
            if (name is InternalState && scope.State is not null) throw ExpressionRuntimeError.VariableInaccessible(InternalState);
            if (name is InternalCurrentTask && scope.CurrentTask is not null) throw ExpressionRuntimeError.VariableInaccessible(InternalCurrentTask);
            if (name is InternalCurrentItem && scope.HasCurrentItem) throw ExpressionRuntimeError.VariableInaccessible(InternalCurrentItem);
            throw ExpressionRuntimeError.VariableUndefined(PyRepr.Str(name));
        }

        if (DictValue.IsInternalKey(name!)) throw ExpressionRuntimeError.VariableInaccessible((string)name!);
        return value;
    }

    /// <summary><c>json(text)</c>: parses JSON text; a dict is returned as it is.</summary>
    public static object? Json(object? value)
    {
        if (value is DictValue) return value;
        if (value is not string text) throw ExpressionRuntimeError.TypeError("Given object is not typeof string.");
        try
        {
            return JsonValues.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            // Python's json wording, never .NET's.
            throw new ExpressionRuntimeError("JSONDecodeError", PyJsonError.Describe(text) ?? "NaN and Infinity are not workflow values", e);
        }
    }

    /// <summary><c>zip(a, b, ..., pad=None)</c>: one list of tuples, padded to the longest input; a single input is returned as it is.</summary>
    public static object? Zip(IReadOnlyList<object?> args, object? pad = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var lists = new List<IReadOnlyList<object?>>(args.Count);
        foreach (var arg in args)
        {
            if (arg is null)
            {
                lists.Add(ListValue.Empty);
                continue;
            }

            lists.Add(AsSequence(arg) ?? throw ExpressionRuntimeError.TypeError($"'{PyOps.TypeName(arg)}' object is not iterable"));
        }

        if (args.Count == 1) return args[0] ?? ListValue.Empty;
        var length = lists.Count == 0 ? 0 : lists.Max(l => l.Count);
        var rows = new object?[length];
        for (var i = 0; i < length; i++)
        {
            var row = new object?[lists.Count];
            for (var j = 0; j < lists.Count; j++) row[j] = i < lists[j].Count ? lists[j][i] : pad;
            rows[i] = ListValue.Wrap(row);
        }

        return ListValue.Wrap(rows);
    }

    /// <summary><c>item()</c> and <c>item(key)</c>: the current with-items item, or one key of it.</summary>
    public static object? Item(ExpressionScope scope, object? key = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var current = scope.HasCurrentItem ? scope.CurrentItem : scope.Vars.GetValueOrDefault(InternalCurrentItem);
        if (!PyOps.IsTruthy(key)) return current;
        if (current is not DictValue dict) throw new ExpressionRuntimeError("ExpressionEvaluationException", "Item is not type of collections.abc.Mapping.");
        if (!dict.TryGetValue(key!, out var value)) throw new ExpressionRuntimeError("ExpressionEvaluationException", $"Item does not have key \"{PyRepr.Str(key)}\".");
        return value;
    }

    /// <summary><c>task_status(task_id, route=None)</c>: a task's status word, or <c>null</c> (the word) when it has none.</summary>
    public static string TaskStatus(ExpressionScope scope, object? taskId, object? route = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.State is null) return Statuses.Unset;
        var r = route is null ? scope.CurrentTask?.Route ?? 0 : (int)PyOps.ToLong(route);
        return scope.State.GetTaskStatus(PyRepr.Str(taskId), r);
    }

    /// <summary><c>succeeded()</c>: whether the current task succeeded.</summary>
    public static bool Succeeded(ExpressionScope scope) => CurrentStatus(scope) == Statuses.Succeeded;

    /// <summary><c>failed()</c>: whether the current task failed.</summary>
    public static bool Failed(ExpressionScope scope) => CurrentStatus(scope) == Statuses.Failed;

    /// <summary><c>completed()</c>: whether the current task is in a completed status.</summary>
    public static bool Completed(ExpressionScope scope) => Statuses.Completed.Contains(CurrentStatus(scope));

    /// <summary><c>result()</c>: the current task's result.</summary>
    public static object? Result(ExpressionScope scope) => RequireCurrentTask(scope).Result;

    private static string CurrentStatus(ExpressionScope scope)
    {
        var task = RequireCurrentTask(scope);
        return TaskStatus(scope, task.Id, (long)task.Route);
    }

    private static CurrentTask RequireCurrentTask(ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.CurrentTask ?? throw new ExpressionRuntimeError("ExpressionEvaluationException", "The current task is not set in the context.");
    }

    /// <summary>A value as a sequence the way Python iterates it (strings by character, dicts by key), or <see langword="null"/>.</summary>
    public static IReadOnlyList<object?>? AsSequence(object? value) => value switch
    {
        ListValue list => list,
        string s => StringChars(s),
        DictValue dict => dict.Keys.Cast<object?>().ToArray(),
        _ => null,
    };

    private static object?[] StringChars(string s)
    {
        var chars = new List<object?>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                chars.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                chars.Add(s[i].ToString());
            }
        }

        return [.. chars];
    }
}
