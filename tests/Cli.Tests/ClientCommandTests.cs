using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>The <c>workflow</c> and <c>execution</c> commands in-process against a real <c>orquesta serve</c> app on a loopback port.</summary>
public sealed class ClientCommandTests : IClassFixture<ApiServerFixture>, IDisposable
{
    private const string Sleepy = """
        version: 1.0
        tasks:
          nap:
            action: core.local cmd="sleep 1"
            next:
              - when: <% succeeded() %>
                do: done
          done:
            action: core.noop
        """;

    private readonly ApiServerFixture _fixture;
    private readonly CliFiles _files = new();

    public ClientCommandTests(ApiServerFixture fixture)
    {
        _fixture = fixture;
        ExecutionCommand.PollInterval = TimeSpan.FromMilliseconds(200);
    }

    public void Dispose() => _files.Dispose();

    private (int Code, string Out, string Err) Client(params string[] args) =>
        CliFiles.Run([.. args, "--url", _fixture.BaseAddress.ToString(), "--key", ApiServerFixture.Key]);

    private string Save(string name, string yaml)
    {
        var (code, output, error) = Client("workflow", "save", _files.Write(name + ".yaml", yaml));
        Assert.True(code == 0, output + error);
        return output;
    }

    private string Start(string name, params string[] more)
    {
        var (code, output, error) = Client(["execution", "start", name, .. more]);
        Assert.True(code == 0, output + error);
        return output.Trim();
    }

    private Task<JsonElement> WaitForAsync(string id, string status) => ExecutionWait.ForStatusAsync(_fixture.Http, id, status);

    [Fact]
    public void Client_SaveListGetStartWaitSnapshots_Succeeds()
    {
        const string yaml = """
            version: 1.0
            input:
              - who
            tasks:
              greet:
                action: core.echo message="hello <% ctx(who) %>"
                next:
                  - when: <% succeeded() %>
                    publish: greeting=<% result().stdout %>
            output:
              - greeting: <% ctx(greeting) %>
            """;
        Assert.Equal("saved client-hello version 1\n", Save("client-hello", yaml));

        var list = Client("workflow", "list");
        Assert.Equal(0, list.Code);
        Assert.Matches(@"NAME +VERSION +UPDATED\n(.*\n)*client-hello +1 ", list.Out);

        var get = Client("workflow", "get", "client-hello");
        Assert.Equal(0, get.Code);
        Assert.Equal(yaml + "\n", get.Out);

        var (code, output, error) = Client("execution", "start", "client-hello", "--input", "who=Stanley", "--wait");
        Assert.True(code == 0, output + error);
        Assert.Matches(@"started [0-9a-f]{32}\n", error);
        Assert.Matches(@"\] greet +succeeded \d+\.\d\ds\n", output);
        Assert.Contains("client-hello: succeeded in ", output, StringComparison.Ordinal);
        Assert.Contains("output:\n{\n  \"greeting\": \"hello Stanley\"\n}\n", output, StringComparison.Ordinal);
        var id = error.Split(' ', '\n')[1];

        var executions = Client("execution", "list", "--workflow", "client-hello", "--status", "succeeded");
        Assert.Equal(0, executions.Code);
        Assert.Contains(id + "  client-hello  1        succeeded", executions.Out, StringComparison.Ordinal);

        var shown = Client("execution", "get", id);
        Assert.Equal(0, shown.Code);
        Assert.Contains("status:   succeeded\n", shown.Out, StringComparison.Ordinal);
        Assert.Matches(@"  greet +succeeded", shown.Out);

        var json = Client("execution", "get", id, "--json");
        using (var document = JsonDocument.Parse(json.Out))
        {
            Assert.Equal("hello Stanley", document.RootElement.GetProperty("output").GetProperty("greeting").GetString());
        }

        var snapshots = Client("execution", "snapshots", id);
        Assert.Equal(0, snapshots.Code);
        Assert.StartsWith("SEQUENCE  CREATED", snapshots.Out, StringComparison.Ordinal);
        var last = snapshots.Out.Trim().Split('\n')[^1].Split(' ')[0];
        var snapshot = Client("execution", "snapshots", id, "--number", last);
        Assert.Equal(0, snapshot.Code);
        Assert.Contains("\"schema_version\": 1", snapshot.Out, StringComparison.Ordinal);

        Assert.Equal((0, "deleted client-hello\n", ""), Client("workflow", "delete", "client-hello"));
        var gone = Client("workflow", "get", "client-hello");
        Assert.Equal(1, gone.Code);
        Assert.StartsWith("workflow get: ", gone.Err, StringComparison.Ordinal);
        Assert.Contains("client-hello", gone.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_GetWatch_PrintsTaskChangesAndExitsZeroOnSuccess()
    {
        Save("client-watch", Sleepy);
        var id = Start("client-watch");
        Assert.Matches("^[0-9a-f]{32}$", id);
        var (code, output, error) = Client("execution", "get", id, "--watch");
        Assert.True(code == 0, output + error);
        Assert.StartsWith($"client-watch {id}: ", output, StringComparison.Ordinal);
        Assert.Matches(@"\] nap +succeeded \d", output);
        Assert.Matches(@"\] done +succeeded", output);
        Assert.Contains("client-watch: succeeded in ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_PauseResumeCancel_RequestsAreAcceptedThenCompletedIsRefused()
    {
        Save("client-pause", Sleepy);
        var id = Start("client-pause");
        await WaitForAsync(id, "running");
        Assert.Matches($"^pause requested for {id} \\(status: ", Client("execution", "pause", id).Out);
        await WaitForAsync(id, "paused");
        Assert.Equal(0, Client("execution", "resume", id).Code);
        Assert.Equal(0, Client("execution", "get", id, "--watch").Code);

        var other = Start("client-pause");
        await WaitForAsync(other, "running");
        Assert.Equal(0, Client("execution", "cancel", other).Code);
        var (code, output, _) = Client("execution", "get", other, "--watch");
        Assert.Equal(1, code);
        Assert.Contains("client-pause: canceled in ", output, StringComparison.Ordinal);

        var again = Client("execution", "cancel", other);
        Assert.Equal(1, again.Code);
        Assert.Contains("has completed", again.Err, StringComparison.Ordinal);
        var json = Client("execution", "cancel", other, "--json");
        using var document = JsonDocument.Parse(json.Out);
        Assert.Contains("has completed", document.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Client_RerunFailedExecution_SucceedsOnTheSameId()
    {
        Save("client-rerun", """
            version: 1.0
            input:
              - path
            tasks:
              check:
                action: core.local cmd="test -f <% ctx(path) %>"
            """);
        var flag = Path.Combine(_files.Dir, "flag");
        var failed = Client("execution", "start", "client-rerun", "--input", "path=" + flag, "--wait");
        Assert.Equal(1, failed.Code);
        Assert.Contains("client-rerun: failed in ", failed.Out, StringComparison.Ordinal);
        Assert.Contains("errors:\n", failed.Out, StringComparison.Ordinal);
        var id = failed.Err.Split(' ', '\n')[1];

        File.WriteAllText(flag, "ok");
        var (code, output, error) = Client("execution", "rerun", id, "--task", "check", "--wait");
        Assert.True(code == 0, output + error);
        Assert.Contains("client-rerun: succeeded in ", output, StringComparison.Ordinal);
        var refused = Client("execution", "rerun", id, "--task", "nope");
        Assert.Equal(1, refused.Code);
        Assert.Contains("execution rerun: ", refused.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_RespondToAsk_WorkflowSucceedsWithTheAnswer()
    {
        Save("client-ask", """
            version: 1.0
            tasks:
              approve:
                action: core.ask
                next:
                  - when: <% succeeded() %>
                    publish: answer=<% result() %>
            output:
              - answer: <% ctx(answer) %>
            """);
        var id = Start("client-ask");
        await WaitForAsync(id, "paused");
        Assert.Contains("pending:  approve__r0", Client("execution", "get", id).Out, StringComparison.Ordinal);

        var bad = Client("execution", "respond", id, "approve", "--answer", "{oops");
        Assert.Equal(2, bad.Code);
        Assert.Contains("--answer must be JSON", bad.Err, StringComparison.Ordinal);
        var wrongTask = Client("execution", "respond", id, "other", "--answer", "1");
        Assert.Equal(1, wrongTask.Code);
        Assert.Contains("is not waiting for an answer", wrongTask.Err, StringComparison.Ordinal);

        Assert.Equal((0, $"answer sent to approve of {id}\n", ""), Client("execution", "respond", id, "approve", "--answer", """{"approved": true}"""));
        var (code, output, error) = Client("execution", "get", id, "--watch");
        Assert.True(code == 0, output + error);
        Assert.Contains("\"approved\": true", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_SaveInvalidWorkflow_PrintsCategorizedErrorsWithLinesAndExitsOne()
    {
        var path = _files.Write("client-bad.yaml", "version: 1.0\ntasks:\n  t1:\n    action: core.noop\n    next:\n      - do: t9\n");
        var (code, output, error) = Client("workflow", "save", path);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("was not saved: The workflow definition failed inspection.", error, StringComparison.Ordinal);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(path)}:6:\d+: semantics: tasks\.t1\.next\[0\]\.do: ", error);
    }

    [Fact]
    public void Client_WrongKey_ExitsTwoAndNeverPrintsTheKey()
    {
        var (code, output, error) = CliFiles.Run("workflow", "list", "--url", _fixture.BaseAddress + "api/", "--key", "wrong-secret-key");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("workflow list: the server refused the key; pass --key or set ORQUESTA_KEY\n", error);
        Assert.DoesNotContain("wrong-secret-key", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_UrlWithApiSuffix_Works()
    {
        var (code, _, error) = CliFiles.Run("workflow", "list", "--url", _fixture.BaseAddress + "api", "--key", ApiServerFixture.Key);
        Assert.True(code == 0, error);
    }

    [Fact]
    public void Client_UnreachableUrl_ExitsTwoWithAHint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (code, _, error) = CliFiles.Run("execution", "list", "--url", $"http://127.0.0.1:{port}", "--key", "k");
        Assert.Equal(2, code);
        Assert.Equal($"execution list: cannot reach http://127.0.0.1:{port}: connection refused; is `orquesta serve` or the Function app running?\n", error);
    }

    [Fact]
    public void Client_BadInputs_ExitTwoWithTheReason()
    {
        var missing = Client("workflow", "save", Path.Combine(_files.Dir, "nope.yaml"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("cannot read", missing.Err, StringComparison.Ordinal);
        Assert.Contains("no such file", missing.Err, StringComparison.Ordinal);

        var input = Client("execution", "start", "anything", "--input", "novalue");
        Assert.Equal(2, input.Code);
        Assert.Contains("--input \"novalue\" has no '='", input.Err, StringComparison.Ordinal);

        var url = CliFiles.Run("workflow", "list", "--url", "ftp://example");
        Assert.Equal(2, url.Code);
        Assert.Contains("is not an http:// or https:// URL", url.Err, StringComparison.Ordinal);

        var unknown = Client("execution", "get", "0123456789abcdef0123456789abcdef");
        Assert.Equal(1, unknown.Code);
        Assert.StartsWith("execution get: ", unknown.Err, StringComparison.Ordinal);

        var notSaved = Client("execution", "start", "no-such-workflow");
        Assert.Equal(1, notSaved.Code);
        Assert.Contains("no-such-workflow", notSaved.Err, StringComparison.Ordinal);
    }
}
