using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// Specs by the exact text of their definition, so that restoring conductors of one workflow
/// again and again (every step of a durable execution) reuses one spec and its composed graph
/// instead of rebuilding both. A pure memo: the same definition always gives an equal spec.
/// </summary>
internal static class WorkflowSpecCache
{
    private const int Capacity = 64;
    private static readonly Dictionary<string, WorkflowSpec> Specs = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The spec of <paramref name="definition"/>, built once.</summary>
    public static WorkflowSpec Get(DictValue definition)
    {
        // The JSON text is the key: Python equality would take 1 and true for the same value.
        var key = JsonValues.Serialize(definition);
        lock (Gate)
        {
            if (Specs.TryGetValue(key, out var cached)) return cached;
        }

        var spec = WorkflowSpec.FromDefinition(definition);
        lock (Gate)
        {
            if (Specs.Count >= Capacity) Specs.Clear();
            Specs[key] = spec;
        }

        return spec;
    }
}
