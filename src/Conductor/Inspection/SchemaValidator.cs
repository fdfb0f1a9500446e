using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Inspection;

/// <summary>A schema violation: the message and where it is, in the instance and in the schema.</summary>
internal sealed record SchemaError(string Message, IReadOnlyList<object> Path, IReadOnlyList<object> SchemaPath);

/// <summary>
/// A small JSON-schema (draft 4) interpreter over schemas held as values, covering the keywords
/// the workflow schema uses (<c>type</c>, <c>properties</c>, <c>patternProperties</c>,
/// <c>additionalProperties</c>, <c>required</c>, <c>minProperties</c>, <c>maxProperties</c>,
/// <c>items</c>, <c>minItems</c>, <c>uniqueItems</c>, <c>minLength</c>, <c>pattern</c>,
/// <c>minimum</c>, <c>enum</c>, <c>anyOf</c>, <c>oneOf</c>) the way Python's <c>jsonschema</c>
/// applies them, with its messages (in the wording the conformance corpus was recorded with).
/// </summary>
/// <remarks>
/// Python semantics throughout: <c>integer</c> excludes booleans and floats (draft 4), string
/// lengths count code points, <c>enum</c> and <c>uniqueItems</c> tell <c>true</c> from <c>1</c>,
/// patterns are searched with Python's <c>\w</c> and <c>\s</c>. A key that is not a string where
/// names are matched against patterns is reported (<c>jsonschema</c> would raise instead).
/// </remarks>
internal static class SchemaValidator
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>Every violation of <paramref name="schema"/> by <paramref name="instance"/>, in the order <c>jsonschema</c> finds them.</summary>
    public static List<SchemaError> Validate(object? instance, DictValue schema)
    {
        var errors = new List<SchemaError>();
        Descend(instance, schema, null, null, errors, stopAtFirst: false);
        return errors;
    }

    /// <summary>Whether <paramref name="instance"/> satisfies <paramref name="schema"/>.</summary>
    public static bool IsValid(object? instance, DictValue schema)
    {
        var errors = new List<SchemaError>(1);
        Descend(instance, schema, null, null, errors, stopAtFirst: true);
        return errors.Count == 0;
    }

    private sealed record PathNode(object Element, PathNode? Parent)
    {
        public static PathNode Append(PathNode? parent, object element) => new(element, parent);

        public static List<object> ToList(PathNode? node)
        {
            var list = new List<object>();
            for (var n = node; n is not null; n = n.Parent) list.Add(n.Element);
            list.Reverse();
            return list;
        }
    }

    private static void Descend(object? instance, DictValue schema, PathNode? path, PathNode? schemaPath, List<SchemaError> errors, bool stopAtFirst)
    {
        foreach (var (keyword, value) in schema)
        {
            if (stopAtFirst && errors.Count > 0) return;
            if (keyword is not string name) continue;
            var at = PathNode.Append(schemaPath, name);
            void Error(string message) => errors.Add(new SchemaError(message, PathNode.ToList(path), PathNode.ToList(at)));
            switch (name)
            {
                case "type":
                    var types = value is ListValue list ? list.OfType<string>().ToArray() : [(string)value!];
                    if (!types.Any(t => IsType(instance, t))) Error($"{Repr(instance)} is not of type {string.Join(", ", types.Select(PyRepr.QuoteString))}");
                    break;
                case "properties" when instance is DictValue dict && value is DictValue properties:
                    foreach (var (property, subschema) in properties)
                    {
                        if (dict.TryGetValue(property, out var item) && subschema is DictValue sub)
                        {
                            Descend(item, sub, PathNode.Append(path, property), PathNode.Append(at, property), errors, stopAtFirst);
                        }
                    }

                    break;
                case "patternProperties" when instance is DictValue dict && value is DictValue patterns:
                    foreach (var (key, _) in dict)
                    {
                        if (key is not string) errors.Add(new SchemaError($"{Repr(key)} is not of type 'string'", PathNode.ToList(PathNode.Append(path, key)), PathNode.ToList(at)));
                    }

                    foreach (var (pattern, subschema) in patterns)
                    {
                        if (pattern is not string p || subschema is not DictValue sub) continue;
                        foreach (var (key, item) in dict)
                        {
                            if (key is string k && Search(p, k)) Descend(item, sub, PathNode.Append(path, k), PathNode.Append(at, p), errors, stopAtFirst);
                        }
                    }

                    break;
                case "additionalProperties" when instance is DictValue dict:
                    AdditionalProperties(dict, value, schema, path, at, errors, stopAtFirst);
                    break;
                case "required" when instance is DictValue dict && value is ListValue required:
                    foreach (var property in required)
                    {
                        if (property is not null && !dict.ContainsKey(property)) Error($"{Repr(property)} is a required property");
                    }

                    break;
                case "minProperties" when instance is DictValue dict && dict.Count < PyOps.ToLong(value):
                    Error($"{Repr(instance)} does not have enough properties");
                    break;
                case "maxProperties" when instance is DictValue dict && dict.Count > PyOps.ToLong(value):
                    Error($"{Repr(instance)} has too many properties");
                    break;
                case "items" when instance is ListValue items && value is DictValue itemSchema:
                    for (var i = 0; i < items.Count; i++) Descend(items[i], itemSchema, PathNode.Append(path, (long)i), at, errors, stopAtFirst);
                    break;
                case "minItems" when instance is ListValue items && items.Count < PyOps.ToLong(value):
                    Error($"{Repr(instance)} is too short");
                    break;
                case "uniqueItems" when PyOps.IsTruthy(value) && instance is ListValue items && !Unique(items):
                    Error($"{Repr(instance)} has non-unique elements");
                    break;
                case "minLength" when instance is string text && PyOps.CodePointLength(text) < PyOps.ToLong(value):
                    Error($"{Repr(instance)} is too short");
                    break;
                case "pattern" when instance is string text && value is string pattern && !Search(pattern, text):
                    Error($"{Repr(instance)} does not match {PyRepr.QuoteString(pattern)}");
                    break;
                case "minimum" when IsType(instance, "number") && PyOps.IsNumber(value):
                    var exclusive = PyOps.IsTruthy(schema.GetValueOrDefault("exclusiveMinimum"));
                    if (exclusive ? !GreaterThan(instance!, value!) : LessThan(instance!, value!))
                    {
                        Error($"{Repr(instance)} is {(exclusive ? "less than or equal to" : "less than")} the minimum of {Repr(value)}");
                    }

                    break;
                case "enum" when value is ListValue options:
                    if (!options.Any(option => JsonEqual(option, instance))) Error($"{Repr(instance)} is not one of {Repr(options)}");
                    break;
                case "anyOf" when value is ListValue options:
                    if (!options.OfType<DictValue>().Any(option => IsValid(instance, option))) Error($"{Repr(instance)} is not valid under any of the given schemas");
                    break;
                case "oneOf" when value is ListValue options:
                    OneOf(instance, options, Error);
                    break;
            }
        }
    }

    private static void OneOf(object? instance, ListValue options, Action<string> error)
    {
        var subschemas = options.OfType<DictValue>().ToList();
        var first = subschemas.FindIndex(option => IsValid(instance, option));
        if (first < 0)
        {
            error($"{Repr(instance)} is not valid under any of the given schemas");
            return;
        }

        var more = subschemas.Skip(first + 1).Where(option => IsValid(instance, option)).ToList();
        if (more.Count == 0) return;
        more.Add(subschemas[first]);
        error($"{Repr(instance)} is valid under each of {string.Join(", ", more.Select(s => Repr(s)))}");
    }

    private static void AdditionalProperties(DictValue dict, object? value, DictValue schema, PathNode? path, PathNode at, List<SchemaError> errors, bool stopAtFirst)
    {
        var properties = schema.GetValueOrDefault("properties") as DictValue ?? DictValue.Empty;
        var patterns = (schema.GetValueOrDefault("patternProperties") as DictValue)?.Keys.OfType<string>().ToList() ?? [];
        var joined = string.Join("|", patterns);
        var extras = new List<object>();
        foreach (var (key, _) in dict)
        {
            if (properties.ContainsKey(key)) continue;
            if (patterns.Count > 0)
            {
                // Keys that are not strings were reported under patternProperties.
                if (key is not string k || Search(joined, k)) continue;
            }

            extras.Add(key);
        }

        if (value is DictValue sub)
        {
            foreach (var extra in extras) Descend(dict[extra], sub, PathNode.Append(path, extra), at, errors, stopAtFirst);
            return;
        }

        if (PyOps.IsTruthy(value) || extras.Count == 0) return;
        string message;
        if (patterns.Count > 0)
        {
            var names = string.Join(", ", extras.Cast<string>().OrderBy(s => s, Comparer<string>.Create(PyOps.CompareCodePoints)).Select(PyRepr.QuoteString));
            var regexes = string.Join(", ", patterns.OrderBy(s => s, Comparer<string>.Create(PyOps.CompareCodePoints)).Select(PyRepr.QuoteString));
            message = $"{names} {(extras.Count == 1 ? "does" : "do")} not match any of the regexes: {regexes}";
        }
        else
        {
            var names = string.Join(", ", extras.OrderBy(k => PyRepr.Str(k), Comparer<string>.Create(PyOps.CompareCodePoints)).Select(k => Repr(k)));
            message = $"Additional properties are not allowed ({names} {(extras.Count == 1 ? "was" : "were")} unexpected)";
        }

        errors.Add(new SchemaError(message, PathNode.ToList(path), PathNode.ToList(at)));
    }

    private static string Repr(object? value) => PyRepr.Repr(value);

    private static bool IsType(object? instance, string type) => type switch
    {
        "object" => instance is DictValue,
        "array" => instance is ListValue,
        "string" => instance is string,
        "integer" => instance is long,
        "number" => instance is long or double,
        "boolean" => instance is bool,
        "null" => instance is null,
        _ => false,
    };

    private static bool LessThan(object a, object b) =>
        a is long la && b is long lb ? la < lb : PyOps.ToDouble(a) < PyOps.ToDouble(b);

    private static bool GreaterThan(object a, object b) =>
        a is long la && b is long lb ? la > lb : PyOps.ToDouble(a) > PyOps.ToDouble(b);

    /// <summary><c>re.search</c> with Python's meaning of the pattern, without backtracking blow-ups.</summary>
    internal static bool Search(string pattern, string text) =>
        Patterns.GetOrAdd(pattern, p => new Regex(PyText.TranslatePattern(p), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)).IsMatch(text);

    // jsonschema's equal(): booleans apart from numbers, numbers by value, containers recursively.
    internal static bool JsonEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        switch (a, b)
        {
            case (string sa, _): return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case (_, string): return false;
            case (ListValue la, ListValue lb):
                if (la.Count != lb.Count) return false;
                for (var i = 0; i < la.Count; i++)
                {
                    if (!JsonEqual(la[i], lb[i])) return false;
                }

                return true;
            case (DictValue da, DictValue db):
                if (da.Count != db.Count) return false;
                foreach (var (key, value) in da)
                {
                    if (!db.TryGetValue(key, out var other) || !JsonEqual(value, other)) return false;
                }

                return true;
            case (bool ba, _): return b is bool bb && ba == bb;
            case (_, bool): return false;
            case (double da, double db) when double.IsNaN(da) && double.IsNaN(db): return true;
            default: return PyOps.ValueEquals(a, b);
        }
    }

    private static int JsonHash(object? value)
    {
        switch (value)
        {
            case null: return 17;
            case bool b: return b ? 0x51ED270B : 0x2F1A3C5D;
            case string s: return StringComparer.Ordinal.GetHashCode(s);
            case long l: return ((double)l).GetHashCode();
            case double d: return double.IsNaN(d) ? 0x7FF8 : d.GetHashCode();
            case ListValue list:
                var h = new HashCode();
                foreach (var item in list) h.Add(JsonHash(item));
                return h.ToHashCode();
            case DictValue dict:
                var sum = 0;
                foreach (var (key, item) in dict) sum += HashCode.Combine(PyOps.ValueHash(key), JsonHash(item));
                return sum;
            default: return value.GetHashCode();
        }
    }

    // jsonschema's uniq(): no two items equal in its sense. Hashing keeps it near linear.
    private static bool Unique(ListValue items)
    {
        var buckets = new Dictionary<int, List<object?>>();
        foreach (var item in items)
        {
            var hash = JsonHash(item);
            if (!buckets.TryGetValue(hash, out var bucket)) buckets[hash] = bucket = [];
            foreach (var seen in bucket)
            {
                if (JsonEqual(seen, item)) return false;
            }

            bucket.Add(item);
        }

        return true;
    }

    /// <summary>The reference's rendering of a path: <c>a.b[0].c</c>, integers in brackets; <see langword="null"/> when empty.</summary>
    internal static string? RenderPath(IReadOnlyList<object> path)
    {
        var sb = new StringBuilder();
        foreach (var element in path)
        {
            if (element is long or bool)
            {
                sb.Append('[').Append(element is bool b ? (b ? "True" : "False") : ((long)element).ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                if (sb.Length > 0) sb.Append('.');
                sb.Append(PyRepr.Str(element));
            }
        }

        return sb.Length == 0 ? null : sb.ToString();
    }
}
