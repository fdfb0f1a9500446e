using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Specs;
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
    /// <remarks>
    /// The document is checked whole before it is used: its shape (no key this version does not
    /// write), the kind of every value, the references between its parts (contexts, chains,
    /// routes, sequence indexes, task ids against the graph, transitions against the spec), and
    /// that every value is JSON data. A document that passes goes on as the conductor that wrote it.
    /// </remarks>
    /// <exception cref="ConductorStateException">
    /// The document has no integer <c>schema_version</c>, another version, or is malformed; the
    /// message names the place (for example <c>state.sequence[2].route</c>) and the problem.
    /// </exception>
    public static WorkflowConductor Deserialize(DictValue data, IExpressionEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetValueOrDefault("schema_version") is not long version) throw new ConductorStateException("The conductor document has no integer schema_version.");
        if (version != SchemaVersion) throw new ConductorStateException($"The conductor document has schema_version {version}; this version reads {SchemaVersion}.");

        var root = DocumentReader.Root("conductor document", data);
        root.Closed("schema_version", "spec", "spec_digest", "input", "context", "state", "log", "errors", "output");

        var specNode = root["spec"];
        WorkflowSpec spec;
        try
        {
            // The digest finds a spec already built in this process for the same definition; the
            // graph is composed from the spec, never read from the document.
            var digest = data.GetValueOrDefault("spec_digest") as string;
            spec = WorkflowSpecCache.Get(WorkflowStateSerializer.ReadValue(specNode).Dict(), digest);
        }
        catch (OrquestaException e) when (e is not ConductorStateException)
        {
            throw specNode.Fail(e.Message.TrimEnd('.'), e);
        }

        var graph = WorkflowComposer.ComposeShared(spec);
        var input = WorkflowStateSerializer.ReadValue(root["input"]).Dict();
        var context = WorkflowStateSerializer.ReadValue(root["context"]).Dict();
        var state = WorkflowStateSerializer.Read(root["state"], graph.HasTask);
        var log = root["log"].Items().Select(e => WorkflowStateSerializer.ReadValue(e).Dict()).ToList();
        var errors = root["errors"].Items().Select(e => WorkflowStateSerializer.ReadValue(e).Dict()).ToList();
        var outputNode = WorkflowStateSerializer.ReadValue(root["output"]);
        var output = outputNode.Value is null ? null : outputNode.Dict();

        var conductor = new WorkflowConductor(spec, input, context, environment)
        {
            _graph = graph,
            _state = state,
            _outputs = output,
        };
        conductor.Log.AddRange(log);
        conductor.Errors.AddRange(errors);
        return conductor;
    }
}
