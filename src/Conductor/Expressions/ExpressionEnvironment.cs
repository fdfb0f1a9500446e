namespace Orquesta.Azure.Conductor.Expressions;

/// <summary>
/// The outside world as expressions see it: randomness and time. A durable orchestration
/// supplies values derived from its context so that a replay renders the same values.
/// </summary>
public interface IExpressionEnvironment
{
    /// <summary>A random float in [0, 1) (YAQL's <c>random()</c>).</summary>
    double NextDouble();

    /// <summary>A random integer in [<paramref name="min"/>, <paramref name="max"/>], both inclusive (YAQL's <c>random(from, to)</c>).</summary>
    long NextInteger(long min, long max);

    /// <summary>The current time (YAQL's <c>now()</c>).</summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>The offset of local time from UTC (YAQL's <c>localtz()</c>, <c>now()</c> without a zone).</summary>
    TimeSpan LocalOffset { get; }
}

/// <summary>
/// A deterministic environment: a seeded generator (SplitMix64) and a fixed clock. The same seed
/// gives the same sequence on every machine and every replay.
/// </summary>
public sealed class SeededExpressionEnvironment : IExpressionEnvironment
{
    private ulong _state;
    private readonly object _gate = new();

    /// <summary>Seed 0 and the Unix epoch: for evaluation outside any workflow run.</summary>
    public static SeededExpressionEnvironment Default => new(0, DateTimeOffset.UnixEpoch);

    /// <summary>Creates the environment.</summary>
    public SeededExpressionEnvironment(ulong seed, DateTimeOffset utcNow, TimeSpan localOffset = default)
    {
        _state = seed;
        UtcNow = utcNow;
        LocalOffset = localOffset;
    }

    /// <inheritdoc />
    public DateTimeOffset UtcNow { get; }

    /// <inheritdoc />
    public TimeSpan LocalOffset { get; }

    /// <inheritdoc />
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <inheritdoc />
    public long NextInteger(long min, long max)
    {
        if (max < min) throw ExpressionRuntimeError.ValueError($"empty range for randrange() ({min}, {max + 1}, {max + 1 - min})");
        var span = (ulong)(max - min) + 1;
        if (span == 0) return (long)NextUInt64();
        // Rejection sampling keeps the distribution uniform.
        var limit = ulong.MaxValue - (ulong.MaxValue % span);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return min + (long)(r % span);
    }

    private ulong NextUInt64()
    {
        lock (_gate)
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
