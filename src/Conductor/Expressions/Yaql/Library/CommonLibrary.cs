using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>
/// yaql/standard_library/common.py, boolean.py and branching.py: <c>=</c> and <c>!=</c>, ordering
/// against <c>null</c>, <c>and</c>/<c>or</c>/<c>not</c>, <c>switch</c>, <c>coalesce</c> and friends.
/// </summary>
internal static class CommonLibrary
{
    public static void Register(Registry r)
    {
        r.Function("*equal").P("left", T.Any).P("right", T.Any).Body(i => YaqlOps.Equal(i[0], i[1]));
        r.Function("*not_equal").P("left", T.Any).P("right", T.Any).Body(i => !YaqlOps.Equal(i[0], i[1]));

        // Ordering with null: null is less than anything else.
        NullOrder(r, "#operator_<", leftNull: false, rightNull: true, result: false);
        NullOrder(r, "#operator_<=", leftNull: false, rightNull: true, result: false);
        NullOrder(r, "#operator_>", leftNull: false, rightNull: true, result: true);
        NullOrder(r, "#operator_>=", leftNull: false, rightNull: true, result: true);
        NullOrder(r, "#operator_<", leftNull: true, rightNull: false, result: true);
        NullOrder(r, "#operator_<=", leftNull: true, rightNull: false, result: true);
        NullOrder(r, "#operator_>", leftNull: true, rightNull: false, result: false);
        NullOrder(r, "#operator_>=", leftNull: true, rightNull: false, result: false);
        NullOrder(r, "#operator_<", leftNull: true, rightNull: true, result: false);
        NullOrder(r, "#operator_<=", leftNull: true, rightNull: true, result: true);
        NullOrder(r, "#operator_>", leftNull: true, rightNull: true, result: false);
        NullOrder(r, "#operator_>=", leftNull: true, rightNull: true, result: true);

        r.Function("#operator_and").P("left", T.Lambda()).P("right", T.Lambda())
            .Body(i =>
            {
                var left = Lib.Fn(i[0]).Invoke();
                return YaqlOps.Truthy(left) ? Lib.Fn(i[1]).Invoke() : left;
            });
        r.Function("#operator_or").P("left", T.Lambda()).P("right", T.Lambda())
            .Body(i =>
            {
                var left = Lib.Fn(i[0]).Invoke();
                return YaqlOps.Truthy(left) ? left : Lib.Fn(i[1]).Invoke();
            });
        r.Function("#unary_operator_not").P("arg", T.Any).Body(i => !YaqlOps.Truthy(i[0]));
        r.Function("bool").P("value", T.Any).Body(i => YaqlOps.Truthy(i[0]));
        r.Function("isBoolean").P("value", T.Any).Body(i => i[0] is bool);

        r.Function("switch").Star("args", T.LazyMappingRule).NoKwargs()
            .Body(i =>
            {
                foreach (var arg in i.Args)
                {
                    var rule = (LazyMappingRule)arg!;
                    if (YaqlOps.Truthy(rule.Source())) return rule.Destination();
                }

                return null;
            });
        r.Function("selectCase").Star("args", T.Lambda())
            .Body(i =>
            {
                var index = 0L;
                foreach (var f in i.Args)
                {
                    if (YaqlOps.Truthy(Lib.Fn(f).Invoke())) return index;
                    index++;
                }

                return index;
            });
        r.Method("switchCase").P("case", T.Int()).Star("args", T.Lambda())
            .Body(i =>
            {
                var cases = i.Rest(1);
                var n = Lib.Long(i[0]);
                if (n >= 0 && n < cases.Length) return Lib.Fn(cases[n]).Invoke();
                return cases.Length == 0 ? null : Lib.Fn(cases[^1]).Invoke();
            });
        r.Function("selectAllCases").Star("args", T.Lambda())
            .Body(i => Lib.Iterator(SelectAllCases(i.Args)));
        r.Function("examine").Star("args", T.Lambda())
            .Body(i => Lib.Iterator(i.Args.Select(f => (object?)YaqlOps.Truthy(Lib.Fn(f).Invoke()))));
        r.Function("coalesce").Star("args", T.Lambda())
            .Body(i =>
            {
                foreach (var f in i.Args)
                {
                    var value = Lib.Fn(f).Invoke();
                    if (value is not null) return value;
                }

                return null;
            });
    }

    private static IEnumerable<object?> SelectAllCases(object?[] predicates)
    {
        for (var k = 0; k < predicates.Length; k++)
        {
            if (YaqlOps.Truthy(Lib.Fn(predicates[k]).Invoke())) yield return (long)k;
        }
    }

    private static void NullOrder(Registry r, string name, bool leftNull, bool rightNull, bool result) =>
        r.Function(name).P("left", leftNull ? T.None : T.NotNull).P("right", rightNull ? T.None : T.NotNull).Body(_ => result);
}
