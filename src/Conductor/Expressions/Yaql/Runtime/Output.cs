using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>
/// yaql's output conversion (<c>utils.convert_output_data</c>, run by <c>#finalize</c>): mappings
/// become dicts, tuples and lists become lists, iterators are read out into lists, and sets stay
/// sets (Orquesta's engine does not ask for <c>convertSetsToLists</c>), so their items must be
/// hashable once converted: <c>dict.items()</c> as a result is a <c>TypeError</c>, because its
/// (key, value) tuples become lists.
/// </summary>
internal static class Output
{
    private const int MaxDepth = 512;

    /// <summary>A Python set in a result; the value model has no sets, so <see cref="Finish"/> turns it into a sorted list.</summary>
    internal sealed class PySet(List<object?> items)
    {
        public List<object?> Items { get; } = items;
    }

    /// <summary>Converts a YAQL result for output.</summary>
    public static object? Convert(object? value) => Convert(value, 0);

    private static object? Convert(object? value, int depth)
    {
        if (depth > MaxDepth) throw YaqlErrors.Recursion("maximum recursion depth exceeded while converting the result");
        switch (value)
        {
            case null or bool or long or double or string or DateTimeOffset or TimeSpan:
                return value;
            case DictValue or YaqlDict:
                var builder = new DictValue.Builder();
                foreach (var (key, item) in YaqlOps.AsMapping(value)!)
                {
                    var converted = Convert(item, depth + 1);
                    var k = Convert(YaqlOps.FromDictKey(key), depth + 1);
                    RequireHashable(k);
                    builder.Set(YaqlOps.DictKey(k), converted);
                }

                return builder.ToDict();
            case YaqlSet set:
                var items = new List<object?>();
                var seen = new HashSet<object?>(YaqlOps.Comparer);
                foreach (var item in set)
                {
                    var converted = Convert(item, depth + 1);
                    RequireHashable(converted);
                    if (seen.Add(converted)) items.Add(converted);
                }

                return new PySet(items);
            case ListValue list:
                object?[]? copy = null;
                for (var i = 0; i < list.Count; i++)
                {
                    var converted = Convert(list[i], depth + 1);
                    if (copy is null && !ReferenceEquals(converted, list[i]))
                    {
                        copy = new object?[list.Count];
                        for (var j = 0; j < i; j++) copy[j] = list[j];
                    }

                    if (copy is not null) copy[i] = converted;
                }

                return copy is null ? list : ListValue.From(copy);
            case YaqlList or YaqlIterator or YaqlIterable:
                var result = new List<object?>();
                foreach (var item in YaqlOps.Iterate(value))
                {
                    if (result.Count >= Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
                    result.Add(Convert(item, depth + 1));
                }

                return ListValue.From(result);
            case NoValue:
                return null;
            default:
                // Regex patterns, contexts and other Python objects: what str() prints of them.
                return YaqlRepr.Str(value);
        }
    }

    // The converted lists, dicts and sets are Python's mutable ones: not hashable.
    private static void RequireHashable(object? converted)
    {
        switch (converted)
        {
            case ListValue: throw YaqlErrors.TypeError("unhashable type: 'list'");
            case DictValue: throw YaqlErrors.TypeError("unhashable type: 'dict'");
            case PySet: throw YaqlErrors.TypeError("unhashable type: 'set'");
        }
    }

    /// <summary>
    /// The final value in the workflow value model. A set has no order in Python; it comes out as
    /// a list sorted by Python's ordering when its items are comparable (insertion order otherwise).
    /// A <c>None</c> dict key comes out as <c>"null"</c>, which is what JSON makes of it.
    /// </summary>
    public static object? Finish(object? value) => value switch
    {
        PySet set => ListValue.From(Sorted(set.Items).Select(Finish)),
        ListValue list when list.Any(NeedsFinish) => ListValue.From(list.Select(Finish)),
        DictValue dict when dict.Any(e => e.Key is NullKey || NeedsFinish(e.Value)) =>
            DictValue.From(dict.Select(e => new KeyValuePair<object, object?>(e.Key is NullKey ? "null" : e.Key, Finish(e.Value)))),
        _ => value,
    };

    private static bool NeedsFinish(object? value) => value switch
    {
        PySet => true,
        ListValue list => list.Any(NeedsFinish),
        DictValue dict => dict.Any(e => e.Key is NullKey || NeedsFinish(e.Value)),
        _ => false,
    };

    private static List<object?> Sorted(List<object?> items)
    {
        try
        {
            var array = items.ToArray();
            var keys = Enumerable.Range(0, array.Length).ToArray();
            Array.Sort(keys, (a, b) =>
            {
                var c = array[a] is null || array[b] is null ? throw YaqlErrors.TypeError("unorderable") : PyOps.Compare(array[a], array[b]);
                return c != 0 ? c : a.CompareTo(b);
            });
            return keys.Select(k => array[k]).ToList();
        }
        catch (Exception e) when (e is ExpressionRuntimeError or InvalidOperationException)
        {
            return items;
        }
    }

    /// <summary>Python's <c>str()</c> of a converted result, as Orquesta substitutes it into text.</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        DateTimeOffset dt => PyRepr.FormatDateTime(dt),
        TimeSpan ts => PyRepr.FormatTimeSpan(ts),
        _ => Repr(value),
    };

    private static string Repr(object? value)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, value, 0);
        return sb.ToString();
    }

    private static void AppendRepr(StringBuilder sb, object? value, int depth)
    {
        if (depth > MaxDepth) throw YaqlErrors.Recursion("maximum recursion depth exceeded while getting the repr of an object");
        switch (value)
        {
            case ListValue list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AppendRepr(sb, list[i], depth + 1);
                }

                sb.Append(']');
                break;
            case DictValue dict:
                sb.Append('{');
                var first = true;
                foreach (var (key, item) in dict)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    AppendRepr(sb, YaqlOps.FromDictKey(key), depth + 1);
                    sb.Append(": ");
                    AppendRepr(sb, item, depth + 1);
                }

                sb.Append('}');
                break;
            case PySet set:
                if (set.Items.Count == 0)
                {
                    sb.Append("set()");
                    break;
                }

                // A new set built from the converted items, iterated as CPython would.
                sb.Append('{');
                var items = PySetOrder.Order(set.Items);
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AppendRepr(sb, items[i], depth + 1);
                }

                sb.Append('}');
                break;
            case DateTimeOffset dt:
                YaqlRepr.AppendDateTime(sb, dt);
                break;
            default:
                sb.Append(YaqlRepr.Repr(value));
                break;
        }
    }
}
