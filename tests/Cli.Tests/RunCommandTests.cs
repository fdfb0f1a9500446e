using System.Text.Json;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Cli.Tests;

/// <summary><c>orquesta run</c> in-process: real actions on the embedded engine.</summary>
public sealed class RunCommandTests : IDisposable
{
    private const string Hello = """
        version: 1.0
        input:
          - name
          - count: 1
        output:
          - greeting: <% ctx(greeting) %>
          - count: <% ctx(count) %>
        tasks:
          greet:
            action: core.echo message="hello <% ctx(name) %>"
            next:
              - when: <% succeeded() %>
                publish: greeting=<% result().stdout %>
        """;

    private readonly CliFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Run_WorkflowWithInputs_PrintsProgressAndOutputAndExitsZero()
    {
        var path = _files.Write("hello.yaml", Hello);
        var (code, output, error) = CliFiles.Run("run", path, "--input", "name=Stanley", "--input", "count=3");
        Assert.True(code == 0, output + error);
        Assert.Contains("hello: started\n", output, StringComparison.Ordinal);
        Assert.Matches(@"\] greet +running\n", output);
        Assert.Matches(@"\] greet +succeeded \d+\.\d\ds\n", output);
        Assert.Matches(@"hello: succeeded in \d", output);
        Assert.Contains("output:\n{\n  \"greeting\": \"hello Stanley\",\n  \"count\": 3\n}\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Json_StdoutHoldsOnlyTheResultDocument()
    {
        var path = _files.Write("hello.yaml", Hello);
        var inputs = _files.Write("inputs.json", """{"name": "file", "count": 2}""");
        var (code, output, error) = CliFiles.Run("run", path, "--input-file", inputs, "--input", "name=Stanley", "--json");
        Assert.True(code == 0, output + error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(["status", "output", "errors", "tasks"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal("hello Stanley", root.GetProperty("output").GetProperty("greeting").GetString());
        Assert.Equal(2, root.GetProperty("output").GetProperty("count").GetInt32());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        var task = Assert.Single(root.GetProperty("tasks").EnumerateArray());
        Assert.Equal(["id", "route", "status", "started", "ended", "result"], task.EnumerateObject().Select(p => p.Name));
        Assert.Equal("greet", task.GetProperty("id").GetString());
        Assert.Equal(0, task.GetProperty("route").GetInt32());
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.True(task.GetProperty("ended").GetDateTime() >= task.GetProperty("started").GetDateTime());
        Assert.Equal("hello Stanley", task.GetProperty("result").GetProperty("stdout").GetString());
        Assert.Contains("greet", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FailingWorkflow_ExitsOneWithErrors()
    {
        var path = _files.Write("fail.yaml", """
            version: 1.0
            tasks:
              broken:
                action: core.local cmd="echo oops >&2; exit 3"
                next:
                  - when: <% succeeded() %>
                    do: never
              never:
                action: core.noop
            """);
        var (code, output, error) = CliFiles.Run("run", path);
        Assert.True(code == 1, output + error);
        Assert.Matches(@"\] broken +failed", output);
        Assert.DoesNotContain("never", output, StringComparison.Ordinal);
        Assert.Contains("fail: failed in ", output, StringComparison.Ordinal);
        Assert.Contains("errors:\n", output, StringComparison.Ordinal);
        Assert.Contains("\"return_code\": 3", output, StringComparison.Ordinal);
        Assert.Contains("\"stderr\": \"oops\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InvalidWorkflow_ExitsTwoWithCategorizedErrors()
    {
        var path = _files.Write("bad.yaml", "version: 1.0\ntasks:\n  t1:\n    action: core.noop\n    next:\n      - do: t9\n");
        var (code, output, error) = CliFiles.Run("run", path);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"{path}:6:9: semantics: tasks.t1.next[0].do:", error, StringComparison.Ordinal);

        var (jsonCode, json, _) = CliFiles.Run("run", path, "--json");
        Assert.Equal(2, jsonCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("invalid", document.RootElement.GetProperty("status").GetString());
        var first = document.RootElement.GetProperty("errors")[0];
        Assert.Equal("semantics", first.GetProperty("category").GetString());
        Assert.Equal(6, first.GetProperty("line").GetInt32());
    }

    [Fact]
    public void Run_MissingFile_ExitsTwo()
    {
        var (code, _, error) = CliFiles.Run("run", Path.Combine(_files.Dir, "nope.yaml"));
        Assert.Equal(2, code);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name", "has no '='")]
    [InlineData("=Stanley", "has no name before '='")]
    public void Run_BadInputSyntax_ExitsTwoWithClearError(string input, string message)
    {
        var path = _files.Write("hello.yaml", Hello);
        var (code, output, error) = CliFiles.Run("run", path, "--input", input);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "must hold a JSON object")]
    [InlineData("{\"name\": ", "is not valid JSON")]
    public void Run_BadInputFile_ExitsTwoWithClearError(string content, string message)
    {
        var path = _files.Write("hello.yaml", Hello);
        var inputs = _files.Write("inputs.json", content);
        var (code, _, error) = CliFiles.Run("run", path, "--input-file", inputs);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ZeroTimeout_ExitsTwo()
    {
        var path = _files.Write("hello.yaml", Hello);
        var (code, _, error) = CliFiles.Run("run", path, "--timeout", "0");
        Assert.Equal(2, code);
        Assert.Contains("--timeout must be", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", 3L)]
    [InlineData("true", true)]
    [InlineData("Stanley", "Stanley")]
    [InlineData("\"3\"", "3")]
    [InlineData("", "")]
    [InlineData("{not json", "{not json")]
    public void Value_Text_ParsesJsonElseKeepsText(string text, object expected) =>
        Assert.Equal(expected, RunInputs.Value(text));

    [Fact]
    public void Value_JsonList_IsAList() =>
        Assert.Equal(ListValue.Of(1L, "a"), RunInputs.Value("[1, \"a\"]"));

    [Fact]
    public void Run_SubworkflowInTheSameFolder_RunsAsSubworkflow()
    {
        _files.Write("child.yaml", """
            version: 1.0
            input:
              - who
            output:
              - said: <% ctx(said) %>
            tasks:
              speak:
                action: core.echo message="child <% ctx(who) %>"
                next:
                  - publish: said=<% result().stdout %>
            """);
        var parent = _files.Write("parent.yaml", """
            version: 1.0
            output:
              - said: <% ctx(said) %>
            tasks:
              call:
                action: child
                input:
                  who: parent
                next:
                  - when: <% succeeded() %>
                    publish: said=<% result().output.said %>
            """);
        var (code, output, error) = CliFiles.Run("run", parent);
        Assert.True(code == 0, output + error);
        Assert.Contains("\"said\": \"child parent\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CancelRequested_CancelsTheWorkflowAndExitsOne()
    {
        var path = _files.Write("slow.yaml", """
            version: 1.0
            tasks:
              slow:
                action: core.local cmd="sleep 1"
                next:
                  - do: after
              after:
                action: core.noop
            """);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var code = await RunCommand.RunAsync(new RunRequest { Path = path }, stdout, stderr, live: false, cancel.Token);
        var output = stdout.ToString();
        Assert.True(code == 1, output + stderr);
        Assert.Contains("canceling: running tasks will finish", output, StringComparison.Ordinal);
        Assert.Matches(@"\] slow +succeeded", output);
        Assert.DoesNotContain("after", output, StringComparison.Ordinal);
        Assert.Contains("slow: canceled in ", output, StringComparison.Ordinal);
    }
}
