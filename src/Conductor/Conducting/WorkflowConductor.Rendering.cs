using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

// The spec's runtime rendering (the reference's WorkflowSpec.render_input/render_vars/render_output
// and TaskSpec.render/finalize_context), kept beside the conductor that calls it.
public sealed partial class WorkflowConductor
{
    // What a rendering without errors returns: most renderings have none.
    private static readonly IReadOnlyList<OrquestaException> NoErrors = [];

    private static bool IsEvaluationError(OrquestaException e) =>
        e is YaqlEvaluationException or JinjaEvaluationException or ExpressionEvaluationException;

    private (DictValue Context, IReadOnlyList<OrquestaException> Errors) RenderInput(DictValue runtimeInputs, DictValue context)
    {
        var rolling = context;
        List<OrquestaException>? errors = null;
        foreach (var input in Spec.Input)
        {
            var value = runtimeInputs.TryGetValue(input.Name, out var given) ? given : input.Default;
            try
            {
                rolling = rolling.Set(input.Name, ExpressionEvaluator.Evaluate(value, Scope(rolling)));
            }
            catch (OrquestaException e) when (IsEvaluationError(e))
            {
                (errors ??= []).Add(e);
            }
        }

        return (rolling, errors ?? NoErrors);
    }

    private (DictValue Rendered, IReadOnlyList<OrquestaException> Errors) RenderVars(DictValue context) => RenderAssignments(Spec.Vars, context, null);

    private (DictValue Rendered, IReadOnlyList<OrquestaException> Errors) RenderOutput(DictValue context) => RenderAssignments(Spec.Output, context, null);

    // contextScope, when given, is a scope over context for currentTask: used until the first assignment changes the context.
    private (DictValue Rendered, IReadOnlyList<OrquestaException> Errors) RenderAssignments(IReadOnlyList<NamedValue> assignments, DictValue context, CurrentTask? currentTask, ExpressionScope? contextScope = null)
    {
        var rolling = context;
        List<OrquestaException>? errors = null;
        // The value of each assignment that succeeded (null: it failed). The rendered dict is made
        // from them only when it is not the rolled context itself (below); one assignment needs no array.
        var count = assignments.Count;
        var single = default(Rendered);
        var values = count > 1 ? new Rendered?[count] : null;
        for (var i = 0; i < count; i++)
        {
            var (name, expression) = assignments[i];
            try
            {
                var scope = contextScope is not null && ReferenceEquals(rolling, context) ? contextScope : Scope(rolling, currentTask);
                var value = ExpressionEvaluator.Evaluate(expression, scope);
                rolling = rolling.Set(name, value);
                if (values is null) single = new Rendered(name, value);
                else values[i] = new Rendered(name, value);
            }
            catch (OrquestaException e) when (IsEvaluationError(e))
            {
                (errors ??= []).Add(e);
            }
        }

        // A publish that assigns every key of the context in the context's order (x = x + 1) renders
        // a dict equal to the rolled context, which shares the context's keys: that one is kept.
        ReadOnlySpan<Rendered?> done = values ?? (single.Name is null ? [] : [single]);
        if (RendersRolled(done, rolling)) return (rolling, errors ?? NoErrors);
        var rendered = DictValue.Empty;
        foreach (var r in done)
        {
            if (r is { } assigned) rendered = rendered.Set(assigned.Name, assigned.Value);
        }

        return (rendered, errors ?? NoErrors);
    }

    private readonly record struct Rendered(string Name, object? Value);

    // Whether the dict the assignments render has the rolled context's keys in the same order:
    // the distinct names, in the order they were first assigned, are the context's keys. The
    // values are then the same (each key's last assignment), and no other key is there.
    private static bool RendersRolled(ReadOnlySpan<Rendered?> assignments, DictValue rolling)
    {
        if (!rolling.TryGetSmall(out var keys, out _)) return false;
        var position = 0;
        for (var i = 0; i < assignments.Length; i++)
        {
            if (assignments[i] is not { } assigned || AssignedBefore(assignments, i, assigned.Name)) continue;
            if (position >= keys.Length || keys[position] is not string key || !string.Equals(key, assigned.Name, StringComparison.Ordinal)) return false;
            position++;
        }

        return position == keys.Length;
    }

    private static bool AssignedBefore(ReadOnlySpan<Rendered?> assignments, int index, string name)
    {
        for (var i = 0; i < index; i++)
        {
            if (assignments[i] is { } earlier && string.Equals(earlier.Name, name, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    private bool TaskHasItems(string taskId) => Spec.Tasks.GetTask(taskId)?.HasItems ?? false;

    private readonly record struct RenderedTask(IReadOnlyList<TaskAction> Actions, bool HasItems, object? Concurrency);

    private static RenderedTask RenderTask(string taskId, TaskSpec? taskSpec, ExpressionScope scope)
    {
        var task = taskSpec ?? throw new InvalidTask(taskId);
        if (!task.HasItems)
        {
            return new RenderedTask([new TaskAction(ExpressionEvaluator.Evaluate(task.Action, scope), ExpressionEvaluator.Evaluate(task.Input, scope))], false, null);
        }

        var with = task.With ?? throw ExpressionRuntimeError.TypeError($"The with-items value of task \"{taskId}\" is not a mapping.");
        var itemsExpression = with.ItemsExpression ?? throw ExpressionRuntimeError.TypeError($"The items of task \"{taskId}\" are not a string.");
        var items = ExpressionEvaluator.Evaluate(itemsExpression, scope);
        if (items is not ListValue list) throw ExpressionRuntimeError.TypeError($"The value of \"{itemsExpression}\" is not type of list.");
        var keys = with.ItemNames.Count == 0 ? null : with.ItemNames;
        var actions = new List<TaskAction>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i];
            if (keys is not null && item is ListValue tuple)
            {
                var b = new DictValue.Builder();
                for (var k = 0; k < Math.Min(keys.Count, tuple.Count); k++) b.Set(keys[k], tuple[k]);
                item = b.ToDict();
            }
            else if (keys is { Count: 1 })
            {
                item = DictValue.Empty.Set(keys[0], item);
            }

            var itemScope = new ExpressionScope(scope.Data) { CurrentTask = scope.CurrentTask, State = scope.State, Environment = scope.Environment, HasCurrentItem = true, CurrentItem = item };
            actions.Add(new TaskAction(ExpressionEvaluator.Evaluate(task.Action, itemScope), ExpressionEvaluator.Evaluate(task.Input, itemScope), i));
        }

        return new RenderedTask(actions, true, with.Concurrency);
    }

    // The planned transition knows its next entry and whether the entry's publish applies. A
    // composed graph's transitions always have their entry; without one the step fails as it
    // always has: no spec for the task, or no next entry with the transition's ref.
    // currentScope may be null only when the transition publishes nothing to its destination.
    private (DictValue NewContext, IReadOnlyList<OrquestaException> Errors) FinalizeContext(TaskPlan source, TransitionPlan transition, ExpressionScope? currentScope)
    {
        if (transition.Spec is null)
        {
            if (source.Spec is null) throw new InvalidTask(source.Id);
            throw new InvalidOperationException("Sequence contains no matching element");
        }

        // Nothing to publish renders an empty dict, whatever the context.
        if (!transition.Publishes) return (DictValue.Empty, NoErrors);
        return RenderAssignments(transition.Publish, currentScope!.Vars, currentScope.CurrentTask, currentScope);
    }
}
