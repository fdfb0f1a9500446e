namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>Binds call arguments to named parameters the way Python does, with Python's <c>TypeError</c> messages.</summary>
internal static class PyArgs
{
    /// <summary>Marks a parameter without a default (required).</summary>
    public static readonly object Required = new();

    private static readonly KeyValuePair<string, object?>[] NoKwargs = [];

    public static KeyValuePair<string, object?>[] None => NoKwargs;

    /// <summary>
    /// The values of <paramref name="names"/>, from positional <paramref name="args"/> then keywords, then
    /// <paramref name="defaults"/> (one per name; <see cref="Required"/> for none).
    /// </summary>
    public static object?[] Bind(string function, object?[] args, KeyValuePair<string, object?>[] kwargs, string[] names, object?[] defaults)
    {
        var values = new object?[names.Length];
        var set = new bool[names.Length];
        if (args.Length > names.Length)
        {
            var required = defaults.Count(d => ReferenceEquals(d, Required));
            var takes = required == names.Length
                ? $"takes {names.Length} positional argument{(names.Length == 1 ? string.Empty : "s")}"
                : $"takes from {required} to {names.Length} positional arguments";
            throw ExpressionRuntimeError.TypeError($"{function}() {takes} but {args.Length} {(args.Length == 1 ? "was" : "were")} given");
        }

        for (var i = 0; i < args.Length; i++)
        {
            values[i] = args[i];
            set[i] = true;
        }

        foreach (var (key, value) in kwargs)
        {
            var index = Array.IndexOf(names, key);
            if (index < 0) throw ExpressionRuntimeError.TypeError($"{function}() got an unexpected keyword argument '{key}'");
            if (set[index]) throw ExpressionRuntimeError.TypeError($"{function}() got multiple values for argument '{key}'");
            values[index] = value;
            set[index] = true;
        }

        List<string>? missing = null;
        for (var i = 0; i < names.Length; i++)
        {
            if (set[i]) continue;
            if (ReferenceEquals(defaults[i], Required))
            {
                (missing ??= []).Add(names[i]);
                continue;
            }

            values[i] = defaults[i];
        }

        if (missing is not null)
        {
            var list = missing.Count == 1
                ? $"'{missing[0]}'"
                : string.Join(", ", missing.Take(missing.Count - 1).Select(m => $"'{m}'")) + $" and '{missing[^1]}'";
            throw ExpressionRuntimeError.TypeError($"{function}() missing {missing.Count} required positional argument{(missing.Count == 1 ? string.Empty : "s")}: {list}");
        }

        return values;
    }

    /// <summary>Rejects any argument (methods such as <c>str.upper()</c>).</summary>
    public static void None0(string function, object?[] args, KeyValuePair<string, object?>[] kwargs)
    {
        if (kwargs.Length > 0) throw ExpressionRuntimeError.TypeError($"{function}() takes no keyword arguments");
        if (args.Length > 0) throw ExpressionRuntimeError.TypeError($"{function}() takes no arguments ({args.Length} given)");
    }
}
