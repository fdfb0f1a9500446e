using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>
/// <c>orquesta serve --storage</c> as processes on one Azurite task hub: a server killed hard in the
/// middle of a workflow and started again finishes it as an undisturbed run would; two servers
/// share a fan-out.
/// </summary>
public sealed class DurableServeProcessTests : IClassFixture<Engine.Tests.AzuriteFixture>, IDisposable
{
    private const string Key = "durable-key-0123456789";

    /// <summary>A chain of slow shell tasks, then a with-items fan-out, then one more; every action logs its start and end to a file.</summary>
    private const string Crashable = """
        version: 1.0
        input: [log]
        tasks:
          a:
            action: core.local cmd="echo start a >> <% ctx(log) %>; sleep 1; echo end a >> <% ctx(log) %>; echo A"
            next:
              - when: <% succeeded() %>
                publish: a=<% result().stdout %>
                do: b
          b:
            action: core.local cmd="echo start b >> <% ctx(log) %>; sleep 1; echo end b >> <% ctx(log) %>; echo B"
            next:
              - when: <% succeeded() %>
                publish: b=<% result().stdout %>
                do: c
          c:
            action: core.local cmd="echo start c >> <% ctx(log) %>; sleep 1; echo end c >> <% ctx(log) %>; echo C"
            next:
              - when: <% succeeded() %>
                publish: c=<% result().stdout %>
                do: fan
          fan:
            with:
              items: <% range(8) %>
              concurrency: 4
            action: core.local cmd="echo start fan<% item() %> >> <% ctx(log) %>; sleep 2; echo end fan<% item() %> >> <% ctx(log) %>; echo item<% item() %>"
            next:
              - when: <% succeeded() %>
                publish: items=<% result().select($.stdout) %>
                do: d
          d:
            action: core.local cmd="echo start d >> <% ctx(log) %>; sleep 1; echo end d >> <% ctx(log) %>; echo D"
            next:
              - when: <% succeeded() %>
                publish: d=<% result().stdout %>
        output:
          - trail: <% [ctx(a), ctx(b), ctx(c), ctx(d)] %>
          - items: <% ctx(items) %>
        """;

    private readonly Engine.Tests.AzuriteFixture _azurite;
    private readonly ITestOutputHelper _output;
    private readonly CliFiles _files = new();
    private readonly string _taskHub = "crash" + Guid.NewGuid().ToString("N")[..12];

    public DurableServeProcessTests(Engine.Tests.AzuriteFixture azurite, ITestOutputHelper output)
    {
        _azurite = azurite;
        _output = output;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Serve_KilledMidWorkflowAndRestarted_FinishesLikeAnUndisturbedRun()
    {
        var calm = Path.Combine(_files.Dir, "calm.log");
        var crash = Path.Combine(_files.Dir, "crash.log");
        JsonElement undisturbed;
        string id;
        await using (var first = await StartAsync())
        {
            await SaveAsync(first, "crashable", Crashable);
            undisturbed = await ExecutionWait.ForStatusAsync(first.Http, await StartExecutionAsync(first, "crashable", calm), "succeeded", 60);

            id = await StartExecutionAsync(first, "crashable", crash);
            await WaitForLogAsync(crash, "start fan", TimeSpan.FromSeconds(60));
            await first.KillAsync();
        }

        var atKill = Lines(crash);
        _output.WriteLine($"killed with {atKill.Count} log lines: {string.Join(", ", atKill)}");

        var started = DateTime.UtcNow;
        await using var second = await StartAsync();
        var done = await ExecutionWait.ForStatusAsync(second.Http, id, "succeeded", 150);
        _output.WriteLine($"finished {(DateTime.UtcNow - started).TotalSeconds:0.0} s after the restart");

        Assert.Equal(undisturbed.GetProperty("output").GetRawText(), done.GetProperty("output").GetRawText());
        Assert.Equal(Tasks(undisturbed), Tasks(done));

        // The chain's tasks had finished and their successors started before the kill: none runs
        // again. The actions running at the kill (fan-out items) may run again: Durable Task
        // delivers an activity at least once, and one whose result was not stored is run anew.
        var log = Lines(crash);
        foreach (var task in new[] { "a", "b", "c", "d" }) Assert.Equal(1, log.Count(l => l == "start " + task));
        var again = new List<string>();
        for (var item = 0; item < 8; item++)
        {
            var starts = log.Count(l => l == $"start fan{item}");
            Assert.InRange(starts, 1, 2);
            Assert.Contains($"end fan{item}", log);
            if (starts == 2)
            {
                Assert.Contains($"start fan{item}", atKill);
                again.Add($"fan{item}");
            }
        }

        _output.WriteLine($"ran twice (in flight at the kill): {(again.Count == 0 ? "none" : string.Join(", ", again))}");
    }

    [Fact]
    public async Task Serve_TwoProcessesOnOneTaskHub_ShareAFanOutThatCompletesOnce()
    {
        const int Items = 200;
        var yaml = $$"""
            version: 1.0
            tasks:
              fan:
                with:
                  items: <% range({{Items}}) %>
                action: core.local cmd="echo $PPID"
                next:
                  - when: <% succeeded() %>
                    publish: pids=<% result().select($.stdout) %>
            output:
              - pids: <% ctx(pids) %>
            """;
        await using var one = await StartAsync();
        await using var two = await StartAsync();
        await SaveAsync(one, "shared", yaml);
        var id = await StartExecutionAsync(one, "shared", null);
        var done = await ExecutionWait.ForStatusAsync(two.Http, id, "succeeded", 120);

        var pids = done.GetProperty("output").GetProperty("pids").EnumerateArray().Select(p => int.Parse(p.GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Items, pids.Count);
        var byProcess = pids.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        _output.WriteLine($"items per process: {string.Join(", ", byProcess.Select(kv => $"{kv.Key}: {kv.Value}"))}");
        Assert.Equal(new[] { one.Id, two.Id }.Order(), byProcess.Keys.Order());

        // Completed once: one execution, one set of tasks, whichever server is asked.
        var listed = JsonDocument.Parse(await one.Http.GetStringAsync(new Uri("api/executions?workflow=shared", UriKind.Relative))).RootElement;
        Assert.Single(listed.GetProperty("executions").EnumerateArray());
        var fromOne = await ExecutionWait.ForStatusAsync(one.Http, id, "succeeded");
        Assert.Equal(Tasks(done), Tasks(fromOne));
        Assert.Equal("fan:0:succeeded", Assert.Single(Tasks(done)));
    }

    private Task<ServeProcess> StartAsync() => ServeProcess.StartAsync(
        Key, "--key", Key, "--enable-core-local", "--storage", _azurite.ConnectionString, "--task-hub", _taskHub, "--table-prefix", _taskHub);

    private static async Task SaveAsync(ServeProcess server, string name, string yaml)
    {
        using var saved = await server.Http.PutAsync(new Uri($"api/workflows/{name}", UriKind.Relative), new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
    }

    private static async Task<string> StartExecutionAsync(ServeProcess server, string name, string? log)
    {
        var body = log is null ? "{}" : JsonSerializer.Serialize(new Dictionary<string, string> { ["log"] = log });
        using var started = await server.Http.PostAsync(new Uri($"api/workflows/{name}/executions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task WaitForLogAsync(string path, string fragment, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Lines(path).Any(l => l.StartsWith(fragment, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{fragment}' did not appear in {path} within {timeout.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    private static List<string> Lines(string path) => File.Exists(path) ? [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0)] : [];

    private static List<string> Tasks(JsonElement execution) =>
        [.. execution.GetProperty("tasks").EnumerateArray().Select(t => $"{t.GetProperty("id").GetString()}:{t.GetProperty("route").GetInt32()}:{t.GetProperty("status").GetString()}")];
}
