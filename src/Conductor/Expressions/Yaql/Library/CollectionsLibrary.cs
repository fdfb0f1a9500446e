using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>yaql/standard_library/collections.py: lists, dicts and sets.</summary>
internal static class CollectionsLibrary
{
    public static void Register(Registry r)
    {
        r.Function("list").Star("args", T.Any)
            .Body(i => i.CallMethod("toList", Lib.Iterator(FlattenIterators(i.Args))));
        r.Method("flatten").P("collection", T.Iterable()).Body(i => Lib.Iterator(Flatten(i[0])));
        r.Method("toList").P("collection", T.Iterable()).Body(i => i[0] as ListValue ?? Lib.Tuple(YaqlOps.Iterate(i[0])));
        r.Function("#list").Star("args", T.Any).Body(i => ListValue.From(i.Args));

        r.Function("dict").Star("args", T.MappingRuleValue).NoKwargs().Body(DictFromRules);
        r.Function("#map").Star("args", T.MappingRuleValue).NoKwargs().Body(DictFromRules);
        r.Function("dict").P("items", T.Iterable()).NoKwargs()
            .Body(i => Lib.Dict(YaqlOps.Iterate(i[0]).Select(Pair)));
        r.Method("toDict").P("collection", T.Iterable()).P("key_selector", T.Lambda()).P("value_selector", T.Lambda(), null)
            .Body(i =>
            {
                var key = Lib.Fn(i[1]);
                var value = i[2] as Callable;
                var entries = new List<(object?, object?)>();
                foreach (var t in YaqlOps.Iterate(i[0])) entries.Add((key.Invoke(t), value is null ? t : value.Invoke(t)));
                return new YaqlDict(Lib.Dict(entries));
            });

        r.Function("#operator_.").P("d", T.Mapping).Alias("dict").P("key", T.Keyword)
            .Body(i => Lib.TryGet(Map(i[0]), i[1], out var v) ? v : throw YaqlErrors.KeyError(i[1]));
        r.Function("#indexer").P("d", T.Mapping).Alias("dict").P("key", T.Any)
            .Body(i => Lib.TryGet(Map(i[0]), i[1], out var v) ? v : throw YaqlErrors.KeyError(i[1]));
        r.Function("#indexer").P("d", T.Mapping).Alias("dict").P("key", T.Any).P("default", T.Any)
            .Body(i => Lib.TryGet(Map(i[0]), i[1], out var v) ? v : i[2]);
        r.Method("get").P("d", T.Mapping).Alias("dict").P("key", T.Any).P("default", T.Any, null)
            .Body(i => Lib.TryGet(Map(i[0]), i[1], out var v) ? v : i[2]);
        r.Method("set").P("d", T.Mapping).Alias("dict").P("key", T.Any).P("value", T.Any).NoKwargs()
            .Body(i => Lib.Dict(Entries(Map(i[0])).Append((i[1], i[2]))));
        r.Method("set").P("d", T.Mapping).Alias("dict").P("replacements", T.Mapping).NoKwargs()
            .Body(i => Lib.Dict(Entries(Map(i[0])).Concat(Entries(Map(i[1])))));
        r.Method("set").P("d", T.Mapping).Alias("dict").Star("args", T.MappingRuleValue).NoKwargs()
            .Body(i => Lib.Dict(Entries(Map(i[0])).Concat(i.Rest(1).Select(a => (((MappingRule)a!).Source, ((MappingRule)a!).Destination)))));
        r.Method("keys").P("d", T.Mapping).Alias("dict").Body(i => YaqlSet.KeysOf(Map(i[0]), i[0] is DictValue));
        r.Method("values").P("d", T.Mapping).Alias("dict")
            .Body(i =>
            {
                var d = Map(i[0]);
                return new YaqlIterable(() => d.Values, i[0] is DictValue ? "ValuesView" : "dict_values") { Length = d.Count, Source = d };
            });
        r.Method("items").P("d", T.Mapping).Alias("dict").Body(i => YaqlSet.ItemsOf(Map(i[0]), i[0] is DictValue));

        r.Function("#indexer").P("lst", T.Sequence).Alias("list").P("index", T.Int())
            .Body(i =>
            {
                var items = YaqlOps.AsSequence(i[0])!;
                var index = Lib.Index(i[1], items.Count);
                if (index < 0) throw YaqlErrors.IndexError($"{YaqlOps.TypeName(i[0])} index out of range");
                return items[index];
            });
        r.Function("#operator_in").P("value", T.Any).P("collection", T.Iterable()).Body(i => YaqlOps.Contains(i[1], i[0]));
        r.Method("contains").P("collection", T.Iterable()).P("value", T.Any).Body(i => YaqlOps.Contains(i[0], i[1]));
        r.Method("containsKey").P("d", T.Mapping).Alias("dict").P("key", T.Any).Body(i => YaqlOps.Contains(i[0], i[1]));
        r.Method("containsValue").P("d", T.Mapping).Alias("dict").P("value", T.Any)
            .Body(i => Map(i[0]).Values.Any(v => ReferenceEquals(v, i[1]) || YaqlOps.Equal(v, i[1])));

        r.Function("#operator_+").P("left", T.Iterable()).P("right", T.Iterable())
            .Body(i =>
            {
                if (i[0] is ListValue a && i[1] is ListValue b) return Bounded(a.Count + (long)b.Count, () => a.Concat(b));
                if (i[0] is YaqlSet { Kind: SetKind.Frozen } sa && i[1] is YaqlSet { Kind: SetKind.Frozen } sb) return YaqlSet.Frozen(sa.Concat(sb));
                return QueriesLibrary.Chain([i[0], i[1]]);
            });
        r.Function("#operator_*").P("left", T.Sequence).P("right", T.Int()).Body(i => Repeat(i[0], Lib.Long(i[1])));
        r.Function("#operator_*").P("left", T.Int()).P("right", T.Sequence).Body(i => Repeat(i[1], Lib.Long(i[0])));
        r.Function("#operator_+").P("left", T.Mapping).P("right", T.Mapping)
            .Body(i => Lib.Dict(Entries(Map(i[0])).Concat(Entries(Map(i[1])))));
        r.Function("isDict").P("arg", T.Any).Body(i => YaqlOps.IsMapping(i[0]));
        r.Function("isList").P("arg", T.Any).Body(i => YaqlOps.IsSequence(i[0]));
        r.Extension("len").P("d", T.Mapping).Alias("dict").Body(i => (long)Map(i[0]).Count);
        r.Extension("len").P("sequence", T.Sequence).Body(i => (long)YaqlOps.Len(i[0]));

        r.Method("delete").P("collection", T.Iterable()).P("position", T.Int()).P("count", T.Int(), 1L)
            .Body(i => Lib.Iterator(Delete(i[0], Lib.Long(i[1]), Lib.Long(i[2]))));
        r.Method("delete").P("d", T.Mapping).Alias("dict").Star("keys", T.Any)
            .Body(i => DeleteKeys(Map(i[0]), i.Rest(1)));
        r.Method("deleteAll").P("d", T.Mapping).Alias("dict").P("keys", T.Iterable())
            .Body(i => DeleteKeys(Map(i[0]), YaqlOps.Iterate(i[1])));
        r.Method("insert").P("collection", T.IterableNotSet).P("position", T.Int()).P("value", T.Any)
            .Body(i => Lib.Iterator(Insert(i[0], Lib.Long(i[1]), i[2])));
        r.Method("insert").P("collection", T.Sequence).P("position", T.Int()).P("value", T.Any)
            .Body(i =>
            {
                var copy = YaqlOps.AsSequence(i[0])!.ToList();
                var position = Lib.Long(i[1]);
                if (position < 0) position = Math.Max(0, position + copy.Count);
                copy.Insert((int)Math.Min(position, copy.Count), i[2]);
                return new YaqlList([.. copy]);
            });
        r.Method("replace").P("collection", T.Iterable()).P("position", T.Int()).P("value", T.Any).P("count", T.Int(), 1L)
            .Body(i => Lib.Iterator(Replace(i[0], Lib.Long(i[1]), [i[2]], Lib.Long(i[3]))));
        r.Method("replaceMany").P("collection", T.Iterable()).P("position", T.Int()).P("values", T.Iterable()).P("count", T.Int(), 1L)
            .Body(i => Lib.Iterator(Replace(i[0], Lib.Long(i[1]), YaqlOps.Iterate(i[2]), Lib.Long(i[3]))));
        r.Method("insertMany").P("collection", T.Iterable()).P("position", T.Int()).P("values", T.Iterable())
            .Body(i => Lib.Iterator(InsertMany(i[0], Lib.Long(i[1]), i[2])));

        r.Function("isSet").P("arg", T.Any).Body(i => i[0] is YaqlSet);
        r.Function("set").Star("args", T.Any)
            .Body(i => i.CallMethod("toSet", Lib.Iterator(FlattenIterators(i.Args))));
        r.Method("toSet").P("collection", T.Iterable()).Body(i => YaqlSet.Frozen(YaqlOps.Iterate(i[0])));
        r.Extension("len").P("s", T.Set).Alias("set").Body(i => (long)((YaqlSet)i[0]!).Count);
        r.Function("#operator_<").P("left", T.Set).P("right", T.Set).Body(i => SetOf(i[0]).Count < SetOf(i[1]).Count && SetOf(i[0]).IsSubsetOf(SetOf(i[1])));
        r.Function("#operator_<=").P("left", T.Set).P("right", T.Set).Body(i => SetOf(i[0]).IsSubsetOf(SetOf(i[1])));
        r.Function("#operator_>=").P("left", T.Set).P("right", T.Set).Body(i => SetOf(i[1]).IsSubsetOf(SetOf(i[0])));
        r.Function("#operator_>").P("left", T.Set).P("right", T.Set).Body(i => SetOf(i[1]).Count < SetOf(i[0]).Count && SetOf(i[1]).IsSubsetOf(SetOf(i[0])));
        r.Method("add").P("s", T.Set).Alias("set").Star("values", T.Any)
            .Body(i => YaqlSet.Frozen(FrozenReceiver(i[0], "union").Concat(YaqlSet.Frozen(i.Rest(1)))));
        r.Method("remove").P("s", T.Set).Alias("set").Star("values", T.Any)
            .Body(i =>
            {
                var removed = YaqlSet.Frozen(i.Rest(1));
                return YaqlSet.Frozen(FrozenReceiver(i[0], "difference").Where(v => !removed.Contains(v)));
            });
        r.Method("union").P("left", T.Set).P("right", T.Set)
            .Body(i => YaqlSet.Frozen(FrozenReceiver(i[0], "union").Concat(SetOf(i[1]))));
        r.Method("intersect").P("left", T.Set).P("right", T.Set)
            .Body(i => YaqlSet.Frozen(FrozenReceiver(i[0], "intersection").Where(SetOf(i[1]).Contains)));
        r.Method("difference").P("left", T.Set).P("right", T.Set).Body(Difference);
        r.Function("#operator_-").P("left", T.Set).P("right", T.Set).Body(Difference);
        r.Method("symmetricDifference").P("left", T.Set).P("right", T.Set)
            .Body(i =>
            {
                var a = FrozenReceiver(i[0], "symmetric_difference");
                var b = SetOf(i[1]);
                return YaqlSet.Frozen(a.Where(v => !b.Contains(v)).Concat(b.Where(v => !a.Contains(v))));
            });
    }

    private static DictValue Map(object? v) => YaqlOps.AsMapping(v)!;

    private static YaqlSet SetOf(object? v) => (YaqlSet)v!;

    /// <summary>The entries of a dict with keys as values.</summary>
    public static IEnumerable<(object? Key, object? Value)> Entries(DictValue d) => d.Select(e => (YaqlOps.FromDictKey(e.Key), e.Value));

    // frozenset methods: the dict views have none of them.
    private static YaqlSet FrozenReceiver(object? v, string method)
    {
        var set = SetOf(v);
        if (set.Kind != SetKind.Frozen) throw YaqlErrors.Attribute($"'{set.TypeName}' object has no attribute '{method}'");
        return set;
    }

    private static object? Difference(Invocation i)
    {
        var b = SetOf(i[1]);
        return YaqlSet.Frozen(FrozenReceiver(i[0], "difference").Where(v => !b.Contains(v)));
    }

    private static object? DictFromRules(Invocation i) =>
        Lib.Dict(i.Args.Select(a => (((MappingRule)a!).Source, ((MappingRule)a!).Destination)));

    private static (object?, object?) Pair(object? item)
    {
        using var it = YaqlOps.Iterate(item).GetEnumerator();
        if (!it.MoveNext()) throw YaqlErrors.StopIteration();
        var key = it.Current;
        if (!it.MoveNext()) throw YaqlErrors.StopIteration();
        return (key, it.Current);
    }

    private static YaqlDict DeleteKeys(DictValue d, IEnumerable<object?> keys)
    {
        var copy = d;
        foreach (var key in keys)
        {
            YaqlOps.RequireHashable(key);
            copy = copy.Remove(YaqlOps.DictKey(key));
        }

        return new YaqlDict(copy);
    }

    private static ListValue Bounded(long count, Func<IEnumerable<object?>> items)
    {
        if (count > Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
        return ListValue.From(items());
    }

    private static object Repeat(object? sequence, long times)
    {
        var items = YaqlOps.AsSequence(sequence)!;
        if (times <= 0 || items.Count == 0) return sequence is YaqlList ? YaqlList.Empty : ListValue.Empty;
        if (items.Count * (double)times > Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
        var result = new object?[items.Count * times];
        for (var k = 0; k < times; k++)
        {
            for (var j = 0; j < items.Count; j++) result[(k * items.Count) + j] = items[j];
        }

        return sequence is YaqlList ? new YaqlList(result) : ListValue.From(result);
    }

    private static IEnumerable<object?> FlattenIterators(IEnumerable<object?> items)
    {
        foreach (var t in items)
        {
            if (t is YaqlIterator it)
            {
                foreach (var inner in FlattenIterators(it)) yield return inner;
            }
            else
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<object?> Flatten(object? collection)
    {
        YaqlOps.EnsureStack();
        foreach (var t in YaqlOps.Iterate(collection))
        {
            if (YaqlOps.IsIterable(t))
            {
                foreach (var inner in Flatten(t)) yield return inner;
            }
            else
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<object?> Delete(object? collection, long position, long count)
    {
        long i = 0;
        foreach (var t in YaqlOps.Iterate(collection))
        {
            if (count >= 0 && !(position <= i && i < position + count)) yield return t;
            else if (count < 0 && !(i >= position)) yield return t;
            i++;
        }
    }

    private static IEnumerable<object?> Replace(object? collection, long position, IEnumerable<object?> values, long count)
    {
        var yielded = false;
        long i = 0;
        foreach (var t in YaqlOps.Iterate(collection))
        {
            if ((count >= 0 && position <= i && i < position + count) || (count < 0 && i >= position))
            {
                if (!yielded)
                {
                    yielded = true;
                    foreach (var v in values) yield return v;
                }
            }
            else
            {
                yield return t;
            }

            i++;
        }
    }

    private static IEnumerable<object?> Insert(object? collection, long position, object? value)
    {
        long i = -1;
        foreach (var t in YaqlOps.Iterate(collection))
        {
            i++;
            if (i == position) yield return value;
            yield return t;
        }

        if (position > i) yield return value;
    }

    private static IEnumerable<object?> InsertMany(object? collection, long position, object? values)
    {
        long i = -1;
        if (position < 0)
        {
            foreach (var v in YaqlOps.Iterate(values)) yield return v;
        }

        foreach (var t in YaqlOps.Iterate(collection))
        {
            i++;
            if (i == position)
            {
                foreach (var v in YaqlOps.Iterate(values)) yield return v;
            }

            yield return t;
        }

        if (position > i)
        {
            foreach (var v in YaqlOps.Iterate(values)) yield return v;
        }
    }
}
