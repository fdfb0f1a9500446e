using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;
using Orquesta.Azure.Conductor.Expressions.Yaql.Syntax;

namespace Orquesta.Azure.Conductor.Expressions.Yaql;

/// <summary>
/// YAQL (<c>&lt;% ... %&gt;</c>) as Orquesta evaluates it (orquesta/expressions/yql.py): every
/// expression in a string is evaluated; a string holding exactly one expression and nothing else
/// yields its value, else the values are substituted into the text as Python's <c>str()</c>
/// prints them; a string result is evaluated again.
/// </summary>
internal sealed partial class YaqlLanguage : IExpressionLanguage
{
    public static readonly YaqlLanguage Instance = new();

    /// <summary>How deep string results may be evaluated again before Python's recursion limit would stop them.</summary>
    public const int MaxReevaluationDepth = 200;

    // The parse caches hold this many texts at most (then start over), and no text longer than
    // MaxCachedLength: strings that data hands back for evaluation must not fill them.
    private const int CacheCapacity = 8192;
    private const int MaxCachedLength = 4096;

    private static readonly ConcurrentDictionary<string, TextPlan> Plans = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, object> Parsed = new(StringComparer.Ordinal);

    public string Name => "yaql";

    // Every match starts with "<%": most strings (action names, plain values) are ruled out without the regex.
    public bool HasExpressions(string text) => text.Contains("<%", StringComparison.Ordinal) && Statement().IsMatch(text);

    public IReadOnlyList<string> FindExpressions(string text) =>
        Statement().Matches(text).Select(m => Strip(m.Value)).ToList();

    public IReadOnlyList<ExpressionError> Validate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<ExpressionError>();
        foreach (var expression in GetPlan(text).Expressions)
        {
            if (expression.Parsed is YaqlParseException e) errors.Add(new ExpressionError(Name, expression.Text, e.Message));
        }

        return errors;
    }

    public object? Evaluate(string text, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        return Output.Finish(EvaluateText(text, scope, 0));
    }

    /// <summary>The parse of an expression (without delimiters), from the cache.</summary>
    /// <exception cref="YaqlParseException">A lexical or grammar error.</exception>
    internal static Node Parse(string expression) => ParseCached(expression) as Node ?? throw (YaqlParseException)ParseCached(expression);

    private static object ParseCached(string expression)
    {
        if (Parsed.TryGetValue(expression, out var cached)) return cached;
        object parsed;
        try
        {
            parsed = Parser.Parse(expression);
        }
        catch (YaqlParseException e)
        {
            parsed = e;
        }

        if (expression.Length > MaxCachedLength) return parsed;
        if (Parsed.Count >= CacheCapacity) Parsed.Clear();
        return Parsed.GetOrAdd(expression, parsed);
    }

    // yql.py's evaluate(): the text's expressions in order; `output` is the text until a lone
    // expression replaces it with its value.
    private static object? EvaluateText(string text, ExpressionScope scope, int depth)
    {
        // String results come back here: most hold no expression and need no plan.
        if (!text.Contains("<%", StringComparison.Ordinal)) return text;
        var plan = GetPlan(text);
        object? output = text;
        var count = plan.Expressions.Length;
        foreach (var expression in plan.Expressions)
        {
            try
            {
                var result = EvaluateOne(expression, scope, depth);
                var current = output as string ?? text;
                output = count > 1 || current.Length > expression.Text.Length
                    ? current.Replace(expression.Text, Output.Str(result), StringComparison.Ordinal)
                    : result;
            }
            catch (ExpressionRuntimeError e) when (e.ErrorType == "KeyError")
            {
                throw new YaqlEvaluationException($"Unable to resolve key '{e.Message.Trim('\'')}' in expression '{expression.Text}' from context.", e);
            }
            catch (ExpressionRuntimeError e)
            {
                throw Wrap(expression.Text, e.ErrorType, e.Message, e);
            }
            catch (YaqlParseException e)
            {
                throw Wrap(expression.Text, e.ErrorType, e.Message, e);
            }
            catch (OrquestaException e)
            {
                throw Wrap(expression.Text, e.ErrorType, e.Message, e);
            }
            catch (Exception e)
            {
                var (type, message) = PythonError(e);
                throw Wrap(expression.Text, type, message, e);
            }
        }

        return output;
    }

    private static object? EvaluateOne(Expression expression, ExpressionScope scope, int depth)
    {
        if (expression.Parsed is YaqlParseException parseError) throw parseError;
        var interpreter = scope.YaqlInterpreter as Interpreter ?? (Interpreter)(scope.YaqlInterpreter = new Interpreter(scope));
        var raw = interpreter.Evaluate((Node)expression.Parsed, NoValue.Instance, interpreter.Root);
        var result = Output.Convert(raw);
        if (result is string again)
        {
            if (depth >= MaxReevaluationDepth) throw YaqlErrors.Recursion();
            result = EvaluateText(again, scope, depth + 1);
        }

        return result;
    }

    private static YaqlEvaluationException Wrap(string expression, string type, string message, Exception inner)
    {
        if (YaqlErrors.QuoteStrippedTypes.Contains(type)) message = message.Trim('\'');
        return new YaqlEvaluationException($"Unable to evaluate expression '{expression}'. {type}: {message}", inner);
    }

    // A .NET failure that escaped the language's own checks, named as Python would name it.
    private static (string Type, string Message) PythonError(Exception e) => e switch
    {
        InvalidCastException => ("TypeError", "an argument has an unsupported type"),
        OverflowException => ("OverflowError", "the result is too large"),
        DivideByZeroException => ("ZeroDivisionError", "division by zero"),
        ArgumentOutOfRangeException => ("ValueError", "an argument is out of range"),
        IndexOutOfRangeException => ("IndexError", "index out of range"),
        KeyNotFoundException => ("KeyError", "key not found"),
        JsonException => ("JSONDecodeError", "the text is not valid JSON"),
        RegexMatchTimeoutException => ("TimeoutError", "the regular expression took too long to match"),
        InsufficientExecutionStackException => ("RecursionError", "maximum recursion depth exceeded"),
        OutOfMemoryException => ("MemoryError", string.Empty),
        _ => ("RuntimeError", "the expression failed: " + e.GetType().Name),
    };

    /// <summary>The reference's <c>strip_delimiter</c>: <c>expr.strip("&lt;%&gt;").strip()</c>.</summary>
    internal static string Strip(string expression) => expression.Trim('<', '%', '>').Trim();

    private static TextPlan GetPlan(string text)
    {
        if (Plans.TryGetValue(text, out var plan)) return plan;
        var matches = Statement().Matches(text);
        var expressions = new Expression[matches.Count];
        for (var i = 0; i < expressions.Length; i++)
        {
            var found = matches[i].Value;
            expressions[i] = new Expression(found, ParseCached(Strip(found)));
        }

        plan = new TextPlan(expressions);
        if (text.Length > MaxCachedLength) return plan;
        if (Plans.Count >= CacheCapacity) Plans.Clear();
        return Plans.GetOrAdd(text, plan);
    }

    private sealed record Expression(string Text, object Parsed);

    private sealed record TextPlan(Expression[] Expressions);

    // The reference's "<%.*?%>": non-greedy, and '.' does not cross a newline.
    [GeneratedRegex("<%.*?%>", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Statement();
}
