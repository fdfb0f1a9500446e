using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Engine.Durable;

/// <summary>Small helpers to build and read the conductor's values.</summary>
internal static class EngineValues
{
    /// <summary>An insertion-ordered dict of the pairs.</summary>
    public static DictValue Dict(params (string Key, object? Value)[] pairs) =>
        DictValue.From(pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)));

    /// <summary>Parses JSON text into values; null text is null.</summary>
    public static object? Parse(string? json) => json is null ? null : JsonValues.Parse(json);

    /// <summary>Writes values as JSON text; null stays null when <paramref name="nullAsNull"/>.</summary>
    public static string? Serialize(object? value, bool nullAsNull = true) =>
        value is null && nullAsNull ? null : JsonValues.Serialize(value);
}
