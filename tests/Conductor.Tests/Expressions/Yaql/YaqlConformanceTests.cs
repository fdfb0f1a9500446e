using System.Text.Json;
using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Expressions.Yaql;

/// <summary>
/// The YAQL vectors of the shared conformance corpus (<c>expressions/*.jsonl</c>), evaluated as the
/// conductor evaluates any string value.
/// </summary>
public class YaqlConformanceTests
{
    public static TheoryData<string, int> Vectors()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in VectorFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0) continue;
                using var doc = JsonDocument.Parse(lines[i]);
                if (doc.RootElement.GetProperty("language").GetString() == "yaql") data.Add(Path.GetFileName(file), i + 1);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Evaluate_ConformanceVector_MatchesReference(string file, int line)
    {
        var text = File.ReadAllLines(Path.Combine(CorpusDirectory(), "expressions", file))[line - 1];
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        var expr = root.GetProperty("expr").GetString()!;
        var scope = new ExpressionScope(JsonValues.Parse(root.GetProperty("data").GetRawText()));
        if (root.TryGetProperty("error", out var error))
        {
            var e = Assert.ThrowsAny<OrquestaException>(() => ExpressionEvaluator.Evaluate(expr, scope));
            Assert.Equal(error.GetProperty("type").GetString(), e.ErrorType);
            Assert.StartsWith(ExpectedPrefix(error.GetProperty("message").GetString()!), e.Message, StringComparison.Ordinal);
        }
        else
        {
            var expected = JsonValues.Parse(root.GetProperty("result").GetRawText());
            var actual = ExpressionEvaluator.Evaluate(expr, scope);
            Assert.True(PyOps.ValueEquals(expected, actual), $"{expr}: expected {JsonValues.Serialize(expected)}, got {Show(actual)}");
        }
    }

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

    /// <summary>The reference's message up to and including the inner exception name (or all of it when there is none).</summary>
    internal static string ExpectedPrefix(string message)
    {
        const string marker = "Unable to evaluate expression '";
        if (!message.StartsWith(marker, StringComparison.Ordinal)) return message;
        var end = message.IndexOf("'. ", marker.Length, StringComparison.Ordinal);
        if (end < 0) return message;
        var colon = message.IndexOf(':', end + 3);
        return colon < 0 ? message : message[..colon];
    }

    internal static string CorpusDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("ORQUESTA_CONFORMANCE");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orquesta.Azure.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance"));
            }

            dir = dir.Parent;
        }

        throw new DirectoryNotFoundException("The conformance corpus was not found: set ORQUESTA_CONFORMANCE.");
    }

    private static IEnumerable<string> VectorFiles() =>
        Directory.GetFiles(Path.Combine(CorpusDirectory(), "expressions"), "*.jsonl").OrderBy(f => f, StringComparer.Ordinal);
}
