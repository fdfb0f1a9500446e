using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// Specs by a digest of their definition, so that restoring conductors of one workflow again and
/// again (every step of a durable execution) reuses one spec and its composed graph instead of
/// rebuilding both. A pure memo: the same definition always gives an equal spec.
/// </summary>
internal static class WorkflowSpecCache
{
    private const int Capacity = 64;
    private static readonly Dictionary<string, WorkflowSpec> Specs = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<WorkflowSpec, string> Keys = [];
    private static readonly Lock Gate = new();

    /// <summary>The digest of a spec's definition (SHA-256 of its JSON text), computed once per spec.</summary>
    public static string KeyOf(WorkflowSpec spec) =>
        Keys.GetValue(spec, s => Digest(s.Definition));

    /// <summary>The spec of <paramref name="definition"/>, built once; <paramref name="key"/> is its digest when known.</summary>
    public static WorkflowSpec Get(DictValue definition, string? key = null)
    {
        // The JSON text decides: Python equality would take 1 and true for the same value.
        key ??= Digest(definition);
        lock (Gate)
        {
            // A digest read from a document is checked against the definition it came with.
            if (Specs.TryGetValue(key, out var cached) && cached.Definition.Equals(definition)) return cached;
        }

        var spec = WorkflowSpec.FromDefinition(definition);
        Keys.AddOrUpdate(spec, key);
        lock (Gate)
        {
            if (Specs.Count >= Capacity) Specs.Clear();
            Specs[key] = spec;
        }

        return spec;
    }

    private static string Digest(DictValue definition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonValues.Serialize(definition))));
}
