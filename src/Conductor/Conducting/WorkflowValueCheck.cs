using System.Globalization;
using System.Text;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// Checks values before they reach the workflow state, without recursion (so no value, however
/// deep, can overflow the stack here), in one of two modes:
/// <list type="bullet">
/// <item><see cref="Strict"/>, for values handed in from outside (an action result, the workflow
/// input, the parent context): JSON data, so that the persisted document can always be written
/// and read back losslessly. <see langword="null"/>, <see cref="bool"/>, <see cref="long"/>,
/// finite <see cref="double"/>, <see cref="string"/> (well-formed UTF-16), <see cref="ListValue"/>
/// and <see cref="DictValue"/> with string keys, nested at most <see cref="MaxDepth"/> levels.</item>
/// <item><see cref="Model"/>, for the parts of a conductor document being read: any value of the
/// value model (expressions may also make dates, time spans, non-string keys and non-finite
/// floats), with no depth limit; only foreign .NET objects are refused.</item>
/// </list>
/// </summary>
internal static class WorkflowValueCheck
{
    /// <summary>
    /// The deepest nesting of lists and dicts accepted from outside. The conductor document puts a
    /// value a few levels down (state, contexts, a context, a key) and expressions may wrap it
    /// further; the JSON reader accepts <see cref="JsonValues.MaxDepth"/> levels, so a value must
    /// stay well below that to be persisted and read back.
    /// </summary>
    public const int MaxDepth = 200;

    /// <summary>The modes.</summary>
    public enum Mode
    {
        /// <summary>JSON data only, nested at most <see cref="MaxDepth"/> levels.</summary>
        Strict,

        /// <summary>Any value of the value model, at any depth.</summary>
        Model,
    }

    /// <summary>JSON data only.</summary>
    public const Mode Strict = Mode.Strict;

    /// <summary>Any value of the value model.</summary>
    public const Mode Model = Mode.Model;

    /// <summary>
    /// Why <paramref name="value"/> is not acceptable, or <see langword="null"/> when it is.
    /// <paramref name="root"/> names the value in the answer, for example <c>result</c>.
    /// </summary>
    public static string? FindProblem(object? value, string root, Mode mode = Strict)
    {
        var maxDepth = mode == Strict ? MaxDepth : int.MaxValue;
        if (IsAcceptable(value, mode, maxDepth)) return null;
        return Explain(value, root, mode, maxDepth);
    }

    // The fast walk: no paths, no allocation per scalar.
    private static bool IsAcceptable(object? value, Mode mode, int maxDepth)
    {
        if (IsScalar(value, mode)) return true;
        if (value is not (ListValue or DictValue)) return false;
        // Most values are a small dict of scalars (a context, a log entry): no walk needed.
        if (maxDepth >= 1 && value is DictValue small && small.TryGetSmall(out var keys, out var values))
        {
            var flat = true;
            for (var i = 0; i < keys.Length && flat; i++) flat = IsKey(keys[i], mode) && IsScalar(values[i], mode);
            if (flat) return true;
        }

        var stack = new Stack<(object Container, int Depth)>();
        stack.Push((value, 1));
        while (stack.Count > 0)
        {
            var (container, depth) = stack.Pop();
            if (depth > maxDepth) return false;
            if (container is ListValue list)
            {
                foreach (var item in list.AsSpan())
                {
                    if (IsScalar(item, mode)) continue;
                    if (item is not (ListValue or DictValue)) return false;
                    stack.Push((item, depth + 1));
                }
            }
            else
            {
                foreach (var (key, item) in (DictValue)container)
                {
                    if (!IsKey(key, mode)) return false;
                    if (IsScalar(item, mode)) continue;
                    if (item is not (ListValue or DictValue)) return false;
                    stack.Push((item!, depth + 1));
                }
            }
        }

        return true;
    }

    private static bool IsScalar(object? value, Mode mode) => value switch
    {
        null or bool or long => true,
        double d => mode == Model || double.IsFinite(d),
        string s => mode == Model || IsWellFormed(s),
        DateTimeOffset or TimeSpan => mode == Model,
        _ => false,
    };

    private static bool IsKey(object key, Mode mode) =>
        mode == Strict ? key is string s && IsWellFormed(s) : key is not (ListValue or DictValue) && IsScalar(key, mode);

    // A lone surrogate cannot be written as UTF-8 JSON and read back.
    private static bool IsWellFormed(string s)
    {
        var span = s.AsSpan();
        var i = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (i >= 0)
        {
            if (!char.IsHighSurrogate(span[i]) || i + 1 >= span.Length || !char.IsLowSurrogate(span[i + 1])) return false;
            span = span[(i + 2)..];
            i = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        }

        return true;
    }

    private sealed record PathNode(PathNode? Parent, object Key);

    // The slow walk, run only once a problem is known to exist: finds the first one with its path.
    private static string Explain(object? value, string root, Mode mode, int maxDepth)
    {
        var stack = new Stack<(object? Value, int Depth, PathNode? Path)>();
        stack.Push((value, 0, null));
        while (stack.Count > 0)
        {
            var (current, depth, path) = stack.Pop();
            if (IsScalar(current, mode)) continue;
            switch (current)
            {
                case double d:
                    return $"{Path(root, path)} is the float {PyRepr.FormatFloat(d)}, which has no JSON form";
                case string:
                    return $"{Path(root, path)} is a string with a lone surrogate, which has no UTF-8 form";
                case ListValue list:
                    if (depth + 1 > maxDepth) return $"{root} is nested deeper than {maxDepth} levels of lists and dicts";
                    for (var i = list.Count - 1; i >= 0; i--) stack.Push((list[i], depth + 1, new PathNode(path, (long)i)));
                    break;
                case DictValue dict:
                    if (depth + 1 > maxDepth) return $"{root} is nested deeper than {maxDepth} levels of lists and dicts";
                    var entries = dict.ToList();
                    for (var i = entries.Count - 1; i >= 0; i--)
                    {
                        var key = entries[i].Key;
                        if (!IsKey(key, mode))
                        {
                            return key is string
                                ? $"{Path(root, path)} has a key with a lone surrogate, which has no UTF-8 form"
                                : $"{Path(root, path)} has the key {PyRepr.Repr(key)} of type {key.GetType()}; keys must be {(mode == Strict ? "strings" : "scalars of the value model")}";
                        }

                        stack.Push((entries[i].Value, depth + 1, new PathNode(path, key)));
                    }

                    break;
                default:
                    return $"{Path(root, path)} is a {current!.GetType()}, which is not a workflow value (null, bool, long, double, string, ListValue or DictValue)";
            }
        }

        // The fast walk and this one agree on what is acceptable; this is not reached.
        return $"{root} is not a workflow value";
    }

    private static string Path(string root, PathNode? node)
    {
        var keys = new List<object>();
        for (; node is not null; node = node.Parent) keys.Add(node.Key);
        var sb = new StringBuilder(root);
        for (var i = keys.Count - 1; i >= 0; i--)
        {
            sb.Append('[');
            sb.Append(keys[i] is long l ? l.ToString(CultureInfo.InvariantCulture) : PyRepr.Repr(keys[i]));
            sb.Append(']');
        }

        return sb.ToString();
    }
}
