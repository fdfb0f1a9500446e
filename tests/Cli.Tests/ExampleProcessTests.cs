using System.Globalization;
using System.Text.Json;

namespace Orquesta.Azure.Cli.Tests;

/// <summary><c>orquesta run</c> as a process on every example workflow that runs to its end by itself (approval needs an answer: see <see cref="ServeClientProcessTests"/>).</summary>
public sealed class ExampleProcessTests
{
    [Theory]
    [InlineData("hello.yaml", "name=Stanley", "\"greeting\": \"Hello, Stanley!\"")]
    [InlineData("with-items.yaml", null, "\"pong from charlie\",")]
    [InlineData("join.yaml", null, "\"summary\": \"built 1.0; unit 12 passed; integration 3 passed\"")]
    [InlineData("rollback-retry.yaml", null, "rollback-retry: succeeded in ")]
    public async Task Run_ExampleAsProcess_SucceedsAndPrintsItsOutput(string example, string? input, string expected)
    {
        string[] args = input is null ? ["run", CliProcess.Example(example)] : ["run", CliProcess.Example(example), "--input", input];
        var (code, output, error) = await CliProcess.RunAsync(args);
        Assert.True(code == 0, output + error);
        var name = Path.GetFileNameWithoutExtension(example);
        Assert.StartsWith($"{name}: started\n", output, StringComparison.Ordinal);
        Assert.Matches($@"\n{name}: succeeded in \d+\.\d\ds\n", output);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JoinExample_ReportRunsOnceAfterEveryBranch()
    {
        var (code, output, error) = await CliProcess.RunAsync("run", CliProcess.Example("join.yaml"));
        Assert.True(code == 0, output + error);
        var lines = output.Split('\n');
        int Line(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        var report = Line("] report                   running");
        Assert.True(report > 0, output);
        foreach (var branch in new[] { "build", "integration" }) Assert.InRange(Line($"] {branch,-24} succeeded"), 0, report);
        Assert.Single(lines, l => l.Contains("] report                   running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_WithItemsExampleJson_StdoutIsOneDocumentWithEveryItemTwoAtATime()
    {
        var (code, output, error) = await CliProcess.RunAsync("run", CliProcess.Example("with-items.yaml"), "--input", """hosts=["a","b","c","d"]""", "--json");
        Assert.True(code == 0, output + error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal(["pong from a", "pong from b", "pong from c", "pong from d"], root.GetProperty("output").GetProperty("replies").EnumerateArray().Select(e => e.GetString()));
        var ping = Assert.Single(root.GetProperty("tasks").EnumerateArray());
        Assert.Equal(4, ping.GetProperty("result").GetArrayLength());

        // Four items of 0.2 s each, two at a time: two rounds at least, never all at once.
        var took = DateTimeOffset.Parse(ping.GetProperty("ended").GetString()!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(ping.GetProperty("started").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(took >= TimeSpan.FromSeconds(0.4), $"ping took {took}");
        Assert.Contains("ping", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HttpCallExampleAgainstLoopbackServer_PublishesStatusCodeAndJsonBody()
    {
        using var server = new LoopbackHttpServer();
        var (code, output, error) = await CliProcess.RunAsync("run", CliProcess.Example("http-call.yaml"), "--input", $"url={server.BaseAddress}zen", "--json");
        Assert.True(code == 0, output + error);
        using var document = JsonDocument.Parse(output);
        var result = document.RootElement.GetProperty("output");
        Assert.Equal(200, result.GetProperty("status_code").GetInt32());
        Assert.Equal("Keep it logically awesome.", result.GetProperty("body").GetProperty("zen").GetString());
        Assert.Equal("orquesta-azure-example", result.GetProperty("body").GetProperty("agent").GetString());
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Run_HttpCallExampleOnServerError_ExitsOneWithTheFailureInOneJsonDocument()
    {
        using var server = new LoopbackHttpServer();
        var (code, output, error) = await CliProcess.RunAsync("run", CliProcess.Example("http-call.yaml"), "--input", $"url={server.BaseAddress}broken", "--json");
        Assert.True(code == 1, output + error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal("failed", root.GetProperty("status").GetString());
        var fetch = Assert.Single(root.GetProperty("tasks").EnumerateArray());
        Assert.Equal("failed", fetch.GetProperty("status").GetString());
        Assert.Equal(500, fetch.GetProperty("result").GetProperty("status_code").GetInt32());
        var error1 = Assert.Single(root.GetProperty("errors").EnumerateArray());
        Assert.Equal("fetch", error1.GetProperty("task_id").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("output").GetProperty("status_code").ValueKind);
    }
}
