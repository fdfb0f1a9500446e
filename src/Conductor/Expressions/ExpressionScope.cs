using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions;

/// <summary>
/// Everything an expression can see: the workflow context (<c>ctx()</c>), the task being
/// evaluated for (<c>succeeded()</c>, <c>result()</c>), the current with-items item
/// (<c>item()</c>), the workflow state (<c>task_status()</c>) and the environment that
/// supplies randomness and time.
/// </summary>
/// <remarks>
/// The reference puts these into the context dict under <c>__current_task</c>,
/// <c>__current_item</c> and <c>__state</c>, serializing the whole workflow state into every
/// evaluation; here they travel beside the data, so an evaluation costs the same whatever the
/// size of the workflow.
/// </remarks>
public sealed class ExpressionScope
{
    /// <summary>A scope over <paramref name="data"/> alone, with the deterministic default environment.</summary>
    public ExpressionScope(object? data)
    {
        Data = data;
    }

    /// <summary>The context: a <see cref="DictValue"/>, or <see langword="null"/> for none.</summary>
    public object? Data { get; }

    /// <summary>The task the expression is evaluated for, if any.</summary>
    public CurrentTask? CurrentTask { get; init; }

    /// <summary>Whether a with-items item is set.</summary>
    public bool HasCurrentItem { get; init; }

    /// <summary>The current with-items item.</summary>
    public object? CurrentItem { get; init; }

    /// <summary>The workflow state, for <c>task_status()</c>; <see langword="null"/> outside a workflow.</summary>
    public IWorkflowStateView? State { get; init; }

    private readonly IExpressionEnvironment? _environment;
    private IExpressionEnvironment? _defaultEnvironment;

    /// <summary>Where randomness and the current time come from (a fresh seeded default when none is given).</summary>
    public IExpressionEnvironment Environment
    {
        // The default is made on first use: most scopes are given the conductor's environment,
        // and one scope is made per evaluation.
        get => _environment ?? (_defaultEnvironment ??= SeededExpressionEnvironment.Default);
        init => _environment = value;
    }

    /// <summary>The context as a dict; empty when there is none.</summary>
    public DictValue Vars => Data as DictValue ?? DictValue.Empty;

    /// <summary>
    /// The YAQL interpreter of this scope, made on its first expression and used by the next ones
    /// (a step evaluates its transitions' criteria and publishes in one scope). Its root context
    /// is the scope's and is never written: <c>let</c>, <c>def</c> and lambdas write child
    /// contexts, and no function returns the root as a value.
    /// </summary>
    internal object? YaqlInterpreter { get; set; }
}

/// <summary>The task an expression is evaluated for (the reference's <c>__current_task</c>).</summary>
/// <param name="Id">The task id.</param>
/// <param name="Route">The task's route.</param>
/// <param name="HasResult">Whether a result is set (the reference adds the key only then).</param>
/// <param name="Result">The task's result.</param>
public sealed record CurrentTask(string Id, int Route, bool HasResult = false, object? Result = null);

/// <summary>What <c>task_status()</c> may ask of the workflow state.</summary>
public interface IWorkflowStateView
{
    /// <summary>
    /// The status of task <paramref name="taskId"/> on <paramref name="route"/> (falling back to
    /// earlier routes the way the reference does), or <see cref="Statuses.Unset"/>.
    /// </summary>
    string GetTaskStatus(string taskId, int route);
}
