using System.Globalization;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Graphing;

/// <summary>
/// One edge of the workflow graph (the reference's <c>(source, destination, key, data)</c>
/// tuple): a transition from task <see cref="Source"/> to task <see cref="Destination"/>.
/// Several transitions may join the same two tasks; <see cref="Key"/> tells them apart
/// (0, 1, ... in the order they were added).
/// </summary>
/// <param name="Source">The task the transition leaves.</param>
/// <param name="Destination">The task the transition leads to.</param>
/// <param name="Key">The transition's key among the transitions from <paramref name="Source"/> to <paramref name="Destination"/>.</param>
/// <param name="Attributes">The transition's attributes, for example <c>criteria</c> and <c>ref</c> (a snapshot).</param>
public sealed record TaskTransition(string Source, string Destination, int Key, DictValue Attributes)
{
    /// <summary>The <c>criteria</c> attribute: the <c>when</c> expressions; empty when absent or not a list.</summary>
    public ListValue Criteria => Attributes.GetValueOrDefault("criteria") as ListValue ?? ListValue.Empty;

    /// <summary>The <c>ref</c> attribute: the index of the task's <c>next</c> entry the transition comes from; <see langword="null"/> when absent.</summary>
    public object? Ref => Attributes.GetValueOrDefault("ref");

    /// <summary>
    /// The transition id the conductor records the criteria under, <c>&lt;destination&gt;__t&lt;key&gt;</c>
    /// (the reference's <c>TASK_STATE_TRANSITION_FORMAT</c> over destination and key).
    /// </summary>
    public string TransitionId => _transitionId ??= string.Concat(Destination, "__t", Key.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The key the destination records the transition under among its inbound ones,
    /// <c>&lt;source&gt;__t&lt;key&gt;</c> (the reference's <c>prev</c> keys).
    /// </summary>
    internal string PrevKey => _prevKey ??= string.Concat(Source, "__t", Key.ToString(CultureInfo.InvariantCulture));

    // Both ids are asked for on every step; the graph's transitions keep them once made.
    private string? _transitionId;
    private string? _prevKey;

    /// <summary>Equal source, destination, key and attributes (the cached ids play no part).</summary>
    public bool Equals(TaskTransition? other) =>
        ReferenceEquals(this, other)
        || (other is not null && Source == other.Source && Destination == other.Destination && Key == other.Key && EqualityComparer<DictValue>.Default.Equals(Attributes, other.Attributes));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Source, Destination, Key, Attributes);
}

/// <summary>A root or leaf of the workflow graph: the task id and its <c>name</c> attribute (the id when there is none).</summary>
/// <param name="Id">The task id.</param>
/// <param name="Name">The task's <c>name</c> attribute, or the id.</param>
public sealed record GraphTaskNode(string Id, object? Name);
