using System.Text.Json;
using Orquesta.Azure.Conductor.Inspection;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Specs;

/// <summary>
/// An Orquesta workflow definition (native catalog, version 1.0): its inputs, variables, tasks
/// and outputs, typed, immutable and in the order written. Building a spec never fails on
/// content; <see cref="Inspect"/> reports every problem the reference's inspection reports.
/// </summary>
/// <remarks>
/// Values that the conductor evaluates as expressions are kept raw in the value model. Parts of a
/// definition with the wrong shape (a list where a mapping belongs, say) are left out of the
/// typed members; <see cref="Inspect"/> reports them as syntax errors, and
/// <see cref="Definition"/> always holds everything as written.
/// </remarks>
public sealed class WorkflowSpec
{
    /// <summary>The only definition version this catalog reads.</summary>
    public const string SupportedVersion = "1.0";

    /// <summary>The spec catalog (the reference's <c>native</c>), recorded when a spec is serialized.</summary>
    public const string Catalog = "native";

    private readonly Lazy<InspectionResult> _inspection;

    private WorkflowSpec(DictValue definition, object? version)
    {
        Definition = Normalize(definition);
        Version = version;
        Name = Definition.GetValueOrDefault("name") as string;
        Description = Definition.GetValueOrDefault("description") as string;
        Tags = Definition.GetValueOrDefault("tags") is ListValue tags ? tags.OfType<string>().ToArray() : [];
        Input = ReadInput(Definition.GetValueOrDefault("input"));
        Vars = TaskTransitionSpec.ToNamedValues(Definition.GetValueOrDefault("vars"));
        Output = TaskTransitionSpec.ToNamedValues(Definition.GetValueOrDefault("output"));
        Tasks = new TaskMappingSpec(Definition.GetValueOrDefault("tasks"));
        _inspection = new Lazy<InspectionResult>(() => WorkflowInspector.Inspect(this, null), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The definition as the spec reads it: as written, with each task's short
    /// <c>with: &lt;items&gt;</c> expanded to <c>with: {items: &lt;items&gt;}</c>, and without
    /// <c>version</c> when the spec was loaded with <see cref="Load(string)"/> or <see cref="Instantiate(DictValue)"/>.
    /// </summary>
    public DictValue Definition { get; }

    /// <summary>The definition's <c>version</c> as written (<c>1.0</c> or <c>"1.0"</c>), or <see langword="null"/> when it has none.</summary>
    public object? Version { get; }

    /// <summary>The workflow's <c>name</c>, when it has one.</summary>
    public string? Name { get; }

    /// <summary>The workflow's <c>description</c>, when it has one.</summary>
    public string? Description { get; }

    /// <summary>The workflow's <c>tags</c>.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The inputs, in order: bare names, and names with defaults.</summary>
    public IReadOnlyList<WorkflowInput> Input { get; }

    /// <summary>The variables (<c>vars</c>), in order; each value may refer to inputs and earlier variables.</summary>
    public IReadOnlyList<NamedValue> Vars { get; }

    /// <summary>The outputs, in order; each value may refer to the context and earlier outputs.</summary>
    public IReadOnlyList<NamedValue> Output { get; }

    /// <summary>The tasks, in order, with the graph queries.</summary>
    public TaskMappingSpec Tasks { get; }

    /// <summary>
    /// Loads YAML (or JSON) text the way the reference's <c>utils.specs.instantiate</c> does: the
    /// document must be a mapping with <c>version: 1.0</c>, which is taken out of the definition.
    /// </summary>
    /// <exception cref="WorkflowDefinitionError">The text cannot be loaded (see <see cref="YamlValues"/>), is not a mapping, or has no supported version.</exception>
    public static WorkflowSpec Load(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new WorkflowDefinitionError("Workflow definition is empty.");
        return InstantiateValue(YamlValues.Parse(text));
    }

    /// <summary>Loads UTF-8 YAML (or JSON) as <see cref="Load(string)"/> does.</summary>
    /// <exception cref="WorkflowDefinitionError">The bytes are not UTF-8, or as for <see cref="Load(string)"/>.</exception>
    public static WorkflowSpec Load(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) throw new WorkflowDefinitionError("Workflow definition is empty.");
        return InstantiateValue(YamlValues.Parse(utf8));
    }

    /// <summary>
    /// A spec from a parsed definition, the way <c>utils.specs.instantiate</c> takes a dict:
    /// <c>version</c> is required, must be <c>1.0</c>, and is taken out.
    /// </summary>
    /// <exception cref="WorkflowDefinitionError">The definition is empty, has no supported version, or breaks the loader's limits.</exception>
    public static WorkflowSpec Instantiate(DictValue definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return InstantiateValue(definition);
    }

    private static WorkflowSpec InstantiateValue(object? value)
    {
        if (value is not DictValue definition) throw new WorkflowDefinitionError("Unable to convert workflow definition into dict.");
        if (definition.Count == 0) throw new WorkflowDefinitionError("Workflow definition is empty.");
        var version = definition.GetValueOrDefault("version");
        if (!PyOps.IsTruthy(version)) throw new WorkflowDefinitionError("Version of the workflow definition is not provided.");
        if (PyRepr.Str(version) != SupportedVersion) throw new WorkflowDefinitionError($"Workflow definition is not the supported version \"{SupportedVersion}\".");
        var rest = definition.Remove("version");
        if (rest.Count == 0) throw new WorkflowDefinitionError("Workflow definition contains no workflow.");
        YamlValues.CheckLimits(rest, "workflow definition");
        return new WorkflowSpec(rest, version);
    }

    /// <summary>
    /// A spec from a definition as it stands, the way the reference's <c>WorkflowSpec(dict)</c>
    /// takes one: <c>version</c> is optional here, and inspection checks it when present.
    /// </summary>
    /// <exception cref="WorkflowDefinitionError">The definition is empty, or nested deeper or larger than the loader's limits.</exception>
    public static WorkflowSpec FromDefinition(DictValue definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Count == 0) throw new WorkflowDefinitionError("Workflow definition is empty.");
        YamlValues.CheckLimits(definition, "workflow definition");
        return new WorkflowSpec(definition, definition.GetValueOrDefault("version"));
    }

    /// <summary>A spec from JSON text, as <see cref="FromDefinition"/> takes it (the conformance corpus writes definitions this way).</summary>
    /// <exception cref="WorkflowDefinitionError">The text is not JSON or not an object, or as for <see cref="FromDefinition"/>.</exception>
    public static WorkflowSpec FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        object? value;
        try
        {
            value = JsonValues.Parse(json);
        }
        catch (JsonException e)
        {
            throw YamlValues.Fail(e.Message.TrimEnd('.'), e.LineNumber + 1, e.BytePositionInLine + 1, e);
        }

        return value is DictValue definition
            ? FromDefinition(definition)
            : throw new WorkflowDefinitionError("Unable to convert workflow definition into dict.");
    }

    /// <summary>
    /// The reference's serialized form, which conductor state carries:
    /// <c>{"catalog": "native", "version": "1.0", "spec": definition}</c>, with <c>name</c> when the
    /// workflow has one.
    /// </summary>
    public DictValue Serialize()
    {
        var builder = new DictValue.Builder().Set("catalog", Catalog).Set("version", SupportedVersion).Set("spec", Definition);
        if (!string.IsNullOrEmpty(Name)) builder.Set("name", Name);
        return builder.ToDict();
    }

    /// <summary>A spec from its <see cref="Serialize"/>d form.</summary>
    /// <exception cref="WorkflowDefinitionError">The catalog or version is not this one's, or the spec is missing or empty.</exception>
    public static WorkflowSpec Deserialize(DictValue data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!Equals(data.GetValueOrDefault("catalog"), Catalog)) throw new WorkflowDefinitionError($"Serialized spec catalog does not match \"{Catalog}\".");
        if (!Equals(data.GetValueOrDefault("version"), SupportedVersion)) throw new WorkflowDefinitionError($"Serialized spec version does not match \"{SupportedVersion}\".");
        return data.GetValueOrDefault("spec") is DictValue definition
            ? FromDefinition(definition)
            : throw new WorkflowDefinitionError("The spec cannot be type of None.");
    }

    /// <summary>
    /// Inspects the definition as the reference does, returning every problem at once in four
    /// categories: syntax (the schema), semantics, expressions (grammar) and context (variables
    /// used before they are assigned).
    /// </summary>
    /// <param name="contextNames">Names the application puts in the context beforehand (the reference's <c>app_ctx</c> keys), if any.</param>
    public InspectionResult Inspect(IEnumerable<string>? contextNames = null) =>
        contextNames is null ? _inspection.Value : WorkflowInspector.Inspect(this, contextNames.ToArray());

    /// <summary>Inspects the definition and refuses it if inspection found anything.</summary>
    /// <param name="contextNames">As for <see cref="Inspect"/>.</param>
    /// <exception cref="WorkflowInspectionError">Inspection found problems; the error carries them.</exception>
    public void EnsureValid(IEnumerable<string>? contextNames = null)
    {
        var result = Inspect(contextNames);
        if (result.HasErrors) throw new WorkflowInspectionError(result);
    }

    private static DictValue Normalize(DictValue definition)
    {
        if (definition.GetValueOrDefault("tasks") is not DictValue { Count: > 0 } tasks) return definition;
        var changed = tasks;
        foreach (var (name, body) in tasks)
        {
            if (body is DictValue task && task.GetValueOrDefault("with") is string items)
            {
                changed = changed.Set(name, task.Set("with", new DictValue.Builder().Set("items", items).ToDict()));
            }
        }

        return ReferenceEquals(changed, tasks) ? definition : definition.Set("tasks", changed);
    }

    private static WorkflowInput[] ReadInput(object? value)
    {
        if (value is not ListValue items) return [];
        var result = new List<WorkflowInput>(items.Count);
        foreach (var item in items)
        {
            switch (item)
            {
                case string name:
                    result.Add(new WorkflowInput(name, false, null));
                    break;
                case DictValue { Count: > 0 } dict when dict.First() is { Key: string name } entry:
                    result.Add(new WorkflowInput(name, true, entry.Value));
                    break;
            }
        }

        return [.. result];
    }
}
