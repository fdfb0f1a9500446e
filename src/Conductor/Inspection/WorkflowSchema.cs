using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Inspection;

/// <summary>
/// The JSON schema (draft 4) of a native v1 workflow, in the structure the reference's spec
/// classes merge into (<c>specs/types.py</c>, <c>specs/native/v1/models.py</c>): the same keywords
/// in the same places, so that error paths read the same. One addition: task names must match
/// <c>^\w+$</c> (<c>additionalProperties: false</c> under <c>tasks</c>), where the reference's
/// inspection fails outright on other names.
/// </summary>
internal static class WorkflowSchema
{
    /// <summary>The pattern that with-items <c>items</c> must match (the YAQL and Jinja statement patterns inside).</summary>
    public const string ItemsPattern =
        @"^(\s+)?({{.*?}}|<%.*?%>)(\s+)?$|^(\s+)?((\w+,\s?|\s+)+)?(\w+)\s+in\s+({{.*?}}|<%.*?%>)(\s+)?$";

    /// <summary>The pattern names must match under <c>patternProperties</c>.</summary>
    public const string NamePattern = @"^\w+$";

    private static DictValue Schema(params (string Key, object? Value)[] entries)
    {
        var builder = new DictValue.Builder();
        foreach (var (key, value) in entries) builder.Set(key, value);
        return builder.ToDict();
    }

    private static ListValue List(params object?[] items) => ListValue.Of(items);

    private static DictValue Type(string type) => Schema(("type", type));

    private static readonly DictValue NonEmptyString = Schema(("type", "string"), ("minLength", 1L));

    private static readonly DictValue PositiveInteger = Schema(("type", "integer"), ("minimum", 0L));

    private static readonly DictValue PositiveNumber = Schema(("type", "number"), ("minimum", 0.0));

    private static readonly DictValue AnyNullable = Schema(("anyOf", List(
        Type("null"), Type("array"), Type("boolean"), Type("integer"), Type("number"), Type("object"), Type("string"))));

    private static readonly DictValue NonEmptyDict = Schema(
        ("type", "object"),
        ("minProperties", 1L),
        ("patternProperties", Schema((NamePattern, AnyNullable))));

    private static readonly DictValue OneKeyDict = Schema(
        ("type", "object"),
        ("minProperties", 1L),
        ("maxProperties", 1L),
        ("patternProperties", Schema((NamePattern, AnyNullable))));

    private static readonly DictValue StringOrPositiveInteger = Schema(("oneOf", List(NonEmptyString, PositiveInteger)));

    private static readonly DictValue UniqueStringList = Schema(
        ("type", "array"), ("items", NonEmptyString), ("uniqueItems", true), ("minItems", 1L));

    private static readonly DictValue UniqueStringOrOneKeyDictList = Schema(
        ("type", "array"), ("items", Schema(("oneOf", List(NonEmptyString, OneKeyDict)))), ("uniqueItems", true), ("minItems", 1L));

    private static readonly DictValue UniqueOneKeyDictList = Schema(
        ("type", "array"), ("items", OneKeyDict), ("uniqueItems", true), ("minItems", 1L));

    private static readonly DictValue TaskTransition = Schema(
        ("type", "object"),
        ("properties", Schema(
            ("when", NonEmptyString),
            ("publish", Schema(("oneOf", List(NonEmptyString, UniqueOneKeyDictList)))),
            ("do", Schema(("oneOf", List(NonEmptyString, UniqueStringList)))))),
        ("additionalProperties", false));

    private static readonly DictValue Itemized = Schema(
        ("type", "object"),
        ("properties", Schema(
            ("items", Schema(("type", "string"), ("minLength", 1L), ("pattern", ItemsPattern))),
            ("concurrency", StringOrPositiveInteger))),
        ("additionalProperties", false));

    private static readonly DictValue TaskRetry = Schema(
        ("type", "object"),
        ("properties", Schema(
            ("when", NonEmptyString),
            ("count", StringOrPositiveInteger),
            ("delay", StringOrPositiveInteger))),
        ("required", List("count")),
        ("additionalProperties", false));

    private static readonly DictValue Task = Schema(
        ("type", "object"),
        ("properties", Schema(
            ("delay", StringOrPositiveInteger),
            ("join", Schema(("oneOf", List(Schema(("enum", List("all"))), PositiveInteger)))),
            ("with", Itemized),
            ("action", NonEmptyString),
            ("input", Schema(("oneOf", List(NonEmptyString, NonEmptyDict)))),
            ("retry", TaskRetry),
            ("next", Schema(("type", "array"), ("items", TaskTransition))))),
        ("additionalProperties", false));

    private static readonly DictValue TaskMapping = Schema(
        ("type", "object"),
        ("minProperties", 1L),
        ("patternProperties", Schema((NamePattern, Task))),
        ("additionalProperties", false));

    private static readonly DictValue Version = Schema(
        ("anyOf", List(NonEmptyString, PositiveInteger, PositiveNumber)),
        ("enum", List("1.0", 1.0)));

    /// <summary>The whole workflow's schema, with the meta properties (<c>name</c>, <c>version</c>, <c>description</c>, <c>tags</c>).</summary>
    public static DictValue Workflow { get; } = Schema(
        ("type", "object"),
        ("properties", Schema(
            ("vars", UniqueOneKeyDictList),
            ("input", UniqueStringOrOneKeyDictList),
            ("output", UniqueOneKeyDictList),
            ("tasks", TaskMapping),
            ("name", NonEmptyString),
            ("version", Version),
            ("description", NonEmptyString),
            ("tags", UniqueStringList))),
        ("required", List("tasks")),
        ("additionalProperties", false));
}
