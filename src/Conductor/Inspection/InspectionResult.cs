using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Inspection;

/// <summary>The reference's four inspection categories, in the order it reports them.</summary>
public static class InspectionCategory
{
    /// <summary>The definition does not fit the schema.</summary>
    public const string Syntax = "syntax";

    /// <summary>The tasks do not form a workflow the engine can run (undefined or reserved names, no start task, unreachable joins, ...).</summary>
    public const string Semantics = "semantics";

    /// <summary>An expression has a grammar error.</summary>
    public const string Expressions = "expressions";

    /// <summary>An expression uses a variable before anything assigns it.</summary>
    public const string Context = "context";

    /// <summary>The categories in report order.</summary>
    public static IReadOnlyList<string> All { get; } = [Syntax, Semantics, Expressions, Context];
}

/// <summary>
/// One problem inspection found, as the reference reports it.
/// </summary>
/// <param name="Message">What is wrong. Syntax messages follow the wording of Python's <c>jsonschema</c>.</param>
/// <param name="SpecPath">Where in the definition, for example <c>tasks.task1.next[0].do</c>; <see langword="null"/> for the definition as a whole.</param>
/// <param name="SchemaPath">Where in the schema, for example <c>properties.tasks.patternProperties.^\w+$.properties.delay.oneOf</c>.</param>
/// <param name="Expression">For expression and context errors, the expression (or the whole string holding it).</param>
/// <param name="Type">For expression and context errors, the language: <c>yaql</c> or <c>jinja</c> (<see langword="null"/> for a string that mixes both).</param>
public sealed record InspectionError(string Message, string? SpecPath, string? SchemaPath, string? Expression = null, string? Type = null);

/// <summary>
/// Everything inspection found, by category. Empty categories are absent from
/// <see cref="Errors"/> and from <see cref="ToValue"/>, as in the reference (<c>{}</c> for a clean
/// definition).
/// </summary>
/// <remarks>
/// A category holds at most <see cref="MaxErrorsPerCategory"/> errors. The reference has no
/// limit, and can repeat errors (once per target of a transition, say), which makes its output
/// grow faster than the definition; a definition with that many errors is refused either way.
/// </remarks>
public sealed class InspectionResult
{
    /// <summary>The most errors one category reports; inspection stops collecting a category there.</summary>
    public const int MaxErrorsPerCategory = 10_000;

    private readonly Dictionary<string, IReadOnlyList<InspectionError>> _errors = new(StringComparer.Ordinal);

    /// <summary>Creates a result from the four categories' errors, each already in report order.</summary>
    public InspectionResult(
        IReadOnlyList<InspectionError> syntax,
        IReadOnlyList<InspectionError> semantics,
        IReadOnlyList<InspectionError> expressions,
        IReadOnlyList<InspectionError> context)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentNullException.ThrowIfNull(semantics);
        ArgumentNullException.ThrowIfNull(expressions);
        ArgumentNullException.ThrowIfNull(context);
        Syntax = syntax;
        Semantics = semantics;
        Expressions = expressions;
        Context = context;
        if (syntax.Count > 0) _errors[InspectionCategory.Syntax] = syntax;
        if (semantics.Count > 0) _errors[InspectionCategory.Semantics] = semantics;
        if (expressions.Count > 0) _errors[InspectionCategory.Expressions] = expressions;
        if (context.Count > 0) _errors[InspectionCategory.Context] = context;
    }

    /// <summary>A result with no errors.</summary>
    public static InspectionResult Empty { get; } = new([], [], [], []);

    /// <summary>Schema errors.</summary>
    public IReadOnlyList<InspectionError> Syntax { get; }

    /// <summary>Semantic errors.</summary>
    public IReadOnlyList<InspectionError> Semantics { get; }

    /// <summary>Expression grammar errors.</summary>
    public IReadOnlyList<InspectionError> Expressions { get; }

    /// <summary>Context errors (variables used before assignment, private variables).</summary>
    public IReadOnlyList<InspectionError> Context { get; }

    /// <summary>The non-empty categories, enumerated in the order of <see cref="InspectionCategory.All"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<InspectionError>> Errors => _errors;

    /// <summary>Whether inspection found anything.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>
    /// The reference's shape as a value: a dict from category to a list of errors, each a dict
    /// with <c>message</c>, <c>spec_path</c>, <c>schema_path</c> (syntax and semantics) or
    /// <c>type</c>, <c>expression</c>, <c>message</c>, <c>spec_path</c>, <c>schema_path</c>
    /// (expressions and context).
    /// </summary>
    public DictValue ToValue()
    {
        var result = new DictValue.Builder();
        foreach (var category in InspectionCategory.All)
        {
            if (!_errors.TryGetValue(category, out var errors)) continue;
            var withExpression = category is InspectionCategory.Expressions or InspectionCategory.Context;
            var items = new List<object?>(errors.Count);
            foreach (var error in errors)
            {
                var entry = new DictValue.Builder();
                if (withExpression)
                {
                    entry.Set("type", error.Type);
                    entry.Set("expression", error.Expression);
                }

                entry.Set("message", error.Message);
                entry.Set("spec_path", error.SpecPath);
                entry.Set("schema_path", error.SchemaPath);
                items.Add(entry.ToDict());
            }

            result.Set(category, ListValue.From(items));
        }

        return result.ToDict();
    }

    /// <summary>The reference's shape (<see cref="ToValue"/>) as compact JSON.</summary>
    public string ToJson() => JsonValues.Serialize(ToValue());

    /// <inheritdoc />
    public override string ToString() => ToJson();
}
