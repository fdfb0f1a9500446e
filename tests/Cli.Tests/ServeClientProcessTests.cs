using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>One <c>orquesta serve</c> process on a loopback port (port 0, a key, core.local on) for the class; stopped with SIGINT.</summary>
public sealed class ServeProcessFixture : IAsyncLifetime
{
    public const string Key = "process-key-0123456789";

    private ServeProcess? _server;

    public Uri BaseAddress => _server!.BaseAddress;

    public HttpClient Http => _server!.Http;

    public async Task InitializeAsync() => _server = await ServeProcess.StartAsync(Key, "--key", Key, "--enable-core-local");

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>The <c>workflow</c> and <c>execution</c> commands as processes against an <c>orquesta serve</c> process, over real HTTP on loopback.</summary>
public sealed class ServeClientProcessTests : IClassFixture<ServeProcessFixture>, IDisposable
{
    private const string Sleepy = """
        version: 1.0
        tasks:
          nap:
            action: core.local cmd="sleep 3"
            next:
              - when: <% succeeded() %>
                do: done
          done:
            action: core.noop
        """;

    private readonly ServeProcessFixture _fixture;
    private readonly CliFiles _files = new();

    public ServeClientProcessTests(ServeProcessFixture fixture) => _fixture = fixture;

    public void Dispose() => _files.Dispose();

    private Task<(int Code, string Out, string Err)> ClientAsync(params string[] args) =>
        CliProcess.RunAsync([.. args, "--url", _fixture.BaseAddress.ToString(), "--key", ServeProcessFixture.Key]);

    private async Task<string> StartAsync(string name)
    {
        var (code, output, error) = await ClientAsync("execution", "start", name);
        Assert.True(code == 0, output + error);
        return output.Trim();
    }

    private Task<JsonElement> WaitForAsync(string id, string status) => ExecutionWait.ForStatusAsync(_fixture.Http, id, status);

    [Fact]
    public async Task Client_ApprovalExampleAnsweredAsProcesses_SucceedsWithTheDecision()
    {
        var saved = await ClientAsync("workflow", "save", CliProcess.Example("approval.yaml"), "--name", "proc-approval");
        Assert.True(saved.Code == 0, saved.Out + saved.Err);
        Assert.Matches(@"^saved proc-approval version \d+\n$", saved.Out);
        var id = await StartAsync("proc-approval");
        await WaitForAsync(id, "paused");
        var pending = await ClientAsync("execution", "get", id);
        Assert.Contains("pending:  approve__r0", pending.Out, StringComparison.Ordinal);

        Assert.Equal((0, $"answer sent to approve of {id}\n", ""), await ClientAsync("execution", "respond", id, "approve", "--answer", """{"approved": true}"""));
        var (code, output, error) = await ClientAsync("execution", "get", id, "--watch");
        Assert.True(code == 0, output + error);
        Assert.Contains("\"decision\": \"approved\"", output, StringComparison.Ordinal);
        Assert.Matches(@"\] deploy +succeeded", output);
    }

    [Fact]
    public async Task Client_SaveAndStartWait_PrintsProgressAndOutput()
    {
        Assert.Equal(0, (await ClientAsync("workflow", "save", CliProcess.Example("hello.yaml"), "--name", "proc-hello")).Code);
        var (code, output, error) = await ClientAsync("execution", "start", "proc-hello", "--input", "name=Stanley", "--wait");
        Assert.True(code == 0, output + error);
        Assert.Matches(@"\] greet +succeeded", output);
        Assert.Contains("proc-hello: succeeded in ", output, StringComparison.Ordinal);
        Assert.Contains("\"greeting\": \"Hello, Stanley!\"", output, StringComparison.Ordinal);

        var list = await ClientAsync("workflow", "list");
        Assert.Contains("proc-hello", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_PauseResumeCancelAsProcesses_EndSucceededAndCanceled()
    {
        Assert.Equal(0, (await ClientAsync("workflow", "save", _files.Write("proc-sleepy.yaml", Sleepy))).Code);
        var id = await StartAsync("proc-sleepy");
        var other = await StartAsync("proc-sleepy");

        // Each command is a process start (about half a second here): nap sleeps long enough for both.
        var cancel = await ClientAsync("execution", "cancel", other);
        Assert.True(cancel.Code == 0, cancel.Out + cancel.Err);
        var pause = await ClientAsync("execution", "pause", id);
        Assert.True(pause.Code == 0, pause.Out + pause.Err);
        Assert.Matches($"^pause requested for {id} \\(status: ", pause.Out);
        await WaitForAsync(id, "paused");
        Assert.Equal(0, (await ClientAsync("execution", "resume", id)).Code);

        var resumed = await ClientAsync("execution", "get", id, "--watch");
        Assert.True(resumed.Code == 0, resumed.Out + resumed.Err);
        Assert.Contains("proc-sleepy: succeeded in ", resumed.Out, StringComparison.Ordinal);

        var canceled = await ClientAsync("execution", "get", other, "--watch");
        Assert.Equal(1, canceled.Code);
        Assert.Contains("proc-sleepy: canceled in ", canceled.Out, StringComparison.Ordinal);
        var again = await ClientAsync("execution", "cancel", other);
        Assert.Equal(1, again.Code);
    }

    [Fact]
    public async Task Client_RerunAsProcess_FailedExecutionSucceedsFromItsFailedTask()
    {
        // check fails until the file exists; the rerun comes after the test has made it.
        var flag = Path.Combine(_files.Dir, "rerun-flag");
        var yaml = $$"""
            version: 1.0
            tasks:
              check:
                action: core.local cmd="test -f {{flag}}"
            """;
        Assert.Equal(0, (await ClientAsync("workflow", "save", _files.Write("proc-rerun.yaml", yaml))).Code);
        var id = await StartAsync("proc-rerun");
        var failed = await ClientAsync("execution", "get", id, "--watch");
        Assert.Equal(1, failed.Code);
        Assert.Contains("proc-rerun: failed in ", failed.Out, StringComparison.Ordinal);

        await File.WriteAllTextAsync(flag, "made");
        var rerun = await ClientAsync("execution", "rerun", id, "--task", "check", "--wait");
        Assert.True(rerun.Code == 0, rerun.Out + rerun.Err);
        Assert.Contains("proc-rerun: succeeded in ", rerun.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_WrongKeyOrNoServer_ExitsTwoAndNeverPrintsTheKey()
    {
        var (code, output, error) = await CliProcess.RunAsync("workflow", "list", "--url", _fixture.BaseAddress.ToString(), "--key", "wrong-secret-key");
        Assert.Equal(2, code);
        Assert.Contains("the server refused the key", error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-key", output + error, StringComparison.Ordinal);

        int port;
        using (var probe = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var unreachable = await CliProcess.RunAsync("execution", "list", "--url", $"http://127.0.0.1:{port}", "--key", "k");
        Assert.Equal(2, unreachable.Code);
        Assert.Contains("cannot reach", unreachable.Err, StringComparison.Ordinal);
    }
}
