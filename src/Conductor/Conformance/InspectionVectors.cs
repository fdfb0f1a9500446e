using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conformance;

/// <summary>
/// Runs inspection vectors: <c>{"workflow": {...}, "errors": {...}}</c>, one JSON object a line.
/// The same categories must hold the same entries in the same order, with equal
/// <c>spec_path</c>, <c>schema_path</c>, <c>expression</c> and <c>type</c>, and equal messages for
/// <c>semantics</c> and <c>context</c>; syntax and grammar messages are the Python libraries'
/// wording, so any message will do there.
/// </summary>
public static class InspectionVectors
{
    /// <summary>Whether a parsed JSON line is an inspection vector.</summary>
    public static bool IsVector(DictValue line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.ContainsKey("workflow") && line.ContainsKey("errors");
    }

    /// <summary>Runs one vector.</summary>
    public static ConformanceResult Run(string name, DictValue vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var definition = vector.GetValueOrDefault("workflow") as DictValue ?? DictValue.Empty;
        var subject = definition.GetValueOrDefault("description") as string ?? "a workflow";
        var expected = vector.GetValueOrDefault("errors") as DictValue ?? DictValue.Empty;
        DictValue actual;
        try
        {
            actual = WorkflowSpec.FromDefinition(definition).Inspect().ToValue();
        }
        catch (OrquestaException e)
        {
            return new ConformanceResult(name, false, subject, JsonValues.Serialize(expected), $"{e.ErrorType}: {e.Message}");
        }

        return Matches(expected, actual)
            ? new ConformanceResult(name, true, subject)
            : new ConformanceResult(name, false, subject, JsonValues.Serialize(expected), JsonValues.Serialize(actual));
    }

    /// <summary>The corpus rule for comparing inspection results.</summary>
    public static bool Matches(DictValue expected, DictValue actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var expectedCategories = expected.Where(e => e.Value is ListValue { Count: > 0 }).Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
        var actualCategories = actual.Where(e => e.Value is ListValue { Count: > 0 }).Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
        if (!expectedCategories.SequenceEqual(actualCategories, StringComparer.Ordinal)) return false;
        foreach (var category in expectedCategories)
        {
            var e = (ListValue)expected[category]!;
            var a = (ListValue)actual[category]!;
            if (e.Count != a.Count) return false;
            var compareMessages = category is "semantics" or "context";
            for (var i = 0; i < e.Count; i++)
            {
                if (e[i] is not DictValue ee || a[i] is not DictValue ae) return false;
                foreach (var key in (string[])["spec_path", "schema_path", "expression", "type"])
                {
                    if (!JsonEquality.AreEqual(ee.GetValueOrDefault(key), ae.GetValueOrDefault(key))) return false;
                }

                if (compareMessages && !JsonEquality.AreEqual(ee.GetValueOrDefault("message"), ae.GetValueOrDefault("message"))) return false;
                if (!compareMessages && ae.GetValueOrDefault("message") is not string { Length: > 0 }) return false;
            }
        }

        return true;
    }
}
