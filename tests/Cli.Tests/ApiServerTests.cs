using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>One <c>orquesta serve</c> server on a loopback port (port 0) for the class: key required, core.local on, small body limit; the embedded engine in memory.</summary>
public class ApiServerFixture : IAsyncLifetime
{
    public const string Key = "test-key-0123456789";
    public const long MaxRequestBytes = 64 * 1024;

    internal ApiServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ApiServer.StartAsync(new ApiServerOptions
        {
            Urls = ["http://127.0.0.1:0"],
            Key = Key,
            EnableCoreLocal = true,
            MaxRequestBytes = MaxRequestBytes,
            Backend = await BackendAsync(),
        });
        BaseAddress = new Uri(Server.Addresses[0]);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add(ApiServer.KeyHeader, Key);
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    internal virtual Task<Backend> BackendAsync() => Task.FromResult(new Backend());
}

/// <summary>The same server on the durable backend: a task hub of its own and tables of its own on Azurite.</summary>
public sealed class DurableApiServerFixture : ApiServerFixture
{
    private readonly Engine.Tests.AzuriteFixture _azurite = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    internal override async Task<Backend> BackendAsync()
    {
        await _azurite.InitializeAsync();
        var unique = Guid.NewGuid().ToString("N")[..12];
        return new Backend { Storage = _azurite.ConnectionString, TaskHub = "api" + unique, TablePrefix = "Api" + unique };
    }
}

/// <summary>The HTTP API end to end over real HTTP on the embedded engine: <c>orquesta serve</c>'s app, real core.local actions.</summary>
public sealed class ApiServerTests(ApiServerFixture fixture) : ApiServerScenarios<ApiServerFixture>(fixture);

/// <summary>The HTTP API end to end over real HTTP on the durable backend (<c>orquesta serve --storage</c> on Azurite): every scenario of the embedded one.</summary>
public sealed class DurableApiServerTests(DurableApiServerFixture fixture) : ApiServerScenarios<DurableApiServerFixture>(fixture);

/// <summary>The API's scenarios, run against each backend.</summary>
public abstract class ApiServerScenarios<TFixture> : IClassFixture<TFixture>, IDisposable
    where TFixture : ApiServerFixture
{
    private const string Sleepy = """
        version: 1.0
        tasks:
          nap:
            action: core.local cmd="sleep 2"
            next:
              - when: <% succeeded() %>
                do: done
          done:
            action: core.noop
        """;

    private readonly TFixture _fixture;
    private readonly CliFiles _files = new();

    protected ApiServerScenarios(TFixture fixture) => _fixture = fixture;

    private HttpClient Http => _fixture.Http;

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Api_SaveStartPoll_SucceedsWithOutputTasksAndSnapshots()
    {
        const string yaml = """
            version: 1.0
            input:
              - who
            tasks:
              greet:
                action: core.local cmd="echo hello <% ctx(who) %>"
                next:
                  - when: <% succeeded() %>
                    publish: greeting=<% result().stdout %>
            output:
              - greeting: <% ctx(greeting) %>
            """;
        using var save = await Http.PutAsync("api/workflows/greet", Yaml(yaml));
        Assert.Equal(HttpStatusCode.Created, save.StatusCode);
        var saved = await JsonAsync(save);
        Assert.Equal("greet", saved.GetProperty("name").GetString());
        Assert.Equal(new Uri(_fixture.BaseAddress, "api/workflows/greet"), save.Headers.Location);
        using var again = await Http.PutAsync("api/workflows/greet", Yaml(yaml));
        Assert.Equal(saved.GetProperty("version").GetInt32() + 1, (await JsonAsync(again)).GetProperty("version").GetInt32());

        var list = await GetJsonAsync("api/workflows");
        Assert.Contains(list.GetProperty("workflows").EnumerateArray(), w => w.GetProperty("name").GetString() == "greet");
        var workflow = await GetJsonAsync("api/workflows/greet");
        Assert.Equal(yaml, workflow.GetProperty("yaml").GetString());
        Assert.Equal(JsonValueKind.Object, workflow.GetProperty("inspection").ValueKind);

        var started = await StartAsync("greet", """{"who": "Stanley"}""");
        var id = started.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal("requested", started.GetProperty("status").GetString());
        Assert.EndsWith($"/api/executions/{id}/pause", started.GetProperty("pauseUrl").GetString(), StringComparison.Ordinal);

        var done = await WaitForAsync(id, "succeeded");
        Assert.Equal("hello Stanley", done.GetProperty("output").GetProperty("greeting").GetString());
        Assert.Equal("Stanley", done.GetProperty("input").GetProperty("who").GetString());
        Assert.Empty(done.GetProperty("errors").EnumerateArray());
        var task = Assert.Single(done.GetProperty("tasks").EnumerateArray());
        Assert.Equal("greet", task.GetProperty("id").GetString());
        Assert.Equal(0, task.GetProperty("route").GetInt32());
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal(0, task.GetProperty("result").GetProperty("return_code").GetInt32());
        Assert.True(task.GetProperty("started").GetDateTime() <= task.GetProperty("ended").GetDateTime());

        var executions = await GetJsonAsync("api/executions?status=succeeded&workflow=greet");
        Assert.Contains(executions.GetProperty("executions").EnumerateArray(), e => e.GetProperty("id").GetString() == id);
        var failedOnly = await GetJsonAsync("api/executions?status=failed&workflow=greet");
        Assert.DoesNotContain(failedOnly.GetProperty("executions").EnumerateArray(), e => e.GetProperty("id").GetString() == id);

        var snapshots = (await GetJsonAsync($"api/executions/{id}/snapshots")).GetProperty("snapshots").EnumerateArray().ToList();
        Assert.NotEmpty(snapshots);
        var last = snapshots[^1].GetProperty("sequence").GetInt64();
        var document = await GetJsonAsync($"api/executions/{id}/snapshots/{last}");
        Assert.Equal(1, document.GetProperty("schema_version").GetInt32());
        Assert.Equal("greet", document.GetProperty("tasks")[0].GetProperty("id").GetString());
        Assert.True(document.TryGetProperty("conductor", out _));

        using var delete = await Http.DeleteAsync("api/workflows/greet");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await ExpectErrorAsync(await Http.GetAsync("api/workflows/greet"), HttpStatusCode.NotFound, "greet");
    }

    [Fact]
    public async Task Api_PauseThenResume_WaitsForRunningTaskThenCompletes()
    {
        await SaveAsync("sleepy-pause", Sleepy);
        var id = (await StartAsync("sleepy-pause")).GetProperty("id").GetString()!;
        await WaitForAsync(id, "running");
        using (var pause = await Http.PostAsync($"api/executions/{id}/pause", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
            Assert.Equal("pause", (await JsonAsync(pause)).GetProperty("requested").GetString());
        }

        var paused = await WaitForAsync(id, "paused");
        Assert.DoesNotContain(paused.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("id").GetString() == "done");
        using (var resume = await Http.PostAsync($"api/executions/{id}/resume", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        }

        var done = await WaitForAsync(id, "succeeded");
        Assert.Equal(["nap", "done"], done.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Api_Cancel_RunningTaskFinishesThenCanceledAndControlsGive409()
    {
        await SaveAsync("sleepy-cancel", Sleepy);
        var id = (await StartAsync("sleepy-cancel")).GetProperty("id").GetString()!;
        await WaitForAsync(id, "running");
        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/rerun", null), HttpStatusCode.Conflict, "only a completed execution can be rerun");
        using (var cancel = await Http.PostAsync($"api/executions/{id}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        var canceled = await WaitForAsync(id, "canceled");
        var nap = Assert.Single(canceled.GetProperty("tasks").EnumerateArray());
        Assert.Equal("succeeded", nap.GetProperty("status").GetString());
        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/pause", null), HttpStatusCode.Conflict, "has completed (canceled)");
        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/resume", null), HttpStatusCode.Conflict, "has completed");
        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/cancel", null), HttpStatusCode.Conflict, "has completed");
        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/tasks/nap/respond", Json("true")), HttpStatusCode.Conflict, "has completed");
    }

    [Fact]
    public async Task Api_RerunFailedExecution_SucceedsOnTheSameId()
    {
        const string yaml = """
            version: 1.0
            input:
              - path
            tasks:
              check:
                action: core.local cmd="test -f <% ctx(path) %>"
                next:
                  - when: <% succeeded() %>
                    do: finish
              finish:
                action: core.noop
            output:
              - checked: <% ctx(path) %>
            """;
        await SaveAsync("rerun-check", yaml);
        var path = Path.Combine(_files.Dir, "flag");
        var id = (await StartAsync("rerun-check", JsonSerializer.Serialize(new { path }))).GetProperty("id").GetString()!;
        var failed = await WaitForAsync(id, "failed");
        Assert.NotEmpty(failed.GetProperty("errors").EnumerateArray());
        Assert.Equal("failed", failed.GetProperty("tasks")[0].GetProperty("status").GetString());

        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/rerun", Json("""{"tasks": ["nope"]}""")), HttpStatusCode.Conflict, "cannot be rerun");
        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/rerun", Json("""{"tasks": [3]}""")), HttpStatusCode.BadRequest, "tasks[0]");
        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/rerun", Json("""{"task": []}""")), HttpStatusCode.BadRequest, "unknown field 'task'");

        await File.WriteAllTextAsync(path, "ok");
        using (var rerun = await Http.PostAsync($"api/executions/{id}/rerun", Json("""{"tasks": [{"task_id": "check", "route": 0}]}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
            var body = await JsonAsync(rerun);
            Assert.Equal(id, body.GetProperty("id").GetString());
            Assert.Equal("check", body.GetProperty("tasks")[0].GetProperty("task_id").GetString());
        }

        var done = await WaitForAsync(id, "succeeded");
        Assert.Equal(path, done.GetProperty("output").GetProperty("checked").GetString());
        Assert.Empty(done.GetProperty("errors").EnumerateArray());
        Assert.Equal(["check", "check", "finish"], done.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Api_RespondToAsk_PendingTaskCompletesWithTheAnswer()
    {
        const string yaml = """
            version: 1.0
            tasks:
              approve:
                action: core.ask
                next:
                  - when: <% succeeded() %>
                    publish: answer=<% result() %>
            output:
              - answer: <% ctx(answer) %>
            """;
        await SaveAsync("ask", yaml);
        var id = (await StartAsync("ask")).GetProperty("id").GetString()!;
        var waiting = await WaitForAsync(id, "paused");
        Assert.Equal(["approve__r0"], waiting.GetProperty("pending").EnumerateArray().Select(p => p.GetString()));

        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/tasks/other/respond", Json("1")), HttpStatusCode.NotFound, "is not waiting for an answer");
        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/tasks/approve/respond?route=1", Json("1")), HttpStatusCode.NotFound, "route 1");
        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/tasks/approve/respond", Json("{oops")), HttpStatusCode.BadRequest, "must be JSON");
        await ExpectErrorAsync(await Http.PostAsync($"api/executions/{id}/tasks/approve/respond", Json("")), HttpStatusCode.BadRequest, "empty");
        using (var respond = await Http.PostAsync($"api/executions/{id}/tasks/approve/respond", Json("""{"approved": true, "by": "ops"}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, respond.StatusCode);
        }

        var done = await WaitForAsync(id, "succeeded");
        Assert.True(done.GetProperty("output").GetProperty("answer").GetProperty("approved").GetBoolean());
        var task = Assert.Single(done.GetProperty("tasks").EnumerateArray());
        Assert.Equal("ops", task.GetProperty("result").GetProperty("by").GetString());
    }

    [Fact]
    public async Task Api_Timeout_CancelsTheExecutionAndSaysWhy()
    {
        await SaveAsync("slow", """
            version: 1.0
            tasks:
              slow:
                action: core.local cmd="sleep 3"
                next:
                  - when: <% succeeded() %>
                    do: after
              after:
                action: core.noop
            """);
        using var start = await Http.PostAsync("api/workflows/slow/executions?timeout=1", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var started = await JsonAsync(start);
        Assert.Equal(1, started.GetProperty("timeout").GetDouble());
        var canceled = await WaitForAsync(started.GetProperty("id").GetString()!, "canceled");
        var error = Assert.Single(canceled.GetProperty("errors").EnumerateArray());
        Assert.Contains("exceeded its timeout of 1 seconds", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(canceled.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("id").GetString() == "after");
    }

    [Fact]
    public async Task Api_Keys_MissingOrWrongKeyGives401AndQueryCodeWorks()
    {
        using var anonymous = new HttpClient { BaseAddress = _fixture.BaseAddress };
        await ExpectErrorAsync(await anonymous.GetAsync("api/workflows"), HttpStatusCode.Unauthorized, "x-functions-key");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/workflows");
        wrong.Headers.Add(ApiServer.KeyHeader, ApiServerFixture.Key + "x");
        await ExpectErrorAsync(await anonymous.SendAsync(wrong), HttpStatusCode.Unauthorized, "no valid key");
        using var byQuery = await anonymous.GetAsync($"api/workflows?code={ApiServerFixture.Key}");
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        using var health = await anonymous.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Api_BadRequests_GiveJsonErrorsWithTheirStatus()
    {
        await ExpectErrorAsync(await Http.PutAsync("api/workflows/bad", Yaml("tasks: [unclosed")), HttpStatusCode.BadRequest, "cannot be loaded");
        await ExpectErrorAsync(await Http.PutAsync("api/workflows/bad", Yaml("")), HttpStatusCode.BadRequest, "empty");
        using (var inspection = await Http.PutAsync("api/workflows/bad", Yaml("version: 1.0\ntasks:\n  t1:\n    action: core.noop\n    next:\n      - do: t9\n")))
        {
            var body = await ExpectErrorAsync(inspection, HttpStatusCode.BadRequest, "failed inspection");
            var semantics = body.GetProperty("inspection").GetProperty("semantics");
            Assert.Equal("tasks.t1.next[0].do", semantics[0].GetProperty("spec_path").GetString());
        }

        await ExpectErrorAsync(await Http.PutAsync("api/workflows/a%20b", Yaml("version: 1.0\n")), HttpStatusCode.BadRequest, "may hold only");
        await SaveAsync("noop", "version: 1.0\ntasks:\n  t1:\n    action: core.noop\n");
        await ExpectErrorAsync(await Http.PostAsync("api/workflows/noop/executions", Json("{not json")), HttpStatusCode.BadRequest, "must be JSON");
        await ExpectErrorAsync(await Http.PostAsync("api/workflows/noop/executions", Json("[1, 2]")), HttpStatusCode.BadRequest, "must be a JSON object; the body is a list");
        await ExpectErrorAsync(await Http.PostAsync("api/workflows/noop/executions?timeout=0", null), HttpStatusCode.BadRequest, "timeout");
        await ExpectErrorAsync(await Http.PostAsync("api/workflows/noop/executions?timeout=abc", null), HttpStatusCode.BadRequest, "timeout");
        await ExpectErrorAsync(await Http.PostAsync("api/workflows/noop/executions?version=7", null), HttpStatusCode.NotFound, "Version 7");
        await ExpectErrorAsync(await Http.PostAsync("api/workflows/missing/executions", Json("{}")), HttpStatusCode.NotFound, "'missing' was not found");
        await ExpectErrorAsync(await Http.GetAsync("api/executions/0123"), HttpStatusCode.NotFound, "Execution '0123' was not found");
        await ExpectErrorAsync(await Http.PostAsync("api/executions/0123/pause", null), HttpStatusCode.NotFound, "was not found");
        await ExpectErrorAsync(await Http.PostAsync("api/executions/0123/rerun", null), HttpStatusCode.NotFound, "was not found");
        await ExpectErrorAsync(await Http.GetAsync("api/executions/0123/snapshots"), HttpStatusCode.NotFound, "was not found");
        await ExpectErrorAsync(await Http.GetAsync("api/executions?status=bogus"), HttpStatusCode.BadRequest, "Unknown status 'bogus'");
        await ExpectErrorAsync(await Http.GetAsync("api/executions?limit=0"), HttpStatusCode.BadRequest, "limit");

        var id = (await StartAsync("noop")).GetProperty("id").GetString()!;
        await WaitForAsync(id, "succeeded");
        await ExpectErrorAsync(await Http.GetAsync($"api/executions/{id}/snapshots/999"), HttpStatusCode.NotFound, "Snapshot 999");
        await ExpectErrorAsync(await Http.GetAsync($"api/executions/{id}/snapshots/-1"), HttpStatusCode.BadRequest, "whole number");

        var big = new string('x', (int)ApiServerFixture.MaxRequestBytes + 1);
        await ExpectErrorAsync(await Http.PutAsync("api/workflows/big", Yaml(big)), HttpStatusCode.RequestEntityTooLarge, "larger than");
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "api/workflows/noop/executions") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"a\": \"" + big + "\"}"))) };
        chunked.Headers.TransferEncodingChunked = true;
        await ExpectErrorAsync(await Http.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge, "larger than");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private async Task SaveAsync(string name, string yaml)
    {
        using var response = await Http.PutAsync($"api/workflows/{name}", Yaml(yaml));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> StartAsync(string name, string? input = null)
    {
        using var response = await Http.PostAsync($"api/workflows/{name}/executions", input is null ? null : Json(input));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var body = await JsonAsync(response);
        Assert.Equal(body.GetProperty("statusUrl").GetString(), response.Headers.Location?.ToString());
        return body;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await JsonAsync(response);
    }

    /// <summary>Polls the execution until its status is <paramref name="status"/>; fails at once when it completes otherwise.</summary>
    private Task<JsonElement> WaitForAsync(string id, string status) => ExecutionWait.ForStatusAsync(Http, id, status);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }, response.Content.Headers.ContentType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> ExpectErrorAsync(HttpResponseMessage response, HttpStatusCode status, string fragment)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}, expected {(int)status}");
            var body = await JsonAsync(response);
            Assert.Contains(fragment, body.GetProperty("error").GetString(), StringComparison.Ordinal);
            return body;
        }
    }
}
