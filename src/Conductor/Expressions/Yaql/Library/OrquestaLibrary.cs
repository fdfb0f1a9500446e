using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>
/// Orquesta's functions (orquesta/expressions/functions), bound to <see cref="OrquestaFunctions"/>.
/// The binding adapts the Python kinds the YAQL side sees: <c>ctx()</c> builds a new (plain) dict,
/// <c>json()</c> returns plain lists and dicts and refuses a FrozenDict (it accepts a real
/// <c>dict</c> only), <c>zip()</c> returns a list of tuples.
/// </summary>
internal static class OrquestaLibrary
{
    public static void Register(Registry r)
    {
        r.Function("ctx").P("key", T.Any, null)
            .Body(i =>
            {
                var key = i[0];
                if (!YaqlOps.Truthy(key)) return new YaqlDict(OrquestaFunctions.Ctx(i.Scope));
                YaqlOps.RequireHashable(key);
                return OrquestaFunctions.Ctx(i.Scope, key);
            });

        r.Function("json").P("s", T.Any)
            .Body(i => i[0] switch
            {
                YaqlDict dict => dict,
                string text => Mutable(ParseJson(text)),
                _ => throw YaqlErrors.TypeError("Given object is not typeof string."),
            });

        r.Function("zip").Star("args", T.Any).StarStar("kwargs", T.Any)
            .Body(i =>
            {
                var args = i.Args;
                if (args.Length == 1) return args[0] ?? YaqlList.Empty;
                object? pad = null;
                i.Kwargs?.TryGetValue("pad", out pad);
                var lists = args.Select(a => a is null ? ListValue.Empty : YaqlOps.IsIterable(a) || a is YaqlDict ? Lib.Tuple(YaqlOps.Iterate(a)) : a).ToList();
                var rows = (ListValue)OrquestaFunctions.Zip(lists, pad)!;
                return new YaqlList(rows.ToArray());
            });

        r.Function("item").P("key", T.Any, null)
            .Body(i => OrquestaFunctions.Item(i.Scope, YaqlOps.Truthy(i[0]) ? i[0] : null));

        r.Function("task_status").P("task_id", T.Any).P("route", T.Any, null)
            .Body(i => OrquestaFunctions.TaskStatus(i.Scope, i[0], i[1]));

        // Asked in nearly every transition: the answers are boxed once.
        r.Function("succeeded").Body(i => Boxed(OrquestaFunctions.Succeeded(i.Scope)));
        r.Function("failed").Body(i => Boxed(OrquestaFunctions.Failed(i.Scope)));
        r.Function("completed").Body(i => Boxed(OrquestaFunctions.Completed(i.Scope)));
        r.Function("result").Body(i => OrquestaFunctions.Result(i.Scope));
    }

    private static readonly object True = true;
    private static readonly object False = false;

    private static object Boxed(bool value) => value ? True : False;

    // OrquestaFunctions.Json (Python's wording for text that is not JSON).
    private static object? ParseJson(string text)
    {
        return OrquestaFunctions.Json(text);
    }

    /// <summary>What <c>json.loads</c> returns: plain lists and dicts.</summary>
    public static object? Mutable(object? value) => value switch
    {
        ListValue list => new YaqlList(list.Select(Mutable).ToArray()),
        DictValue dict => new YaqlDict(Lib.Dict(dict.Select(e => ((object?)e.Key, Mutable(e.Value))))),
        _ => value,
    };
}
