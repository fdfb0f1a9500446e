using System.Text.Json;
using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conformance;

/// <summary>
/// Runs expression vectors: <c>{"language", "expr", "data", "result"}</c> or
/// <c>{..., "error": {"type", "message"}}</c>, one JSON object a line (see the corpus README).
/// </summary>
public static class ExpressionVectors
{
    /// <summary>Whether a parsed JSON line is an expression vector.</summary>
    public static bool IsVector(DictValue line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.ContainsKey("language") && line.ContainsKey("expr");
    }

    /// <summary>Runs one vector.</summary>
    /// <param name="name">Where the vector is, for the report.</param>
    /// <param name="vector">The parsed line.</param>
    public static ConformanceResult Run(string name, DictValue vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var expr = vector.GetValueOrDefault("expr") as string ?? string.Empty;
        var subject = $"{vector.GetValueOrDefault("language")} {expr}";
        object? actual;
        try
        {
            actual = ExpressionEvaluator.Evaluate(expr, new ExpressionScope(vector.GetValueOrDefault("data")));
        }
        catch (OrquestaException e)
        {
            return CheckError(name, subject, vector, e.ErrorType, e.Message);
        }
        catch (Exception e)
        {
            // Anything else is a bug here: the reference never leaks a raw runtime error.
            return new ConformanceResult(name, false, subject, Describe(vector), $"unexpected {e.GetType().Name}: {e.Message}");
        }

        if (vector.TryGetValue("error", out var error))
        {
            return new ConformanceResult(name, false, subject, Describe(vector), $"result {Show(actual)}");
        }

        var expected = vector.GetValueOrDefault("result");
        return JsonEquality.AreEqual(expected, actual)
            ? new ConformanceResult(name, true, subject)
            : new ConformanceResult(name, false, subject, $"result {Show(expected)}", $"result {Show(actual)}");
    }

    private static ConformanceResult CheckError(string name, string subject, DictValue vector, string type, string message)
    {
        var actual = $"error {type}: {message}";
        if (vector.GetValueOrDefault("error") is not DictValue error) return new ConformanceResult(name, false, subject, Describe(vector), actual);
        var expectedType = error.GetValueOrDefault("type") as string;
        var expectedMessage = error.GetValueOrDefault("message") as string ?? string.Empty;
        var passed = string.Equals(expectedType, type, StringComparison.Ordinal) && MessageMatches(expectedMessage, message);
        return passed ? new ConformanceResult(name, true, subject) : new ConformanceResult(name, false, subject, Describe(vector), actual);
    }

    /// <summary>
    /// The corpus rule: the message must start the way the reference's does, up to and including
    /// the inner exception's name (<c>Unable to evaluate expression '...'. TypeError</c>); a message
    /// without an inner exception must be equal.
    /// </summary>
    public static bool MessageMatches(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var prefix = InnerExceptionPrefix(expected);
        return prefix is null
            ? string.Equals(expected, actual, StringComparison.Ordinal)
            : actual.StartsWith(prefix, StringComparison.Ordinal) && (actual.Length == prefix.Length || actual[prefix.Length] == ':');
    }

    private static string? InnerExceptionPrefix(string message)
    {
        const string Separator = "'. ";
        for (var at = message.IndexOf(Separator, StringComparison.Ordinal); at >= 0; at = message.IndexOf(Separator, at + 1, StringComparison.Ordinal))
        {
            var start = at + Separator.Length;
            var end = start;
            while (end < message.Length && (char.IsLetterOrDigit(message[end]) || message[end] == '_')) end++;
            if (end > start && char.IsLetter(message[start]) && (end == message.Length || message[end] == ':')) return message[..end];
        }

        return null;
    }

    private static string Describe(DictValue vector) =>
        vector.GetValueOrDefault("error") is DictValue error
            ? $"error {error.GetValueOrDefault("type")}: {error.GetValueOrDefault("message")}"
            : $"result {Show(vector.GetValueOrDefault("result"))}";

    private static string Show(object? value)
    {
        try
        {
            return JsonValues.Serialize(value);
        }
        catch (ArgumentException)
        {
            return PyRepr.Repr(value);
        }
    }

    /// <summary>Parses one line of a <c>.jsonl</c> file.</summary>
    /// <exception cref="JsonException">The line is not a JSON object.</exception>
    public static DictValue ParseLine(string line) =>
        JsonValues.Parse(line) as DictValue ?? throw new JsonException("The line is not a JSON object.");
}
