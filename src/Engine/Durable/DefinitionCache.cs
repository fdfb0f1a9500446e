using System.Collections.Concurrent;
using Orquesta.Azure.Conductor.Specs;

namespace Orquesta.Azure.Engine.Durable;

/// <summary>
/// Parsed workflow definitions by their text, so that a replay does not parse the YAML again.
/// Specs are immutable once loaded, so one instance serves every execution. Bounded: when full,
/// it is emptied (definitions are few; a workload with more simply parses again).
/// </summary>
internal static class DefinitionCache
{
    private const int Capacity = 256;
    private static readonly ConcurrentDictionary<string, WorkflowSpec> Specs = new(StringComparer.Ordinal);

    public static WorkflowSpec Load(string definition)
    {
        if (Specs.TryGetValue(definition, out var spec)) return spec;
        spec = WorkflowSpec.Load(definition);
        if (Specs.Count >= Capacity) Specs.Clear();
        Specs[definition] = spec;
        return spec;
    }
}
