using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conformance;

/// <summary>
/// Equality of two values as JSON values, the way the conformance corpus compares results:
/// numbers by value (5.0 equals 5), objects regardless of key order, and no Python coercions
/// (a boolean never equals a number).
/// </summary>
public static class JsonEquality
{
    /// <summary>Whether <paramref name="expected"/> and <paramref name="actual"/> are equal JSON values.</summary>
    public static bool AreEqual(object? expected, object? actual)
    {
        switch (expected)
        {
            case null: return actual is null;
            case bool b: return actual is bool a && a == b;
            case long or double:
                if (actual is not (long or double)) return false;
                if (expected is long le && actual is long la) return le == la;
                return PyOps.ToDouble(expected) == PyOps.ToDouble(actual);
            case string s: return actual is string sa && string.Equals(s, sa, StringComparison.Ordinal);
            case ListValue le2:
                if (actual is not ListValue la2 || la2.Count != le2.Count) return false;
                for (var i = 0; i < le2.Count; i++)
                {
                    if (!AreEqual(le2[i], la2[i])) return false;
                }

                return true;
            case DictValue de:
                if (actual is not DictValue da || da.Count != de.Count) return false;
                foreach (var (key, value) in de)
                {
                    if (!da.TryGetValue(key, out var other) && !TryFindByJsonKey(da, key, out other)) return false;
                    if (!AreEqual(value, other)) return false;
                }

                return true;
            default:
                return Equals(expected, actual);
        }
    }

    // Dict keys that are not strings (YAQL and Jinja allow them) compare by their JSON text.
    private static bool TryFindByJsonKey(DictValue dict, object key, out object? value)
    {
        var text = JsonValues.KeyText(key);
        foreach (var (k, v) in dict)
        {
            if (k is not string && string.Equals(JsonValues.KeyText(k), text, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = null;
        return false;
    }
}
