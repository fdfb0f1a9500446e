using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Specs;

/// <summary>A task's <c>retry</c>: when to retry, how many times, and how long to wait.</summary>
public sealed class TaskRetrySpec
{
    internal TaskRetrySpec(DictValue definition)
    {
        Definition = definition;
    }

    /// <summary>The <c>retry</c> mapping as written.</summary>
    public DictValue Definition { get; }

    /// <summary>The <c>when</c> condition (an expression), or <see langword="null"/>.</summary>
    public string? When => Definition.GetValueOrDefault("when") as string;

    /// <summary>The <c>count</c> value as written: the most retries (an integer) or an expression.</summary>
    public object? Count => Definition.GetValueOrDefault("count");

    /// <summary>The <c>delay</c> value as written (seconds, or an expression), or <see langword="null"/>.</summary>
    public object? Delay => Definition.GetValueOrDefault("delay");
}
