using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>yaql/standard_library/queries.py: LINQ-style queries, lazy where yaql's are.</summary>
internal static class QueriesLibrary
{
    private const string IsliceStop = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    private const string IsliceStart = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";

    public static void Register(Registry r)
    {
        foreach (var name in (string[])["where", "filter"])
        {
            r.Method(name).P("collection", T.Iterable()).P("predicate", T.Lambda())
                .Body(i =>
                {
                    var predicate = Lib.Fn(i[1]);
                    return Lib.Iterator(YaqlOps.Iterate(i[0]).Where(t => YaqlOps.Truthy(predicate.Invoke(t))), "filter");
                });
        }

        foreach (var name in (string[])["select", "map"])
        {
            r.Method(name).P("collection", T.Iterable()).P("selector", T.Lambda())
                .Body(i =>
                {
                    var selector = Lib.Fn(i[1]);
                    return Lib.Iterator(YaqlOps.Iterate(i[0]).Select(t => selector.Invoke(t)), "map");
                });
        }

        r.Function("#operator_.").P("collection", T.Iterable()).P("attribute", T.KeywordNode)
            .Body(i =>
            {
                var attribute = i[1];
                return Lib.Iterator(YaqlOps.Iterate(i[0]).Select(t => i.Call("#operator_.", t, attribute)), "map");
            });

        foreach (var name in (string[])["limit", "take"])
        {
            r.Method(name).P("collection", T.Iterable()).P("count", T.Int())
                .Body(i =>
                {
                    var count = Lib.Long(i[1]);
                    if (count < 0) throw YaqlErrors.ValueError(IsliceStop);
                    return Lib.Iterator(Take(YaqlOps.Iterate(i[0]), count), "itertools.islice");
                });
        }

        r.Method("skip").P("collection", T.Iterable()).P("count", T.Int())
            .Body(i =>
            {
                var count = Lib.Long(i[1]);
                if (count < 0) throw YaqlErrors.ValueError(IsliceStart);
                return Lib.Iterator(Skip(YaqlOps.Iterate(i[0]), count), "itertools.islice");
            });
        r.Extension("append").P("collection", T.Iterable()).Star("args", T.Any)
            .Body(i => Lib.Iterator(YaqlOps.Iterate(i[0]).Concat(i.Rest(1))));
        r.Extension("distinct").P("collection", T.Iterable()).P("key_selector", T.Lambda(), null)
            .Body(i => Lib.Iterator(Distinct(YaqlOps.Iterate(i[0]), i[1] as Callable)));
        r.Extension("enumerate").P("collection", T.Iterable()).P("start", T.Int(nullable: true), 0L)
            .Body(i => Lib.Iterator(Enumerate(i[0], i[1])));
        r.Extension("any").P("collection", T.Iterable()).P("predicate", T.Lambda(), null)
            .Body(i =>
            {
                var predicate = i[1] as Callable;
                foreach (var t in YaqlOps.Iterate(i[0]))
                {
                    if (predicate is null || YaqlOps.Truthy(predicate.Invoke(t))) return true;
                }

                return false;
            });
        r.Extension("all").P("collection", T.Iterable()).P("predicate", T.Lambda(), null)
            .Body(i =>
            {
                var predicate = i[1] as Callable;
                foreach (var t in YaqlOps.Iterate(i[0]))
                {
                    if (!YaqlOps.Truthy(predicate is null ? t : predicate.Invoke(t))) return false;
                }

                return true;
            });
        r.Extension("concat").Star("collections", T.Iterable()).Body(i => Chain(i.Args));
        r.Extension("len").P("collection", T.Iterator).Body(i => Count(i[0]));
        r.Method("count").P("collection", T.Iterable()).Body(i => Count(i[0]));
        r.Method("memorize").P("collection", T.Iterable())
            .Body(i => i[0] is YaqlIterator it and not MemorizedIterator ? new MemorizedIterator(it) : i[0]);
        r.Method("sum").P("collection", T.Iterable()).P("initial", T.Any, NoValue.Instance)
            .Body(i => Reduce(YaqlOps.Iterate(i[0]), (a, b) => i.Call("#operator_+", a, b), i[1]));
        r.Method("max").P("collection", T.Iterable()).P("initial", T.Any, NoValue.Instance)
            .Body(i => Reduce(YaqlOps.Iterate(i[0]), (a, b) => i.Call("max", a, b), i[1]));
        r.Method("min").P("collection", T.Iterable()).P("initial", T.Any, NoValue.Instance)
            .Body(i => Reduce(YaqlOps.Iterate(i[0]), (a, b) => i.Call("min", a, b), i[1]));
        r.Method("first").P("collection", T.Iterable()).P("default", T.Any, NoValue.Instance)
            .Body(i =>
            {
                foreach (var t in YaqlOps.Iterate(i[0])) return t;
                return i[1] is NoValue ? throw YaqlErrors.StopIteration() : i[1];
            });
        r.Method("single").P("collection", T.Iterable())
            .Body(i =>
            {
                using var it = YaqlOps.Iterate(i[0]).GetEnumerator();
                if (!it.MoveNext()) throw YaqlErrors.StopIteration();
                var result = it.Current;
                if (!it.MoveNext()) return result;
                throw YaqlErrors.StopIteration("Collection contains more than one item");
            });
        r.Method("last").P("collection", T.Iterable()).P("default", T.Any, NoValue.Instance)
            .Body(i =>
            {
                if (YaqlOps.AsSequence(i[0]) is { } sequence)
                {
                    if (sequence.Count > 0) return sequence[^1];
                    return i[1] is NoValue ? throw YaqlErrors.StopIteration() : i[1];
                }

                var last = i[1];
                foreach (var t in YaqlOps.Iterate(i[0])) last = t;
                return last is NoValue ? throw YaqlErrors.StopIteration() : last;
            });
        r.Method("selectMany").P("collection", T.Iterable()).P("selector", T.Lambda())
            .Body(i => Lib.Iterator(SelectMany(YaqlOps.Iterate(i[0]), Lib.Fn(i[1]))));
        r.Function("range").P("stop", T.Int())
            .Body(i => Range(0, Lib.Long(i[0]), 1));
        r.Function("range").P("start", T.Int()).P("stop", T.Int()).P("step", T.Int(), 1L)
            .Body(i => Range(Lib.Long(i[0]), Lib.Long(i[1]), Lib.Long(i[2])));
        r.Function("sequence").P("start", T.Int(), 0L).P("step", T.Int(), 1L)
            .Body(i => Lib.Iterator(Lib.Bounded(Count(Lib.Long(i[0]), Lib.Long(i[1]))), "itertools.count"));
        r.Method("orderBy").P("collection", T.Iterable()).P("selector", T.Lambda())
            .Body(i => new OrderingIterable(i[0], i).ThenBy(Lib.Fn(i[1]), true));
        r.Method("orderByDescending").P("collection", T.Iterable()).P("selector", T.Lambda())
            .Body(i => new OrderingIterable(i[0], i).ThenBy(Lib.Fn(i[1]), false));
        r.Method("thenBy").P("collection", T.OrderingIterable).P("selector", T.Lambda())
            .Body(i => ((OrderingIterable)i[0]!).ThenBy(Lib.Fn(i[1]), true));
        r.Method("thenByDescending").P("collection", T.OrderingIterable).P("selector", T.Lambda())
            .Body(i => ((OrderingIterable)i[0]!).ThenBy(Lib.Fn(i[1]), false));
        r.Method("groupBy").P("collection", T.Iterable()).P("key_selector", T.Lambda()).P("value_selector", T.Lambda(), null).P("aggregator", T.Lambda(), null)
            .Body(GroupBy);
        r.Method("join").P("collection1", T.Iterable()).P("collection2", T.Iterable()).P("predicate", T.Lambda()).P("selector", T.Lambda())
            .Body(i =>
            {
                var other = i[1] is YaqlIterator it and not MemorizedIterator ? new MemorizedIterator(it) : i[1];
                return Lib.Iterator(Join(YaqlOps.Iterate(i[0]), other, Lib.Fn(i[2]), Lib.Fn(i[3])));
            });
        r.Method("zip").Star("collections", T.Iterable()).Body(i => Lib.Iterator(Zip(i.Args, longest: false, null), "zip"));
        r.Method("zipLongest").Star("collections", T.Iterable()).StarStar("kwargs", T.Any)
            .Body(i =>
            {
                object? fill = null;
                i.Kwargs?.TryGetValue("default", out fill);
                return Lib.Iterator(Zip(i.Args, longest: true, fill), "itertools.zip_longest");
            });
        r.Method("repeat").P("value", T.Any).P("times", T.Int(), -1L)
            .Body(i =>
            {
                var times = Lib.Long(i[1]);
                var value = i[0];
                return Lib.Iterator(Lib.Bounded(times < 0 ? Forever(value) : Times(value, times)), "itertools.repeat");
            });
        r.Method("cycle").P("collection", T.Iterable())
            .Body(i => Lib.Iterator(Lib.Bounded(Cycle(YaqlOps.Iterate(i[0]))), "itertools.cycle"));
        r.Method("takeWhile").P("collection", T.Iterable()).P("predicate", T.Lambda())
            .Body(i =>
            {
                var predicate = Lib.Fn(i[1]);
                return Lib.Iterator(YaqlOps.Iterate(i[0]).TakeWhile(t => YaqlOps.Truthy(predicate.Invoke(t))), "itertools.takewhile");
            });
        r.Method("skipWhile").P("collection", T.Iterable()).P("predicate", T.Lambda())
            .Body(i =>
            {
                var predicate = Lib.Fn(i[1]);
                return Lib.Iterator(YaqlOps.Iterate(i[0]).SkipWhile(t => YaqlOps.Truthy(predicate.Invoke(t))), "itertools.dropwhile");
            });
        r.Method("indexOf").P("collection", T.Iterable()).P("item", T.Any)
            .Body(i => IndexWhere(YaqlOps.Iterate(i[0]), t => YaqlOps.Equal(t, i[1]), last: false));
        r.Method("lastIndexOf").P("collection", T.Iterable()).P("item", T.Any)
            .Body(i => IndexWhere(YaqlOps.Iterate(i[0]), t => YaqlOps.Equal(t, i[1]), last: true));
        r.Method("indexWhere").P("collection", T.Iterable()).P("predicate", T.Lambda())
            .Body(i => IndexWhere(YaqlOps.Iterate(i[0]), t => YaqlOps.Truthy(Lib.Fn(i[1]).Invoke(t)), last: false));
        r.Method("lastIndexWhere").P("collection", T.Iterable()).P("predicate", T.Lambda())
            .Body(i => IndexWhere(YaqlOps.Iterate(i[0]), t => YaqlOps.Truthy(Lib.Fn(i[1]).Invoke(t)), last: true));
        r.Method("slice").P("collection", T.Iterable()).P("length", T.Int())
            .Body(i => Lib.Iterator(Slice(i, i[0], Lib.Long(i[1]))));
        r.Method("splitWhere").P("collection", T.Iterable()).P("predicate", T.Lambda())
            .Body(i => Lib.Iterator(SplitWhere(i, i[0], Lib.Fn(i[1]))));
        r.Method("sliceWhere").P("collection", T.Iterable()).P("predicate", T.Lambda())
            .Body(i => Lib.Iterator(SliceWhere(i, i[0], Lib.Fn(i[1]))));
        r.Method("splitAt").P("collection", T.Iterable()).P("index", T.Int())
            .Body(i =>
            {
                var list = ToList(i, i[0]);
                var index = Lib.Long(i[1]);
                return new YaqlList([SliceTuple(list, null, index), SliceTuple(list, index, null)]);
            });
        foreach (var name in (string[])["aggregate", "reduce"])
        {
            r.Method(name).P("collection", T.Iterable()).P("selector", T.Lambda()).P("seed", T.Any, NoValue.Instance)
                .Body(i =>
                {
                    var selector = Lib.Fn(i[1]);
                    return Reduce(YaqlOps.Iterate(i[0]), (a, b) => selector.Invoke(a, b), i[2]);
                });
        }

        r.Method("accumulate").P("collection", T.Iterable()).P("selector", T.Lambda()).P("seed", T.Any, NoValue.Instance)
            .Body(i => Lib.Iterator(Accumulate(YaqlOps.Iterate(i[0]), Lib.Fn(i[1]), i[2])));
        r.Method("reverse").P("collection", T.Iterable())
            .Body(i => Lib.Iterator(ToList(i, i[0]).Reverse(), "reversed"));
        r.Method("mergeWith").P("d", T.Mapping).Alias("dict").P("another", T.Mapping).P("list_merger", T.Lambda(), null).P("item_merger", T.Lambda(), null).P("max_levels", T.Int(), 0L)
            .Body(MergeWith);
        r.Function("isIterable").P("value", T.Any).Body(i => YaqlOps.IsIterable(i[0]));
        r.Function("generate").P("initial", T.Any).P("predicate", T.Lambda()).P("producer", T.Lambda()).P("selector", T.Lambda(), null).P("decycle", T.Bool(), false)
            .Body(i => Lib.Iterator(Lib.Bounded(Generate(i[0], Lib.Fn(i[1]), Lib.Fn(i[2]), i[3] as Callable, (bool)i[4]!))));
        r.Function("generateMany").P("initial", T.Any).P("producer", T.Lambda()).P("selector", T.Lambda(), null).P("decycle", T.Bool(), false).P("depth_first", T.Bool(), false)
            .Body(i => Lib.Iterator(Lib.Bounded(GenerateMany(i[0], Lib.Fn(i[1]), i[2] as Callable, (bool)i[3]!, (bool)i[4]!))));
        r.Method("defaultIfEmpty").P("collection", T.Iterable()).P("default", T.Iterable())
            .Body(i =>
            {
                if (i[0] is ListValue or YaqlList or YaqlSet) return YaqlOps.Len(i[0]) == 0 ? i[1] : i[0];
                var collection = i[0] is YaqlIterator it and not MemorizedIterator ? new MemorizedIterator(it) : i[0];
                foreach (var unused in YaqlOps.Iterate(collection)) return collection;
                return i[1];
            });
    }

    /// <summary><c>itertools.chain</c>.</summary>
    public static YaqlIterator Chain(object?[] collections) => Lib.Iterator(collections.SelectMany(YaqlOps.Iterate), "itertools.chain");

    private static IEnumerable<object?> Take(IEnumerable<object?> items, long count)
    {
        if (count <= 0) yield break;
        long n = 0;
        foreach (var t in items)
        {
            yield return t;
            if (++n >= count) yield break;
        }
    }

    private static IEnumerable<object?> Skip(IEnumerable<object?> items, long count)
    {
        long n = 0;
        foreach (var t in items)
        {
            if (n++ >= count) yield return t;
        }
    }

    private static IEnumerable<object?> Distinct(IEnumerable<object?> items, Callable? keySelector)
    {
        var seen = new HashSet<object?>(YaqlOps.Comparer);
        foreach (var t in items)
        {
            var key = keySelector is null ? t : keySelector.Invoke(t);
            YaqlOps.RequireHashable(key);
            if (seen.Add(key)) yield return t;
            if (seen.Count > Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
        }
    }

    private static IEnumerable<object?> Enumerate(object? collection, object? start)
    {
        if (start is null) throw YaqlErrors.TypeError("'NoneType' object cannot be interpreted as an integer");
        var i = Lib.Long(start);
        foreach (var t in YaqlOps.Iterate(collection)) yield return new YaqlList([i++, t]);
    }

    private static long Count(object? collection)
    {
        long n = 0;
        foreach (var unused in YaqlOps.Iterate(collection)) n++;
        return n;
    }

    private static object? Reduce(IEnumerable<object?> items, Func<object?, object?, object?> f, object? seed)
    {
        using var it = items.GetEnumerator();
        var acc = seed;
        if (seed is NoValue)
        {
            if (!it.MoveNext()) throw YaqlErrors.TypeError("reduce() of empty iterable with no initial value");
            acc = it.Current;
        }

        while (it.MoveNext()) acc = f(acc, it.Current);
        return acc;
    }

    private static IEnumerable<object?> SelectMany(IEnumerable<object?> items, Callable selector)
    {
        foreach (var item in items)
        {
            var inner = selector.Invoke(item);
            if (YaqlOps.IsIterable(inner))
            {
                foreach (var t in YaqlOps.Iterate(inner)) yield return t;
            }
            else
            {
                yield return inner;
            }
        }
    }

    private static YaqlIterator Range(long start, long stop, long step)
    {
        if (step == 0) throw YaqlErrors.ValueError("range() arg 3 must not be zero");
        return Lib.Iterator(Lib.Bounded(RangeItems(start, stop, step)), "range_iterator");
    }

    private static IEnumerable<object?> RangeItems(long start, long stop, long step)
    {
        if (step > 0)
        {
            for (var v = start; v < stop; v += step)
            {
                yield return v;
                if (v > long.MaxValue - step) yield break;
            }
        }
        else
        {
            for (var v = start; v > stop; v += step)
            {
                yield return v;
                if (v < long.MinValue - step) yield break;
            }
        }
    }

    private static IEnumerable<object?> Count(long start, long step)
    {
        for (var v = start; ; v += step) yield return v;
    }

    private static IEnumerable<object?> Times(object? value, long times)
    {
        for (long k = 0; k < times; k++) yield return value;
    }

    private static IEnumerable<object?> Forever(object? value)
    {
        while (true) yield return value;
    }

    private static IEnumerable<object?> Cycle(IEnumerable<object?> items)
    {
        var saved = new List<object?>();
        foreach (var t in items)
        {
            saved.Add(t);
            if (saved.Count > Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
            yield return t;
        }

        if (saved.Count == 0) yield break;
        while (true)
        {
            foreach (var t in saved) yield return t;
        }
    }

    private static object? GroupBy(Invocation i)
    {
        var keySelector = Lib.Fn(i[1]);
        var valueSelector = i[2] as Callable;
        var aggregator = i[3] as Callable;
        var keys = new List<object?>();
        var groups = new Dictionary<object, List<object?>>(new KeyComparer());
        var total = 0;
        foreach (var t in YaqlOps.Iterate(i[0]))
        {
            if (++total > Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
            var value = valueSelector is null ? t : valueSelector.Invoke(t);
            var key = keySelector.Invoke(t);
            YaqlOps.RequireHashable(key);
            var dictKey = YaqlOps.DictKey(key);
            if (!groups.TryGetValue(dictKey, out var list))
            {
                if (groups.Count >= Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
                groups[dictKey] = list = [];
                keys.Add(key);
            }

            list.Add(value);
        }

        var group = new GroupAggregator(aggregator);
        return Lib.Iterator(keys.Select(k => group.Apply(ListValue.Of(k, new YaqlList([.. groups[YaqlOps.DictKey(k)]])))), "map");
    }

    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y) || YaqlOps.Equal(x, y);

        public int GetHashCode(object obj) => YaqlOps.Hash(obj);
    }

    // yaql's GroupAggregator: the aggregator gets each group's values; on NoMatching*/IndexError it
    // falls back to yaql 1.1.1's convention (the aggregator gets the [key, values] pair).
    private sealed class GroupAggregator(Callable? aggregator)
    {
        private bool _allowFallback = true;
        private ExpressionRuntimeError? _failure;

        public object? Apply(ListValue groupItem)
        {
            if (aggregator is null) return groupItem;
            if (_failure is null)
            {
                var values = (YaqlList)groupItem[1]!;
                object? result = null;
                try
                {
                    result = aggregator.Invoke(values);
                }
                catch (ExpressionRuntimeError e) when (e.ErrorType is "NoMatchingMethodException" or "NoMatchingFunctionException" or "IndexError")
                {
                    _failure = e;
                }

                if (_failure is null)
                {
                    if (!(values.Count == 2 && YaqlOps.AsSequence(result) is { Count: 2 } pair && YaqlOps.Equal(pair[0], values[0]))) _allowFallback = false;
                    return ListValue.Of(groupItem[0], result);
                }
            }

            if (_allowFallback)
            {
                try
                {
                    var result = aggregator.Invoke(groupItem);
                    if (YaqlOps.Len(result) == 2) return result;
                }
                catch (ExpressionRuntimeError)
                {
                    // Fall through to the first error, as yaql does.
                }
            }

            throw _failure!;
        }
    }

    private static IEnumerable<object?> Join(IEnumerable<object?> first, object? second, Callable predicate, Callable selector)
    {
        foreach (var a in first)
        {
            foreach (var b in YaqlOps.Iterate(second))
            {
                if (YaqlOps.Truthy(predicate.Invoke(a, b))) yield return selector.Invoke(a, b);
            }
        }
    }

    private static IEnumerable<object?> Zip(object?[] collections, bool longest, object? fill)
    {
        var enumerators = collections.Select(c => YaqlOps.Iterate(c).GetEnumerator()).ToArray();
        var active = enumerators.Select(_ => true).ToArray();
        try
        {
            if (enumerators.Length == 0) yield break;
            while (true)
            {
                var row = new object?[enumerators.Length];
                var any = false;
                for (var k = 0; k < enumerators.Length; k++)
                {
                    if (active[k] && enumerators[k].MoveNext())
                    {
                        row[k] = enumerators[k].Current;
                        any = true;
                    }
                    else
                    {
                        if (!longest) yield break;
                        active[k] = false;
                        row[k] = fill;
                    }
                }

                if (!any) yield break;
                yield return ListValue.From(row);
            }
        }
        finally
        {
            foreach (var e in enumerators) e.Dispose();
        }
    }

    private static long IndexWhere(IEnumerable<object?> items, Func<object?, bool> predicate, bool last)
    {
        long index = -1, i = 0;
        foreach (var t in items)
        {
            if (predicate(t))
            {
                if (!last) return i;
                index = i;
            }

            i++;
        }

        return index;
    }

    // The to_list delegate: the collection as a tuple.
    private static IReadOnlyList<object?> ToList(Invocation i, object? collection) => (ListValue)i.CallMethod("toList", collection)!;

    private static ListValue SliceTuple(IReadOnlyList<object?> list, long? start, long? end)
    {
        var (a, b) = PyStr.SliceBounds(list.Count, start, end);
        return b <= a ? ListValue.Empty : ListValue.From(list.Skip(a).Take(b - a));
    }

    private static IEnumerable<object?> Slice(Invocation i, object? collection, long length)
    {
        if (length < 0) throw YaqlErrors.ValueError(IsliceStop);
        var shared = Lib.Iterator(YaqlOps.Iterate(collection));
        while (true)
        {
            var chunk = (ListValue)i.CallMethod("toList", Lib.Iterator(Take(shared, length), "itertools.islice"))!;
            if (chunk.Count == 0) yield break;
            yield return chunk;
        }
    }

    private static IEnumerable<object?> SplitWhere(Invocation i, object? collection, Callable predicate)
    {
        var list = ToList(i, collection);
        int start = 0, end = 0;
        while (end < list.Count)
        {
            if (YaqlOps.Truthy(predicate.Invoke(list[end])))
            {
                yield return SliceTuple(list, start, end);
                start = end + 1;
            }

            end++;
        }

        if (start != end) yield return SliceTuple(list, start, end);
    }

    private static IEnumerable<object?> SliceWhere(Invocation i, object? collection, Callable predicate)
    {
        var list = ToList(i, collection);
        int start = 0, end = 0;
        object? previous = NoValue.Instance;
        while (end < list.Count)
        {
            var current = predicate.Invoke(list[end]);
            if (previous is not NoValue && !YaqlOps.Equal(current, previous))
            {
                yield return SliceTuple(list, start, end);
                start = end;
            }

            end++;
            previous = current;
        }

        if (start != end) yield return SliceTuple(list, start, end);
    }

    private static IEnumerable<object?> Accumulate(IEnumerable<object?> items, Callable selector, object? seed)
    {
        using var it = items.GetEnumerator();
        if (seed is NoValue)
        {
            if (!it.MoveNext()) throw YaqlErrors.TypeError("accumulate() of empty sequence with no initial value");
            seed = it.Current;
        }

        yield return seed;
        var total = seed;
        while (it.MoveNext())
        {
            total = selector.Invoke(total, it.Current);
            yield return total;
        }
    }

    private static object? MergeWith(Invocation i)
    {
        var listMerger = i[2] as Callable;
        var itemMerger = i[3] as Callable;
        Func<object?, object?, object?> mergeLists = listMerger is not null
            ? (a, b) => listMerger.Invoke(a, b)
            : (a, b) => i.CallMethod("toList", Lib.Iterator(Distinct(SequenceConcat(a, b), null)));
        Func<object?, object?, object?> mergeItems = itemMerger is not null ? (a, b) => itemMerger.Invoke(a, b) : (_, b) => b;
        return MergeDicts(YaqlOps.AsMapping(i[0])!, YaqlOps.AsMapping(i[1])!, mergeLists, mergeItems, Lib.Long(i[4]));
    }

    // Python's + between two sequences: a tuple with a tuple, a list with a list.
    private static IEnumerable<object?> SequenceConcat(object? a, object? b)
    {
        if (a is ListValue ta && b is ListValue tb) return ta.Concat(tb);
        if (a is YaqlList la && b is YaqlList lb) return la.Concat(lb);
        throw YaqlErrors.TypeError($"can only concatenate {YaqlOps.TypeName(a)} (not \"{YaqlOps.TypeName(b)}\") to {YaqlOps.TypeName(a)}");
    }

    private static YaqlDict MergeDicts(DictValue d1, DictValue d2, Func<object?, object?, object?> mergeLists, Func<object?, object?, object?> mergeItems, long maxLevels)
    {
        YaqlOps.EnsureStack();
        var result = new DictValue.Builder();
        foreach (var (key, value1) in d1)
        {
            result.Set(key, value1);
            if (!d2.TryGetValue(key, out var value2)) continue;
            if (maxLevels != 1 && YaqlOps.AsMapping(value2) is { } m2)
            {
                if (YaqlOps.AsMapping(value1) is not { } m1) throw YaqlErrors.TypeError($"Cannot merge {YaqlOps.ClassRepr(value1)} with {YaqlOps.ClassRepr(value2)}");
                result.Set(key, MergeDicts(m1, m2, mergeLists, mergeItems, maxLevels == 0 ? 0 : maxLevels - 1));
            }
            else if (maxLevels != 1 && YaqlOps.IsSequence(value2))
            {
                if (!YaqlOps.IsSequence(value1)) throw YaqlErrors.TypeError($"Cannot merge {YaqlOps.ClassRepr(value1)} with {YaqlOps.ClassRepr(value2)}");
                result.Set(key, mergeLists(value1, value2));
            }
            else
            {
                result.Set(key, mergeItems(value1, value2));
            }
        }

        foreach (var (key, value2) in d2)
        {
            if (!result.ContainsKey(key)) result.Set(key, value2);
        }

        return new YaqlDict(result.ToDict());
    }

    private static IEnumerable<object?> Generate(object? initial, Callable predicate, Callable producer, Callable? selector, bool decycle)
    {
        var past = decycle ? new HashSet<object?>(YaqlOps.Comparer) : null;
        while (YaqlOps.Truthy(predicate.Invoke(initial)))
        {
            if (past is not null)
            {
                YaqlOps.RequireHashable(initial);
                if (!past.Add(initial)) yield break;
            }

            yield return selector is null ? initial : selector.Invoke(initial);
            initial = producer.Invoke(initial);
        }
    }

    private static IEnumerable<object?> GenerateMany(object? initial, Callable producer, Callable? selector, bool decycle, bool depthFirst)
    {
        var past = decycle ? new HashSet<object?>(YaqlOps.Comparer) : null;
        var queue = new LinkedList<object?>();
        queue.AddLast(initial);
        while (queue.Count > 0)
        {
            var item = queue.First!.Value;
            queue.RemoveFirst();
            if (past is not null)
            {
                YaqlOps.RequireHashable(item);
                if (!past.Add(item)) continue;
            }

            yield return selector is null ? item : selector.Invoke(item);
            var produced = YaqlOps.Iterate(producer.Invoke(item)).ToList();
            if (depthFirst)
            {
                // queue.extend(produced); queue.rotate(len(produced)): the new items go first.
                for (var k = produced.Count - 1; k >= 0; k--) queue.AddFirst(produced[k]);
            }
            else
            {
                foreach (var p in produced) queue.AddLast(p);
            }

            if (queue.Count > Interpreter.MaxItems) throw YaqlErrors.MemoryQuotaExceeded();
        }
    }
}

/// <summary>yaql's <c>OrderingIterable</c>: sorted on first iteration by the selectors, with yaql's <c>&lt;</c> and <c>&gt;</c>.</summary>
internal sealed class OrderingIterable : YaqlIterable
{
    private readonly object? _collection;
    private readonly Invocation _invocation;
    private readonly List<(Callable Selector, bool Ascending)> _order = [];
    private List<object?>? _sorted;

    public OrderingIterable(object? collection, Invocation invocation)
        : base(() => [], "OrderingIterable")
    {
        _collection = collection;
        _invocation = invocation;
    }

    public OrderingIterable ThenBy(Callable selector, bool ascending)
    {
        _order.Add((selector, ascending));
        return this;
    }

    public override IEnumerator<object?> GetEnumerator()
    {
        YaqlOps.EnsureStack();
        _sorted ??= StableSort([.. Lib.Materialize(YaqlOps.Iterate(_collection))]);
        return _sorted.GetEnumerator();
    }

    private int Compare(object? left, object? right)
    {
        foreach (var (selector, ascending) in _order)
        {
            var a = selector.Invoke(left);
            var b = selector.Invoke(right);
            int result;
            if (YaqlOps.Truthy(_invocation.Call("#operator_<", a, b))) result = -1;
            else if (YaqlOps.Truthy(_invocation.Call("#operator_>", a, b))) result = 1;
            else continue;
            return ascending ? result : -result;
        }

        return 0;
    }

    // Python's sorted() is stable and asks only "less than"; a merge sort keeps both properties
    // (and never fails on an inconsistent ordering).
    private List<object?> StableSort(List<object?> items)
    {
        if (items.Count < 2) return items;
        var buffer = new object?[items.Count];
        var array = items.ToArray();
        for (var width = 1; width < array.Length; width *= 2)
        {
            for (var lo = 0; lo < array.Length; lo += 2 * width)
            {
                var mid = Math.Min(lo + width, array.Length);
                var hi = Math.Min(lo + (2 * width), array.Length);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) buffer[k++] = Compare(array[j], array[i]) < 0 ? array[j++] : array[i++];
                while (i < mid) buffer[k++] = array[i++];
                while (j < hi) buffer[k++] = array[j++];
            }

            (array, buffer) = (buffer, array);
        }

        return [.. array];
    }
}
