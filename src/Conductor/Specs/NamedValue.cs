namespace Orquesta.Azure.Conductor.Specs;

/// <summary>
/// A name with its raw value: a workflow variable (<c>vars</c>), an output, or a variable a task
/// transition publishes. The value is kept as written (the value model); strings in it may hold
/// expressions that the conductor evaluates later.
/// </summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Value">The value as written.</param>
public sealed record NamedValue(string Name, object? Value);

/// <summary>One workflow input: a bare name, or a name with a default value.</summary>
/// <param name="Name">The input's name.</param>
/// <param name="HasDefault">Whether the definition gives a default (<c>- name: default</c>).</param>
/// <param name="Default">The default as written, or <see langword="null"/>; the reference uses <c>None</c> for a bare name too.</param>
public sealed record WorkflowInput(string Name, bool HasDefault, object? Default);

/// <summary>A task that another task transitions to, or that transitions to it.</summary>
/// <param name="TaskName">The other task, or an engine command (<c>continue</c>, <c>fail</c>, <c>noop</c>, <c>retry</c>).</param>
/// <param name="Condition">The transition's <c>when</c> expression, or <see langword="null"/> for none.</param>
/// <param name="TransitionIndex">The index of the transition in the source task's <c>next</c> list.</param>
public sealed record TaskTransitionRef(string TaskName, string? Condition, int TransitionIndex);
