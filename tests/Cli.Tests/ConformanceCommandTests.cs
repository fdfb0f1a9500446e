namespace Orquesta.Azure.Cli.Tests;

public sealed class ConformanceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orquesta-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = OrquestaCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Conformance_AllPassing_PrintsSummaryAndExitsZero()
    {
        var file = Path.Combine(_dir, "ok.jsonl");
        File.WriteAllText(file, """
            {"language": "yaql", "expr": "no expression here", "data": {}, "result": "no expression here"}
            {"language": "jinja", "expr": "plain", "data": null, "result": "plain"}
            """);
        var (code, output, _) = Run("conformance", file);
        Assert.Equal(0, code);
        Assert.Equal("2 passed, 0 failed", output.Trim());
    }

    [Fact]
    public void Conformance_OneFailing_PrintsTheCaseAndExitsOne()
    {
        File.WriteAllText(Path.Combine(_dir, "a.jsonl"), """
            {"language": "yaql", "expr": "text", "data": {}, "result": "text"}
            {"language": "yaql", "expr": "text", "data": {}, "result": "other"}
            """);
        File.WriteAllText(Path.Combine(_dir, "README.md"), "not a conformance file");
        var (code, output, _) = Run("conformance", _dir);
        Assert.Equal(1, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("a.jsonl:2: FAILED: yaql text: expected result \"other\", actual result \"text\"", lines[0], StringComparison.Ordinal);
        Assert.Equal("1 passed, 1 failed", lines[1]);
    }

    [Fact]
    public void Conformance_MissingPath_SaysSoAndExitsTwo()
    {
        var (code, _, error) = Run("conformance", Path.Combine(_dir, "nope"));
        Assert.Equal(2, code);
        Assert.Contains("no such file or directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Conformance_InvalidJsonLine_IsAFailedCase()
    {
        var file = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(file, "{not json\n");
        var (code, output, _) = Run("conformance", file);
        Assert.Equal(1, code);
        Assert.Contains("bad.jsonl:1: FAILED", output, StringComparison.Ordinal);
        Assert.EndsWith("0 passed, 1 failed", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Conformance_NoPaths_IsAUsageError()
    {
        var (code, _, error) = Run("conformance");
        Assert.NotEqual(0, code);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
