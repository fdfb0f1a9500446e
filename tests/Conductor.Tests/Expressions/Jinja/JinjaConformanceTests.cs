using System.Text.Json;
using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Expressions.Jinja;

/// <summary>Every Jinja vector of the shared conformance corpus, evaluated through the public facade.</summary>
public partial class JinjaConformanceTests
{
    /// <summary>Vectors this port deliberately answers differently (none so far): file:line, and why.</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal);

    public static TheoryData<string, int> Vectors()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in Directory.GetFiles(Path.Combine(CorpusRoot(), "expressions"), "*.jsonl").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length == 0) continue;
                using var doc = JsonDocument.Parse(lines[i]);
                if (doc.RootElement.GetProperty("language").GetString() == "jinja") data.Add(Path.GetFileName(file), i + 1);
            }
        }

        return data;
    }

    [Fact]
    public void Vectors_Corpus_HasJinjaCases()
    {
        Assert.True(Vectors().Count >= 100, "the shared corpus should hold the Jinja vectors");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Evaluate_Vector_MatchesReference(string file, int line)
    {
        var json = File.ReadAllLines(Path.Combine(CorpusRoot(), "expressions", file))[line - 1];
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var expr = root.GetProperty("expr").GetString()!;
        var data = JsonValues.FromElement(root.GetProperty("data"));
        var scope = new ExpressionScope(data);
        var key = $"{file}:{line}";

        if (root.TryGetProperty("error", out var error))
        {
            var type = error.GetProperty("type").GetString()!;
            var message = error.GetProperty("message").GetString()!;
            var e = Assert.ThrowsAny<OrquestaException>(() => ExpressionEvaluator.Evaluate(expr, scope));
            if (KnownDifferences.ContainsKey(key))
            {
                Assert.False(e.ErrorType == type && e.Message.StartsWith(ExpectedPrefix(message), StringComparison.Ordinal), $"{key} was listed as a known difference but now matches");
                return;
            }

            Assert.Equal(type, e.ErrorType);
            Assert.StartsWith(ExpectedPrefix(message), e.Message, StringComparison.Ordinal);
            return;
        }

        var expected = JsonValues.FromElement(root.GetProperty("result"));
        var actual = ExpressionEvaluator.Evaluate(expr, scope);
        if (KnownDifferences.ContainsKey(key))
        {
            Assert.False(JsonEqual(expected, actual), $"{key} was listed as a known difference but now matches");
            return;
        }

        Assert.True(JsonEqual(expected, actual), $"{expr}: expected {JsonValues.Serialize(expected)}, got {Describe(actual)}");
    }

    /// <summary>The reference's message up to and including the inner exception's name.</summary>
    internal static string ExpectedPrefix(string message)
    {
        var m = InnerName().Match(message);
        return m.Success ? m.Groups[1].Value : message;
    }

    internal static string Describe(object? value)
    {
        try
        {
            return JsonValues.Serialize(value);
        }
        catch (ArgumentException)
        {
            return value?.GetType().Name ?? "null";
        }
    }

    /// <summary>Equality as JSON values: numbers by value, booleans apart from numbers.</summary>
    internal static bool JsonEqual(object? expected, object? actual)
    {
        switch (expected)
        {
            case null: return actual is null;
            case bool b: return actual is bool a && a == b;
            case long or double:
                return actual is long or double && Convert.ToDouble(expected, System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDouble(actual, System.Globalization.CultureInfo.InvariantCulture);
            case string s: return actual is string t && s == t;
            case ListValue l:
                return actual is ListValue m && l.Count == m.Count && l.Zip(m).All(p => JsonEqual(p.First, p.Second));
            case DictValue d:
                if (actual is not DictValue e || e.Count != d.Count) return false;

                // JSON keys are text: compare the keys as JSON writes them.
                var byText = e.ToDictionary(p => JsonValues.KeyText(p.Key), p => p.Value, StringComparer.Ordinal);
                foreach (var (k, v) in d)
                {
                    if (!byText.TryGetValue(JsonValues.KeyText(k), out var w) || !JsonEqual(v, w)) return false;
                }

                return true;
            default:
                return false;
        }
    }

    internal static string CorpusRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ORQUESTA_CONFORMANCE");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orquesta.Azure.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance"));
    }

    [GeneratedRegex(@"^(.*?'\. [A-Za-z_][\w.]*)(?::|$)", RegexOptions.Singleline)]
    private static partial Regex InnerName();
}
