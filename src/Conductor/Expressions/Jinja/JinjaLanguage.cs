using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Jinja;

/// <summary>
/// Jinja (<c>{{ ... }}</c> and <c>{% ... %}</c>) as Orquesta evaluates it (<c>orquesta/expressions/jinja.py</c>):
/// raw blocks set aside, a text with a block rendered as a template, each inline expression
/// compiled alone and its native value kept when it is the whole text, string results expanded
/// again, and unresolved expressions reported.
/// </summary>
internal sealed partial class JinjaLanguage : IExpressionLanguage
{
    public static readonly JinjaLanguage Instance = new();

    /// <summary>How deep string results may be expanded again (the reference hits Python's recursion limit).</summary>
    public const int MaxExpansionDepth = 48;

    private const int MaxCacheEntries = 4096;

    private static readonly ConcurrentDictionary<string, ParsedExpression> ExpressionCache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ParsedTemplate> TemplateCache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, TextShape> ShapeCache = new(StringComparer.Ordinal);

    public string Name => "jinja";

    public bool HasExpressions(string text) =>
        text.Contains('{', StringComparison.Ordinal) && (Inline().IsMatch(text) || Block().IsMatch(text));

    public IReadOnlyList<string> FindExpressions(string text) =>
        Inline().Matches(text).Select(m => StripDelimiter(m.Value)).ToList();

    /// <summary>The reference's <c>expr.strip("{{}}").strip()</c>.</summary>
    private static string StripDelimiter(string expr) => expr.Trim('{', '}').Trim();

    // ---- validation -------------------------------------------------------------------------

    public IReadOnlyList<ExpressionError> Validate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<ExpressionError>();
        try
        {
            JinjaParser.ParseTemplate(text);
        }
        catch (TemplateSyntaxException e)
        {
            errors.Add(new ExpressionError(Name, text, Describe(e)));
        }

        foreach (Match m in Inline().Matches(text))
        {
            var expr = m.Value;
            if (errors.Any(x => x.Expression == expr)) continue;
            try
            {
                JinjaParser.ParseExpressionSource(StripDelimiter(expr), requireEnd: false);
            }
            catch (TemplateSyntaxException e)
            {
                errors.Add(new ExpressionError(Name, expr, Describe(e)));
            }
        }

        return errors;
    }

    private static string Describe(TemplateSyntaxException e) => $"{e.Message} (line {e.Line}, offset {e.Offset})";

    // ---- evaluation -------------------------------------------------------------------------

    public object? Evaluate(string text, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        var shape = Shape(text);
        var output = Expand(shape.Text, scope, 0, shape.RawBlocks.Length == 0 ? shape : null);
        if (output is string s)
        {
            var unresolved = Inline().Matches(s);
            if (unresolved.Count > 0)
            {
                throw new JinjaEvaluationException("There are unresolved variables: " + string.Join(", ", unresolved.Select(m => StripDelimiter(m.Value))));
            }

            if (shape.RawBlocks.Length > 0)
            {
                for (var i = 0; i < shape.RawBlocks.Length; i++) s = s.Replace("{" + i + "}", shape.RawBlocks[i], StringComparison.Ordinal);
                try
                {
                    return RenderTemplate(s, scope);
                }
                catch (Exception e) when (e is not JinjaEvaluationException)
                {
                    throw Wrap(s, e);
                }
            }
        }

        return output;
    }

    /// <summary>The reference's <c>_evaluate_and_expand</c>.</summary>
    private static object? Expand(string text, ExpressionScope scope, int depth, TextShape? known = null)
    {
        if (text.IndexOf('{', StringComparison.Ordinal) < 0) return text;
        var shape = known ?? Shape(text);
        if (shape.Inline.Length == 0 && !shape.HasBlock) return text;
        var expr = text;
        try
        {
            if (depth >= MaxExpansionDepth) throw new ExpressionRuntimeError("RecursionError", "maximum recursion depth exceeded while calling a Python object");
            if (shape.HasBlock)
            {
                var rendered = RenderTemplate(text, scope);
                return Expand(rendered, scope, depth + 1);
            }

            object? output = text;
            foreach (var inline in shape.Inline)
            {
                expr = inline.Expr;
                var result = EvaluateInline(inline, scope);
                if (result is string or Markup) result = Expand(JinjaRuntime.Str(result), scope, depth + 1);

                // A StrictUndefined is left in place (reported as unresolved); the lenient
                // undefined of "a if b" prints as nothing, and alone stands for no value.
                if (result is Undefined { Strict: true }) continue;
                if (shape.Inline.Length > 1 || ((string)output!).Length > expr.Length)
                {
                    output = ((string)output!).Replace(expr, JinjaRuntime.Str(result), StringComparison.Ordinal);
                }
                else
                {
                    output = ToResult(result, 0);
                }
            }

            return output;
        }
        catch (Exception e)
        {
            throw Wrap(expr, e);
        }
    }

    /// <summary>
    /// An inline expression's value (Jinja's <c>compile_expression</c>, <c>undefined_to_none=False</c>),
    /// a generator made a list as the reference does.
    /// </summary>
    private static object? EvaluateInline(InlineExpression inline, ExpressionScope scope)
    {
        var parsed = inline.Parsed ??= Parse(inline.Stripped);
        if (parsed.Error is { } error) throw error.Copy();
        JinjaRuntime.SpecialInContainer = false;
        var context = new RenderContext(scope);
        var result = parsed.Expr.Eval(context);
        return result is Generator g ? JinjaRuntime.List(g.Consume().ToArray()) : result;
    }

    private static string RenderTemplate(string text, ExpressionScope scope)
    {
        var template = TemplateCache.GetOrAdd(text, static t => ParsedTemplate.Create(t));
        TrimCache(TemplateCache);
        if (template.Error is { } error) throw error.Copy();
        var context = new RenderContext(scope);
        return template.Template!.Render(context);
    }

    private static ParsedExpression Parse(string source)
    {
        if (!ExpressionCache.TryGetValue(source, out var parsed))
        {
            parsed = ParsedExpression.Create(source);
            ExpressionCache.TryAdd(source, parsed);
            TrimCache(ExpressionCache);
        }

        return parsed;
    }

    private static TextShape Shape(string text)
    {
        if (ShapeCache.TryGetValue(text, out var shape)) return shape;
        shape = TextShape.Create(text);
        ShapeCache.TryAdd(text, shape);
        TrimCache(ShapeCache);
        return shape;
    }

    private static void TrimCache<T>(ConcurrentDictionary<string, T> cache)
    {
        if (cache.Count > MaxCacheEntries) cache.Clear();
    }

    /// <summary>Converts a template-only value at the boundary: markup to text, generators to lists, objects to their text.</summary>
    private static object? ToResult(object? value, int depth)
    {
        switch (value)
        {
            case null or string or long or bool or double:
                return value;
            case Undefined { Strict: false }:
                return null;
            case Undefined:
                return value;
            case Markup m:
                return m.Value;
            case Generator g:
                return Convert(JinjaRuntime.List(g.Consume().ToArray()), depth);
            case ListValue or DictValue:
                return JinjaRuntime.SpecialInContainer ? Convert(value, depth) : value;
            default:
                return JinjaRuntime.Str(value);
        }
    }

    private static object? Convert(object? value, int depth)
    {
        if (depth > JsonValues.MaxDepth * 2) throw ExpressionRuntimeError.ValueError("the result is nested too deeply");
        switch (value)
        {
            case Undefined { Strict: false }:
                return null;
            case Undefined u:
                throw u.Error();
            case ListValue list:
                object?[]? items = null;
                for (var i = 0; i < list.Count; i++)
                {
                    var converted = Convert(list[i], depth + 1);
                    if (items is null && !ReferenceEquals(converted, list[i]))
                    {
                        items = list.ToArray();
                    }

                    if (items is not null) items[i] = converted;
                }

                return items is null ? list : list.IsTuple ? ListValue.WrapTuple(items) : ListValue.Wrap(items);
            case DictValue dict:
                DictValue.Builder? builder = null;
                foreach (var (key, item) in dict)
                {
                    var converted = Convert(item, depth + 1);
                    if (!ReferenceEquals(converted, item))
                    {
                        builder ??= new DictValue.Builder();
                    }

                    builder?.Set(key, converted);
                }

                if (builder is null) return dict;
                var full = new DictValue.Builder();
                foreach (var (key, item) in dict) full.Set(key, Convert(item, depth + 1));
                return full.ToDict();
            default:
                return value is Undefined ? value : ToResult(value, depth);
        }
    }

    /// <summary>The reference's wrapping: <c>Unable to evaluate expression '...'. Type: message</c>.</summary>
    private static JinjaEvaluationException Wrap(string expr, Exception e)
    {
        var (type, message) = Describe(e);
        return new JinjaEvaluationException($"Unable to evaluate expression '{expr}'. {type}: {message}", e);
    }

    private static (string Type, string Message) Describe(Exception e) => e switch
    {
        OrquestaException oe => (oe.ErrorType, oe.Message),
        TemplateSyntaxException se => (se.ErrorType, se.Message),
        InvalidCastException => ("TypeError", "an operand has the wrong type"),
        OverflowException => ("OverflowError", "the result is too large"),
        DivideByZeroException => ("ZeroDivisionError", "division by zero"),
        IndexOutOfRangeException or ArgumentOutOfRangeException => ("IndexError", "index out of range"),
        KeyNotFoundException => ("KeyError", "the key is missing"),
        InsufficientExecutionStackException => ("RecursionError", "maximum recursion depth exceeded"),
        OutOfMemoryException => ("MemoryError", "out of memory"),
        FormatException => ("ValueError", "a value has the wrong format"),
        _ => ("RuntimeError", "the expression could not be evaluated"),
    };

    // The reference's "{{.*?}}", "{%.*?%}" and "{% raw %}.*?{% endraw %}": non-greedy, '.' does not cross a newline.
    [GeneratedRegex("{{.*?}}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Inline();

    [GeneratedRegex("{%.*?%}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Block();

    [GeneratedRegex("{% raw %}.*?{% endraw %}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex RawBlock();

    private sealed record InlineExpression(string Expr, string Stripped)
    {
        /// <summary>The parsed expression, once looked up (a benign race: any thread's result is the same).</summary>
        public ParsedExpression? Parsed { get; set; }
    }

    /// <summary>What the wrapper needs to know about a text, computed once per distinct text.</summary>
    private sealed class TextShape
    {
        public required string Text { get; init; }

        public required string[] RawBlocks { get; init; }

        public required InlineExpression[] Inline { get; init; }

        public required bool HasBlock { get; init; }

        public static TextShape Create(string text)
        {
            var raw = RawBlock().Matches(text).Select(m => m.Value).ToArray();
            var processed = text;
            for (var i = 0; i < raw.Length; i++) processed = processed.Replace(raw[i], "{" + i + "}", StringComparison.Ordinal);
            return new TextShape
            {
                Text = processed,
                RawBlocks = raw,
                Inline = Inline().Matches(processed).Select(m => new InlineExpression(m.Value, StripDelimiter(m.Value))).ToArray(),
                HasBlock = Block().IsMatch(processed),
            };
        }
    }

    private sealed class ParsedExpression
    {
        public Expr Expr { get; private init; } = null!;

        public TemplateSyntaxException? Error { get; private init; }

        public static ParsedExpression Create(string source)
        {
            try
            {
                var expr = JinjaParser.ParseExpressionSource(source, requireEnd: true);
                expr.Check(soft: false);
                return new ParsedExpression { Expr = expr };
            }
            catch (TemplateSyntaxException e)
            {
                return new ParsedExpression { Error = e };
            }
        }
    }

    private sealed class ParsedTemplate
    {
        public TemplateNode? Template { get; private init; }

        public TemplateSyntaxException? Error { get; private init; }

        public static ParsedTemplate Create(string text)
        {
            try
            {
                var template = JinjaParser.ParseTemplate(text);
                Node.CheckAll(template.Body, soft: false);
                return new ParsedTemplate { Template = template };
            }
            catch (TemplateSyntaxException e)
            {
                return new ParsedTemplate { Error = e };
            }
        }
    }
}
