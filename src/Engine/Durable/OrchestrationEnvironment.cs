using Microsoft.DurableTask;
using Orquesta.Azure.Conductor.Expressions;

namespace Orquesta.Azure.Engine.Durable;

/// <summary>
/// Randomness and time for expressions inside an orchestration: the clock is the orchestration's
/// (<see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>) and the generator is seeded from
/// the instance id and the episode, so a replay renders the same values.
/// </summary>
internal sealed class OrchestrationEnvironment : IExpressionEnvironment
{
    private readonly TaskOrchestrationContext _context;
    private ulong _state;

    public OrchestrationEnvironment(TaskOrchestrationContext context, long episode)
    {
        _context = context;
        var seed = 0xcbf29ce484222325UL;
        foreach (var c in context.InstanceId) seed = (seed ^ c) * 0x100000001b3UL;
        _state = seed ^ (ulong)episode * 0x9E3779B97F4A7C15UL;
    }

    /// <summary>Continues <paramref name="previous"/>'s random stream on a new context (a run that adopts a session).</summary>
    public OrchestrationEnvironment(TaskOrchestrationContext context, long episode, IExpressionEnvironment? previous)
        : this(context, episode)
    {
        if (previous is OrchestrationEnvironment other) _state = other._state;
    }

    public DateTimeOffset UtcNow => new(DateTime.SpecifyKind(_context.CurrentUtcDateTime, DateTimeKind.Utc));

    public TimeSpan LocalOffset => TimeSpan.Zero;

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    public long NextInteger(long min, long max)
    {
        if (max < min) (min, max) = (max, min);
        var span = (ulong)(max - min) + 1;
        return span == 0 ? (long)Next() : min + (long)(Next() % span);
    }

    private ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
