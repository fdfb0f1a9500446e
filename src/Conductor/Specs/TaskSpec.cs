using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Specs;

/// <summary>
/// One task of a workflow, or one of the engine commands (<c>continue</c>, <c>fail</c>,
/// <c>noop</c>, <c>retry</c>) that transitions may name in place of a task. Values that the
/// conductor evaluates (<see cref="Delay"/>, <see cref="Input"/>, <see cref="Join"/>, ...) are
/// kept raw, as the value model holds them.
/// </summary>
public sealed class TaskSpec
{
    private TaskSpec(string name, DictValue definition, bool isEngineCommand)
    {
        Name = name;
        Definition = definition;
        IsEngineCommand = isEngineCommand;

        // An action may carry inline parameters (action: core.echo message="hi"); they replace
        // the task's input, as in the reference. Without a space there is no action name to
        // split off (the reference fails there), so the text is taken as the name.
        var action = definition.GetValueOrDefault("action");
        var input = definition.GetValueOrDefault("input");
        if (action is string text && text.Contains(' ', StringComparison.Ordinal))
        {
            var inline = InlineParameters.ParseDict(text);
            if (inline.Count > 0)
            {
                action = text[..text.IndexOf(' ', StringComparison.Ordinal)];
                input = inline;
            }
        }

        ActionValue = action;
        Input = input;

        var with = definition.GetValueOrDefault("with");
        if (with is DictValue { Count: > 0 } items) With = new WithItemsSpec(items);

        if (definition.GetValueOrDefault("retry") is DictValue { Count: > 0 } retry) Retry = new TaskRetrySpec(retry);

        var next = new List<TaskTransitionSpec>();
        if (definition.GetValueOrDefault("next") is ListValue transitions)
        {
            for (var i = 0; i < transitions.Count; i++)
            {
                if (transitions[i] is DictValue transition) next.Add(new TaskTransitionSpec(i, transition));
            }
        }

        Next = next;
    }

    internal static TaskSpec FromDefinition(string name, object? body) =>
        new(name, body as DictValue ?? DictValue.Empty, isEngineCommand: false);

    internal static TaskSpec EngineCommand(string name) => new(name, DictValue.Empty, isEngineCommand: true);

    /// <summary>The task's name (or the engine command's).</summary>
    public string Name { get; }

    /// <summary>The task as written (empty for an engine command, or for a task whose body is not a mapping).</summary>
    public DictValue Definition { get; }

    /// <summary>Whether this stands for an engine command (<c>continue</c>, <c>fail</c>, <c>noop</c>, <c>retry</c>) rather than a task.</summary>
    public bool IsEngineCommand { get; }

    /// <summary>The action to run (its reference, without inline parameters), or <see langword="null"/> for a task without an action.</summary>
    public string? Action => ActionValue as string;

    /// <summary>
    /// The action's input: a <see cref="DictValue"/> (from <c>input</c> or from the action's inline
    /// parameters, which take precedence), a string expression, or <see langword="null"/>.
    /// </summary>
    public object? Input { get; }

    /// <summary>The <c>delay</c> before the action runs, as written (seconds or an expression), or <see langword="null"/>.</summary>
    public object? Delay => Definition.GetValueOrDefault("delay");

    /// <summary>The <c>join</c> value as written: <c>all</c>, a count, or <see langword="null"/> for a task that does not join.</summary>
    public object? Join => Definition.GetValueOrDefault("join");

    /// <summary>Whether the task is a join (it has a <c>join</c> value, the reference's <c>is_join_task</c>).</summary>
    public bool IsJoin => Join is not null;

    /// <summary>Whether the task joins all of its inbound branches (<c>join: all</c>).</summary>
    public bool JoinsAll => Join is "all";

    /// <summary>The number of inbound branches the task waits for (<c>join: 2</c>), or <see langword="null"/>.</summary>
    public long? JoinCount => Join is long count ? count : null;

    /// <summary>Whether the task has a <c>with</c> value (the reference's <c>has_items</c>).</summary>
    public bool HasItems => Definition.GetValueOrDefault("with") is not null;

    /// <summary>The with-items specification, or <see langword="null"/> when the task has none (or it is not a mapping).</summary>
    public WithItemsSpec? With { get; }

    /// <summary>The retry specification, or <see langword="null"/>.</summary>
    public TaskRetrySpec? Retry { get; }

    /// <summary>Whether the task has a retry specification.</summary>
    public bool HasRetry => Retry is not null;

    /// <summary>The task's transitions, in order (entries that are not mappings are left out; each keeps its index).</summary>
    public IReadOnlyList<TaskTransitionSpec> Next { get; }

    /// <summary><c>action</c> as the reference holds it after splitting off inline parameters.</summary>
    internal object? ActionValue { get; }

    /// <summary>Whether <c>join</c> is truthy (the reference's <c>has_join</c>, which context inspection uses).</summary>
    internal bool HasJoin => PyOps.IsTruthy(Join);
}
