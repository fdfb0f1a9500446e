using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>
/// Python's <c>str()</c> and <c>repr()</c> of YAQL values, with their Python kinds: a tuple (the
/// converted input data, list literals) prints as <c>(1, 2)</c>, a list as <c>[1, 2]</c>, a
/// FrozenDict and a dict as <c>{'a': 1}</c>, a frozenset as <c>frozenset({1})</c>.
/// </summary>
internal static class YaqlRepr
{
    private const int MaxDepth = 512;

    /// <summary>Python <c>str(v)</c>.</summary>
    public static string Str(object? v) => v switch
    {
        string s => s,
        DateTimeOffset dt => PyRepr.FormatDateTime(dt),
        TimeSpan ts => PyRepr.FormatTimeSpan(ts),
        _ => Repr(v),
    };

    /// <summary>Python <c>repr(v)</c>.</summary>
    public static string Repr(object? v)
    {
        var sb = new StringBuilder();
        Append(sb, v, 0);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? v, int depth)
    {
        if (depth > MaxDepth) throw YaqlErrors.Recursion("maximum recursion depth exceeded while getting the repr of an object");
        switch (v)
        {
            case null: sb.Append("None"); break;
            case bool b: sb.Append(b ? "True" : "False"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(PyRepr.FormatFloat(d)); break;
            case string s: sb.Append(PyRepr.QuoteString(s)); break;
            case ListValue tuple:
                sb.Append('(');
                AppendItems(sb, tuple, depth);
                if (tuple.Count == 1) sb.Append(',');
                sb.Append(')');
                break;
            case YaqlList list:
                sb.Append('[');
                AppendItems(sb, list, depth);
                sb.Append(']');
                break;
            case DictValue dict: AppendDict(sb, dict, depth); break;
            case YaqlDict dict: AppendDict(sb, dict.Dict, depth); break;
            case YaqlSet set: AppendSet(sb, set, depth); break;
            case YaqlIterable { Source: { } source } values:
                if (values.TypeName == "ValuesView")
                {
                    sb.Append("ValuesView(");
                    AppendDict(sb, source, depth);
                    sb.Append(')');
                }
                else
                {
                    sb.Append("dict_values([");
                    AppendItems(sb, source.Values.ToList(), depth);
                    sb.Append("])");
                }

                break;
            case YaqlIterable iterable: sb.Append(CultureInfo.InvariantCulture, $"<yaql.standard_library.queries.{iterable.TypeName} object at 0x{Address(v)}>"); break;
            case YaqlIterator iterator: sb.Append(CultureInfo.InvariantCulture, $"<{iterator.TypeName} object at 0x{Address(v)}>"); break;
            case DateTimeOffset dt: AppendDateTime(sb, dt); break;
            case TimeSpan ts: AppendTimeSpan(sb, ts); break;
            case YaqlRegex regex: AppendRegex(sb, regex); break;
            case YaqlContext: sb.Append(CultureInfo.InvariantCulture, $"<yaql.language.contexts.Context object at 0x{Address(v)}>"); break;
            case MappingRule: sb.Append(CultureInfo.InvariantCulture, $"<yaql.language.utils.MappingRule object at 0x{Address(v)}>"); break;
            case Callable: sb.Append(CultureInfo.InvariantCulture, $"<function func at 0x{Address(v)}>"); break;
            case NoValue: sb.Append("<NoValue>"); break;
            default: sb.Append(v.ToString()); break;
        }
    }

    private static string Address(object v) => (0x7f0000000000L + RuntimeHelpers.GetHashCode(v)).ToString("x", CultureInfo.InvariantCulture);

    private static void AppendItems(StringBuilder sb, IReadOnlyList<object?> items, int depth)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            Append(sb, items[i], depth + 1);
        }
    }

    private static void AppendDict(StringBuilder sb, DictValue dict, int depth)
    {
        sb.Append('{');
        var first = true;
        foreach (var (key, value) in dict)
        {
            if (!first) sb.Append(", ");
            first = false;
            Append(sb, YaqlOps.FromDictKey(key), depth + 1);
            sb.Append(": ");
            Append(sb, value, depth + 1);
        }

        sb.Append('}');
    }

    private static void AppendSet(StringBuilder sb, YaqlSet set, int depth)
    {
        switch (set.Kind)
        {
            case SetKind.Frozen:
                if (set.Count == 0)
                {
                    sb.Append("frozenset()");
                    return;
                }

                sb.Append("frozenset({");
                AppendItems(sb, set.ToList(), depth);
                sb.Append("})");
                return;
            default:
                if (set.SourceFrozen)
                {
                    sb.Append(set.Kind == SetKind.Keys ? "KeysView(" : "ItemsView(");
                    AppendDict(sb, set.Source!, depth);
                    sb.Append(')');
                    return;
                }

                sb.Append(set.Kind == SetKind.Keys ? "dict_keys([" : "dict_items([");
                AppendItems(sb, set.ToList(), depth);
                sb.Append("])");
                return;
        }
    }

    /// <summary>Python's <c>repr()</c> of an aware datetime with a dateutil zone.</summary>
    public static void AppendDateTime(StringBuilder sb, DateTimeOffset dt)
    {
        var inv = CultureInfo.InvariantCulture;
        var micro = (int)(dt.Ticks % TimeSpan.TicksPerSecond / 10);
        sb.Append(inv, $"datetime.datetime({dt.Year}, {dt.Month}, {dt.Day}, {dt.Hour}, {dt.Minute}");
        if (dt.Second != 0 || micro != 0) sb.Append(inv, $", {dt.Second}");
        if (micro != 0) sb.Append(inv, $", {micro}");
        sb.Append(", tzinfo=").Append(ZoneRepr(dt.Offset)).Append(')');
    }

    /// <summary>dateutil's repr of the zone a YAQL datetime carries: <c>tzutc()</c> or <c>tzoffset(None, seconds)</c>.</summary>
    public static string ZoneRepr(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "tzutc()" : string.Create(CultureInfo.InvariantCulture, $"tzoffset(None, {(long)offset.TotalSeconds})");

    private static void AppendTimeSpan(StringBuilder sb, TimeSpan ts)
    {
        var totalMicro = ts.Ticks / 10;
        var days = Math.DivRem(totalMicro, 86_400_000_000L, out var rest);
        if (rest < 0)
        {
            days--;
            rest += 86_400_000_000L;
        }

        var seconds = rest / 1_000_000;
        var micro = rest % 1_000_000;
        var parts = new List<string>();
        if (days != 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"days={days}"));
        if (seconds != 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"seconds={seconds}"));
        if (micro != 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"microseconds={micro}"));
        sb.Append("datetime.timedelta(").Append(parts.Count == 0 ? "0" : string.Join(", ", parts)).Append(')');
    }

    private static void AppendRegex(StringBuilder sb, YaqlRegex regex)
    {
        sb.Append("re.compile(").Append(PyRepr.QuoteString(regex.Pattern));
        var flags = new List<string>();
        if ((regex.Flags & 2) != 0) flags.Add("re.IGNORECASE");
        if ((regex.Flags & 8) != 0) flags.Add("re.MULTILINE");
        if ((regex.Flags & 16) != 0) flags.Add("re.DOTALL");
        if (flags.Count > 0) sb.Append(", ").Append(string.Join('|', flags));
        sb.Append(')');
    }
}
