using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>
/// The names every template sees: Orquesta's functions (<c>ctx</c>, <c>json</c>, <c>zip</c>, <c>item</c>,
/// <c>task_status</c>, <c>succeeded</c>, <c>failed</c>, <c>completed</c>, <c>result</c>), the reference's
/// internal context names, and Jinja's globals (<c>range</c>, <c>dict</c>, <c>lipsum</c>, <c>cycler</c>,
/// <c>joiner</c>, <c>namespace</c>).
/// </summary>
internal static class JinjaGlobals
{
    /// <summary>The sandbox's <c>MAX_RANGE</c>.</summary>
    public const int MaxRange = 100_000;

    public static readonly Dictionary<string, JinjaCallable> Callables = new(StringComparer.Ordinal)
    {
        ["ctx"] = new FunctionCallable("functools.partial(<function ctx_>)", (c, a, k) =>
        {
            var args = PyArgs.Bind("ctx_", a, k, ["key"], [null]);
            return args[0] is null ? OrquestaFunctions.Ctx(c.Scope) : OrquestaFunctions.Ctx(c.Scope, OrquestaArg(args[0]));
        }),
        ["json"] = new FunctionCallable("<function json_>", (_, a, k) => OrquestaFunctions.Json(OrquestaArg(PyArgs.Bind("json_", a, k, ["s"], [PyArgs.Required])[0]))),
        ["zip"] = new FunctionCallable("<function zip_>", (_, a, k) => Zip(a, k)),
        ["item"] = new FunctionCallable("functools.partial(<function item_>)", (c, a, k) =>
            OrquestaFunctions.Item(c.Scope, OrquestaArg(PyArgs.Bind("item_", a, k, ["key"], [null])[0]))),
        ["task_status"] = new FunctionCallable("functools.partial(<function task_status_>)", (c, a, k) =>
        {
            var args = PyArgs.Bind("task_status_", a, k, ["task_id", "route"], [PyArgs.Required, null]);
            return OrquestaFunctions.TaskStatus(c.Scope, OrquestaArg(args[0]), OrquestaArg(args[1]));
        }),
        ["succeeded"] = new FunctionCallable("functools.partial(<function succeeded_>)", (c, a, k) =>
        {
            PyArgs.Bind("succeeded_", a, k, [], []);
            return OrquestaFunctions.Succeeded(c.Scope);
        }),
        ["failed"] = new FunctionCallable("functools.partial(<function failed_>)", (c, a, k) =>
        {
            PyArgs.Bind("failed_", a, k, [], []);
            return OrquestaFunctions.Failed(c.Scope);
        }),
        ["completed"] = new FunctionCallable("functools.partial(<function completed_>)", (c, a, k) =>
        {
            PyArgs.Bind("completed_", a, k, [], []);
            return OrquestaFunctions.Completed(c.Scope);
        }),
        ["result"] = new FunctionCallable("functools.partial(<function result_>)", (c, a, k) =>
        {
            PyArgs.Bind("result_", a, k, [], []);
            return OrquestaFunctions.Result(c.Scope);
        }),
        ["range"] = new FunctionCallable("<class 'range'>", (_, a, k) => Range(a, k)),
        ["dict"] = new FunctionCallable("<class 'dict'>", (_, a, k) => Dict(a, k)),
        ["lipsum"] = new FunctionCallable("<function generate_lorem_ipsum>", Lipsum),
        ["cycler"] = new FunctionCallable("<class 'jinja2.utils.Cycler'>", (_, a, k) =>
        {
            if (k.Length > 0) throw ExpressionRuntimeError.TypeError($"Cycler.__init__() got an unexpected keyword argument '{k[0].Key}'");
            if (a.Length == 0) throw new ExpressionRuntimeError("RuntimeError", "at least one item has to be provided");
            return new Cycler(a);
        }),
        ["joiner"] = new FunctionCallable("<class 'jinja2.utils.Joiner'>", (_, a, k) =>
            new Joiner(JinjaRuntime.Str(PyArgs.Bind("Joiner.__init__", a, k, ["sep"], [", "])[0]))),
        ["namespace"] = new FunctionCallable("<class 'jinja2.utils.Namespace'>", (_, a, k) =>
        {
            var ns = new Namespace();
            if (a.Length > 1) throw ExpressionRuntimeError.TypeError($"dict expected at most 1 argument, got {a.Length}");
            if (a.Length == 1)
            {
                foreach (var (key, value) in (DictValue)Dict(a, []))
                {
                    if (key is string s) ns.Attributes[s] = value;
                }
            }

            foreach (var (key, value) in k) ns.Attributes[key] = value;
            return ns;
        }),
    };

    /// <summary>What a name resolves to when no template local shadows it.</summary>
    public static Builtin Classify(string name) => name switch
    {
        "__vars" => Builtin.Vars,
        "__state" => Builtin.State,
        "__current_task" => Builtin.CurrentTask,
        "__current_item" => Builtin.CurrentItem,
        _ => Callables.ContainsKey(name) ? Builtin.Callable : Builtin.None,
    };

    /// <summary>An argument handed to an Orquesta function: undefined values raise, as Python's truth test of them does.</summary>
    public static object? OrquestaArg(object? v) => JinjaRuntime.Touch(v);

    private static object? Zip(object?[] args, KeyValuePair<string, object?>[] kwargs)
    {
        object? pad = null;
        foreach (var (key, value) in kwargs)
        {
            if (key == "pad") pad = OrquestaArg(value);
        }

        var plain = new object?[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var arg = OrquestaArg(args[i]);
            plain[i] = arg is Generator g ? JinjaRuntime.List(g.Consume().ToArray()) : arg;
        }

        var result = OrquestaFunctions.Zip(plain, pad);

        // Python's zip_longest gives tuples.
        if (args.Length > 1 && result is ListValue rows)
        {
            var tuples = new object?[rows.Count];
            for (var i = 0; i < rows.Count; i++) tuples[i] = JinjaRuntime.Tuple(((ListValue)rows[i]!).ToArray());
            return JinjaRuntime.List(tuples);
        }

        return result;
    }

    private static ListValue Range(object?[] args, KeyValuePair<string, object?>[] kwargs)
    {
        if (kwargs.Length > 0) throw ExpressionRuntimeError.TypeError("range() takes no keyword arguments");
        if (args.Length is 0 or > 3) throw ExpressionRuntimeError.TypeError(args.Length == 0 ? "range expected at least 1 argument, got 0" : $"range expected at most 3 arguments, got {args.Length}");
        var ints = args.Select(a => JinjaRuntime.Touch(a) is long or bool ? PyOps.ToLong(a) : throw ExpressionRuntimeError.TypeError($"'{JinjaRuntime.TypeName(a)}' object cannot be interpreted as an integer")).ToArray();
        long start = 0, stop, step = 1;
        if (ints.Length == 1)
        {
            stop = ints[0];
        }
        else
        {
            start = ints[0];
            stop = ints[1];
            if (ints.Length == 3) step = ints[2];
        }

        if (step == 0) throw ExpressionRuntimeError.ValueError("range() arg 3 must not be zero");
        var count = step > 0 ? (stop > start ? ((stop - start - 1) / step) + 1 : 0) : (start > stop ? ((start - stop - 1) / -step) + 1 : 0);
        if (count > MaxRange) throw new ExpressionRuntimeError("OverflowError", $"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({MaxRange}).");
        var items = new object?[count];
        for (var i = 0; i < count; i++) items[i] = start + (i * step);
        return JinjaRuntime.List(items);
    }

    private static DictValue Dict(object?[] args, KeyValuePair<string, object?>[] kwargs)
    {
        if (args.Length > 1) throw ExpressionRuntimeError.TypeError($"dict expected at most 1 argument, got {args.Length}");
        var result = DictValue.Empty;
        if (args.Length == 1)
        {
            switch (JinjaRuntime.Touch(args[0]))
            {
                case DictValue d:
                    result = d;
                    break;
                case var other:
                    var builder = new DictValue.Builder();
                    var n = 0;
                    foreach (var pair in JinjaRuntime.Iterate(other))
                    {
                        if (!JinjaRuntime.IsIterable(JinjaRuntime.Plain(pair))) throw ExpressionRuntimeError.TypeError($"cannot convert dictionary update sequence element #{n} to a sequence");
                        var kv = JinjaRuntime.ToList(pair);
                        if (kv.Count != 2) throw ExpressionRuntimeError.ValueError($"dictionary update sequence element #{n} has length {kv.Count}; 2 is required");
                        builder.Set(JinjaMethods.DictKey(kv[0]), JinjaRuntime.Note(kv[1]));
                        n++;
                    }

                    result = builder.ToDict();
                    break;
            }
        }

        foreach (var (key, value) in kwargs) result = result.Set(key, JinjaRuntime.Note(value));
        return result;
    }

    private static readonly string[] LipsumWords =
        ("a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit class commodo "
        + "condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae cursus dapibus diam dictum "
        + "dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim erat eros est et etiam eu euismod "
        + "facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant habitasse hac hendrerit "
        + "hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus laoreet lectus leo libero ligula "
        + "litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris metus mi molestie mollis montes morbi mus "
        + "nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio orci ornare parturient "
        + "pede pellentesque penatibus per pharetra phasellus placerat platea porta porttitor posuere potenti praesent pretium "
        + "primis proin pulvinar purus quam quis quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper "
        + "senectus sit sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus tincidunt torquent "
        + "tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit venenatis vestibulum vitae "
        + "vivamus viverra volutpat vulputate").Split(' ');

    /// <summary>Jinja's <c>lipsum(n=5, html=True, min=20, max=100)</c>, with randomness from the scope's environment.</summary>
    private static object Lipsum(RenderContext context, object?[] a, KeyValuePair<string, object?>[] k)
    {
        var args = PyArgs.Bind("generate_lorem_ipsum", a, k, ["n", "html", "min", "max"], [5L, true, 20L, 100L]);
        long Int(object? v) => JinjaRuntime.Touch(v) is long or bool ? PyOps.ToLong(v) : throw ExpressionRuntimeError.TypeError($"'{JinjaRuntime.TypeName(v)}' object cannot be interpreted as an integer");
        var n = Int(args[0]);
        var html = JinjaRuntime.Truthy(args[1]);
        var min = Int(args[2]);
        var max = Int(args[3]);
        if (n > 1000) throw ExpressionRuntimeError.ValueError("lipsum() is limited to 1000 paragraphs here");
        var env = context.Scope.Environment;
        var paragraphs = new List<string>();
        for (var p = 0; p < n; p++)
        {
            var next = true;
            var lastComma = 0L;
            var lastFullstop = 0L;
            string? last = null;
            var words = new List<string>();
            var count = env.NextInteger(min, max - 1);
            for (var idx = 0L; idx < count; idx++)
            {
                string word;
                while (true)
                {
                    word = LipsumWords[env.NextInteger(0, LipsumWords.Length - 1)];
                    if (word != last)
                    {
                        last = word;
                        break;
                    }
                }

                if (next)
                {
                    word = PyStrings.Capitalize(word);
                    next = false;
                }

                if (idx - env.NextInteger(3, 7) > lastComma)
                {
                    lastComma = idx;
                    lastFullstop += 2;
                    word += ",";
                }

                if (idx - env.NextInteger(10, 19) > lastFullstop)
                {
                    lastComma = lastFullstop = idx;
                    word += ".";
                    next = true;
                }

                words.Add(word);
            }

            var text = string.Join(" ", words);
            text = text.EndsWith(',') ? text[..^1] + "." : text.EndsWith('.') ? text : text + ".";
            paragraphs.Add(text);
        }

        if (!html) return string.Join("\n\n", paragraphs);
        var sb = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            if (sb.Length > 0) sb.Append('\n');
            sb.Append("<p>").Append(Markup.EscapeText(paragraph)).Append("</p>");
        }

        return new Markup(sb.ToString());
    }
}
