using System.Globalization;
using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>yaql/standard_library/system.py: context data, the <c>.</c> and <c>?.</c> operators, <c>let</c>, <c>def</c>, <c>-&gt;</c>.</summary>
internal static class SystemLibrary
{
    private static readonly System.Text.RegularExpressions.Regex KeywordPattern = new(@"^(?!__)\b[^\W\d]\w*\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static void Register(Registry r)
    {
        r.Function("#get_context_data").P("name", T.StringConstant)
            .Body(i => i.Context.Get(YaqlContext.Normalize((string)i[0]!)));

        r.Function("#operator_.").P("receiver", T.Any).P("expr", T.Lambda(method: true))
            .Body(i => Lib.Fn(i[1]).Invoke(i[0]));

        r.Method("unpack").P("sequence", T.Iterable()).Star("args", T.String())
            .Body(i =>
            {
                var names = i.Rest(1);
                var context = i.NewContext;
                var first = YaqlOps.Iterate(i[0]).Take(names.Length + 1).ToArray();
                if (names.Length > 0 && names.Length != first.Length)
                {
                    throw YaqlErrors.ValueError($"Cannot unpack {first.Length} elements into {names.Length}");
                }

                if (names.Length > 0)
                {
                    for (var k = 0; k < first.Length; k++) context.Set((string)names[k]!, first[k]);
                }
                else
                {
                    var n = 1;
                    foreach (var item in YaqlOps.Iterate(i[0])) context.Set(Num(n++), item);
                }

                return context;
            });

        r.Function("with").Star("args", T.Any)
            .Body(i =>
            {
                var context = i.NewContext;
                for (var k = 0; k < i.Args.Length; k++) context.Set(Num(k + 1), i.Args[k]);
                return context;
            });

        r.Function("#operator_->").P("left", T.Context).P("right", T.Lambda(withContext: true))
            .Body(i => Lib.Fn(i[1]).Invoke(i[0]));

        r.Function("let").Star("args", T.Any).StarStar("kwargs", T.Any)
            .Body(i =>
            {
                var context = i.NewContext;
                for (var k = 0; k < i.Args.Length; k++) context.Set(Num(k + 1), i.Args[k]);
                if (i.Kwargs is not null)
                {
                    foreach (var (key, value) in i.Kwargs) context.Set(key, value);
                }

                return context;
            });

        r.Function("def").P("name", T.String()).P("func", T.Lambda())
            .Body(i =>
            {
                var func = Lib.Fn(i[1]);
                var context = i.NewContext;
                var definition = new FunctionDef(
                    ConvertFunctionName((string)i[0]!),
                    isFunction: true,
                    isMethod: false,
                    noKwargs: false,
                    [new ParamDef("args", T.Any, 0, ParamDef.NoDefault, varArgs: true), new ParamDef("kwargs", T.Any, -1, ParamDef.NoDefault, varKw: true)],
                    inner => func.Invoke(inner.Args, inner.Kwargs));
                context.RegisterFunction(definition);
                return context;
            });

        r.Function("#operator_?.").P("receiver", T.Any).P("expr", T.Expression)
            .Body(i => i[0] is null ? null : i.Call("#operator_.", i[0], i[1]));

        r.Method("assert").P("obj", T.Any).P("condition", T.Lambda()).P("message", T.String(), "Assertion failed")
            .Body(i =>
            {
                var obj = i[0];
                if (obj is YaqlIterator iterator and not MemorizedIterator) obj = new MemorizedIterator(iterator);
                if (!YaqlOps.Truthy(Lib.Fn(i[1]).Invoke(obj))) throw new ExpressionRuntimeError("AssertionError", (string)i[2]!);
                return obj;
            });

        r.Function("call").P("name", T.String()).P("args", T.Sequence).P("kwargs", T.Mapping).P("receiver", T.Any, NoValue.Instance)
            .Body(i =>
            {
                var kwargs = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in YaqlOps.AsMapping(i[2])!)
                {
                    if (key is string k && KeywordPattern.IsMatch(k)) kwargs[k] = value;
                }

                var args = Lib.Materialize(YaqlOps.Iterate(i[1]));
                return i[3] is NoValue
                    ? i.Interpreter.CallFunction((string)i[0]!, i.Context, args, kwargs)
                    : i.Interpreter.CallMethod((string)i[0]!, i.Context, i[3], args, kwargs);
            });
    }

    /// <summary>The fallback for <c>obj.name</c>: calls the <c>#property#name</c> function (datetime and timespan properties).</summary>
    public static void RegisterFallbacks(Registry r)
    {
        r.Function("#operator_.").P("obj", T.Any).P("name", T.Keyword)
            .Body(i => i.Call("#property#" + (string)i[1]!, i[0]));
    }

    // yaql's convert_function_name with the camelCase convention: "my_func" is "myFunc"; a name
    // that starts with a symbol keeps its "#prefix#" part as it is.
    private static string ConvertFunctionName(string name)
    {
        name = name.TrimEnd('_');
        if (name.Length == 0 || char.IsLetter(name[0])) return ParamDef.CamelCase(name);
        var finish = name.IndexOf(name[0], 1);
        return finish <= 1 ? name : name[..(finish + 1)] + ParamDef.CamelCase(name[(finish + 1)..]);
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
