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
    private static readonly ConditionalWeakTable<WorkflowSpec, SpecText> Texts = [];
    private static readonly Lock Gate = new();

    /// <summary>The digest of a spec's definition (SHA-256 of its JSON text), computed once per spec.</summary>
    public static string KeyOf(WorkflowSpec spec) => TextOf(spec).Key;

    /// <summary>
    /// The definition's compact JSON (as <see cref="JsonValues.Serialize"/> writes it, in UTF-8)
    /// and its digest, computed once per spec: the document writer copies the bytes instead of
    /// writing the definition again, and the reader compares them to find the spec it came from.
    /// </summary>
    public static SpecText TextOf(WorkflowSpec spec) =>
        Texts.GetValue(spec, s => SpecText.Of(s.Definition));

    /// <summary>Keeps <paramref name="spec"/> for restoring documents of its definition (one written from it, typically).</summary>
    public static void Remember(WorkflowSpec spec, string key)
    {
        lock (Gate)
        {
            if (Specs.ContainsKey(key)) return;
            if (Specs.Count >= Capacity) Specs.Clear();
            Specs[key] = spec;
        }
    }

    /// <summary>
    /// The spec whose definition's JSON is exactly <paramref name="utf8Definition"/> under the
    /// digest <paramref name="key"/>, when one was built in this process; <see langword="null"/>
    /// otherwise. The bytes are compared, so a wrong digest finds nothing.
    /// </summary>
    public static WorkflowSpec? Find(string key, ReadOnlySpan<byte> utf8Definition)
    {
        WorkflowSpec? cached;
        lock (Gate)
        {
            if (!Specs.TryGetValue(key, out cached)) return null;
        }

        var text = TextOf(cached);
        return text.Key == key && text.Utf8.AsSpan().SequenceEqual(utf8Definition) ? cached : null;
    }

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
        lock (Gate)
        {
            if (Specs.Count >= Capacity) Specs.Clear();
            Specs[key] = spec;
        }

        return spec;
    }

    private static string Digest(DictValue definition) => SpecText.Of(definition).Key;

    /// <summary>A definition's compact UTF-8 JSON and the lowercase hex SHA-256 of it.</summary>
    internal sealed record SpecText(string Key, byte[] Utf8)
    {
        public static SpecText Of(DictValue definition)
        {
            var utf8 = Encoding.UTF8.GetBytes(JsonValues.Serialize(definition));
            return new SpecText(Convert.ToHexStringLower(SHA256.HashData(utf8)), utf8);
        }
    }
}
