using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

public sealed partial class WorkflowConductor
{
    /// <summary>The version of the serialized conductor document; bump it on any change of shape.</summary>
    public const long SchemaVersion = 1;

    /// <summary>
    /// The whole conductor as a value (then JSON): the definition, input, parent context, state,
    /// logs and output, with <c>schema_version</c>. Lossless: <see cref="Deserialize"/> gives a
    /// conductor that behaves the same. The graph is not written: it is a pure function of the
    /// definition, composed again (once per definition and process) on restore.
    /// </summary>
    public DictValue Serialize() => DictValue.Empty
        .Set("schema_version", SchemaVersion)
        .Set("spec", Spec.Definition)
        .Set("spec_digest", WorkflowSpecCache.KeyOf(Spec))
        .Set("input", _inputs)
        .Set("context", _parentContext)
        .Set("state", WorkflowStateSerializer.Serialize(WorkflowState))
        .Set("log", ListValue.From(Log))
        .Set("errors", ListValue.From(Errors))
        .Set("output", _outputs);

    /// <summary>Restores a conductor written by <see cref="Serialize"/>.</summary>
    /// <exception cref="ConductorStateException">The document is not a serialized conductor of a known version.</exception>
    public static WorkflowConductor Deserialize(DictValue data, IExpressionEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetValueOrDefault("schema_version") is not long version) throw new ConductorStateException("The conductor document has no schema_version.");
        if (version != SchemaVersion) throw new ConductorStateException($"The conductor document has schema_version {version}; this version reads {SchemaVersion}.");
        try
        {
            // The digest finds a spec already built in this process for the same definition.
            var spec = WorkflowSpecCache.Get((DictValue)data["spec"]!, data.GetValueOrDefault("spec_digest") as string);
            var conductor = new WorkflowConductor(spec, data["input"] as DictValue, data["context"] as DictValue, environment)
            {
                _state = WorkflowStateSerializer.Deserialize((DictValue)data["state"]!),
                _outputs = data.GetValueOrDefault("output") as DictValue,
            };
            foreach (var e in (ListValue)data["log"]!) conductor.Log.Add((DictValue)e!);
            foreach (var e in (ListValue)data["errors"]!) conductor.Errors.Add((DictValue)e!);
            return conductor;
        }
        catch (Exception e) when (e is InvalidCastException or KeyNotFoundException or NullReferenceException)
        {
            throw new ConductorStateException($"The conductor document is malformed: {e.Message}", e);
        }
    }
}
