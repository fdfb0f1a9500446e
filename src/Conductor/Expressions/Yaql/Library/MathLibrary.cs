using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>yaql/standard_library/math.py. Randomness comes from the scope's environment.</summary>
internal static class MathLibrary
{
    public static void Register(Registry r)
    {
        Binary(r, "#operator_+", PyNum.Add);
        Binary(r, "#operator_-", PyNum.Subtract);
        Binary(r, "#operator_*", PyNum.Multiply);
        Binary(r, "#operator_/", PyNum.Divide);
        Binary(r, "#operator_mod", PyNum.Modulo);
        r.Function("#unary_operator_+").P("op", T.Number()).Body(i => i[0]);
        r.Function("#unary_operator_-").P("op", T.Number()).Body(i => PyNum.Negate(i[0]));
        r.Function("abs").P("op", T.Number()).Body(i => PyNum.Abs(i[0]));
        Binary(r, "#operator_>", (a, b) => PyNum.Greater(a, b));
        Binary(r, "#operator_>=", (a, b) => PyNum.GreaterOrEqual(a, b));
        Binary(r, "#operator_<", (a, b) => PyNum.Less(a, b));
        Binary(r, "#operator_<=", (a, b) => PyNum.LessOrEqual(a, b));
        r.Function("int").P("value", T.Any).Body(i => i[0] is null ? 0L : PyNum.ToInt(i[0]));
        r.Function("float").P("value", T.Any).Body(i => i[0] is null ? 0.0 : PyNum.ToFloat(i[0]));
        r.Function("random").Body(i => i.Scope.Environment.NextDouble());
        r.Function("random").P("from_", T.Any).P("to_", T.Any)
            .Body(i => i.Scope.Environment.NextInteger(RandomBound(i[0]), RandomBound(i[1])));
        r.Function("bitwiseAnd").P("left", T.Int()).P("right", T.Int()).Body(i => Lib.Long(i[0]) & Lib.Long(i[1]));
        r.Function("bitwiseOr").P("left", T.Int()).P("right", T.Int()).Body(i => Lib.Long(i[0]) | Lib.Long(i[1]));
        r.Function("bitwiseXor").P("left", T.Int()).P("right", T.Int()).Body(i => Lib.Long(i[0]) ^ Lib.Long(i[1]));
        r.Function("bitwiseNot").P("arg", T.Int()).Body(i => ~Lib.Long(i[0]));
        r.Function("shiftBitsLeft").P("value", T.Int()).P("bits_number", T.Int())
            .Body(i =>
            {
                var value = Lib.Long(i[0]);
                var bits = Lib.Long(i[1]);
                if (bits < 0) throw YaqlErrors.ValueError("negative shift count");
                if (value == 0) return 0L;
                var result = new System.Numerics.BigInteger(value) << (int)Math.Min(bits, 128);
                if (bits > 128 || result > long.MaxValue || result < long.MinValue) throw PyNum.IntOverflow();
                return (long)result;
            });
        r.Function("shiftBitsRight").P("value", T.Int()).P("bits_number", T.Int())
            .Body(i =>
            {
                var bits = Lib.Long(i[1]);
                if (bits < 0) throw YaqlErrors.ValueError("negative shift count");
                return Lib.Long(i[0]) >> (int)Math.Min(bits, 63);
            });
        r.Function("max").P("a", T.Any).P("b", T.Any)
            .Body(i => YaqlOps.Truthy(i.Call("#operator_>", i[1], i[0])) ? i[1] : i[0]);
        r.Function("min").P("a", T.Any).P("b", T.Any)
            .Body(i => YaqlOps.Truthy(i.Call("#operator_>", i[1], i[0])) ? i[0] : i[1]);
        r.Function("pow").P("a", T.Number()).P("b", T.Number()).P("c", T.Number(nullable: true), null)
            .Body(i => PyNum.Pow(i[0], i[1], i[2]));
        r.Function("sign").P("num", T.Number())
            .Body(i => PyNum.Compare(i[0], 0L) switch { > 0 => 1L, < 0 => -1L, _ => 0L });
        r.Function("round").P("number", T.Number()).P("ndigits", T.Int(), 0L)
            .Body(i => PyNum.Round(i[0], Lib.Long(i[1])));
        r.Function("isInteger").P("value", T.Any).Body(i => i[0] is long);
        r.Function("isNumber").P("value", T.Any).Body(i => i[0] is long or double);
    }

    private static void Binary(Registry r, string name, Func<object?, object?, object> op) =>
        r.Function(name).P("left", T.Number()).P("right", T.Number()).Body(i => op(i[0], i[1]));

    // random.randint(a, b): ints only (bools count); a float is a ValueError, anything else a TypeError.
    private static long RandomBound(object? v) => v switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d when d == Math.Floor(d) && double.IsFinite(d) => (long)d,
        double => throw YaqlErrors.ValueError("non-integer arg 1 for randrange()"),
        _ => throw YaqlErrors.TypeError($"'{YaqlOps.TypeName(v)}' object cannot be interpreted as an integer"),
    };
}
