using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>Small helpers the library functions share.</summary>
internal static class Lib
{
    /// <summary>A tuple of the items.</summary>
    public static ListValue Tuple(IEnumerable<object?> items)
    {
        var array = Materialize(items);
        return array.Length == 0 ? ListValue.Empty : ListValue.From(array);
    }

    /// <summary>A Python list of the items.</summary>
    public static YaqlList List(IEnumerable<object?> items) => new(Materialize(items));

    /// <summary>A lazy Python iterator over the items.</summary>
    public static YaqlIterator Iterator(IEnumerable<object?> items, string typeName = "generator") => new(items, typeName);

    /// <summary>All the items, bounded by the memory quota.</summary>
    public static object?[] Materialize(IEnumerable<object?> items)
    {
        switch (items)
        {
            case ListValue l: return l.ToArray();
            case YaqlList l: return (object?[])l.Items.Clone();
        }

        var list = new List<object?>();
        foreach (var item in items)
        {
            if (list.Count >= Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
            list.Add(item);
        }

        return [.. list];
    }

    /// <summary>A lazy sequence counted against the iteration limit (for generators that may not end).</summary>
    public static IEnumerable<object?> Bounded(IEnumerable<object?> items)
    {
        long n = 0;
        foreach (var item in items)
        {
            if (++n > Interpreter.MaxIterations) throw YaqlErrors.CollectionTooLarge(Interpreter.MaxIterations);
            yield return item;
        }
    }

    public static string Str(object? v) => (string)v!;

    public static long Long(object? v) => v switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw YaqlErrors.TypeError($"'{YaqlOps.TypeName(v)}' object cannot be interpreted as an integer"),
    };

    public static Callable Fn(object? v) => (Callable)v!;

    /// <summary>A YAQL <c>str()</c> of a value: <c>null</c>, <c>true</c>, <c>false</c> for those, else Python's <c>str()</c>.</summary>
    public static string YaqlStr(object? value) => value switch
    {
        null => "null",
        true => "true",
        false => "false",
        _ => YaqlRepr.Str(value),
    };

    /// <summary>A dict built from key-value pairs, each key hashable; the last value of a repeated key wins.</summary>
    public static DictValue Dict(IEnumerable<(object? Key, object? Value)> entries)
    {
        var builder = new DictValue.Builder();
        foreach (var (key, value) in entries)
        {
            if (builder.Count >= Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
            YaqlOps.RequireHashable(key);
            builder.Set(YaqlOps.DictKey(key), value);
        }

        return builder.ToDict();
    }

    /// <summary>Looks a key up in a mapping as Python does (the key must be hashable).</summary>
    public static bool TryGet(DictValue dict, object? key, out object? value)
    {
        YaqlOps.RequireHashable(key);
        return dict.TryGetValue(YaqlOps.DictKey(key), out value);
    }

    /// <summary>Python <c>int</c> for an index: bools count as 0 and 1.</summary>
    public static int Index(object? v, int length)
    {
        var i = Long(v);
        if (i < 0) i += length;
        return i < 0 || i >= length ? -1 : (int)i;
    }
}
