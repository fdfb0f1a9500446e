using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Orquesta.Azure.Engine.Api;
using Orquesta.Azure.Engine.Hosting;
using Orquesta.Azure.Engine.Storage;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Engine.Tests.Api;

/// <summary>
/// The API's handlers called the way the Function app calls them (an <see cref="HttpContext"/>
/// per request, the durable client, no routing), over <see cref="TableEngineStore"/> on Azurite.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ApiTableStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly EngineStorage _storage = azurite.NewStorage();
    private EmbeddedEngine _engine = null!;
    private OrquestaApi _api = null!;

    private DurableTaskClient Client => _engine.Client;

    public async Task InitializeAsync()
    {
        await _storage.CreateTablesAsync();
        var options = new EngineOptions { EnableCoreLocal = true };
        var store = new TableEngineStore(_storage);
        _engine = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions { Engine = options, Store = store });
        _api = new OrquestaApi(store, options);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _storage.DeleteTablesAsync();
    }

    [Fact]
    public async Task Handlers_OnTableStorage_SaveStartFailRerunAndReadBack()
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
                    publish: found=<% ctx(path) %>
            output:
              - found: <% ctx(found) %>
            """;
        var (status, saved) = await CallAsync(c => _api.HandleSaveWorkflowAsync(c, Client, "check"), yaml);
        Assert.Equal(201, status);
        Assert.Equal(1, saved.GetProperty("version").GetInt32());

        var path = Path.Combine(Path.GetTempPath(), $"orquesta-api-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var (started, start) = await CallAsync(c => _api.HandleStartExecutionAsync(c, Client, "check"), JsonSerializer.Serialize(new { path }));
        Assert.Equal(202, started);
        var id = start.GetProperty("id").GetString()!;
        var row = await _storage.Executions.GetAsync(id);
        Assert.Equal("check", row.WorkflowName);

        await WaitAsync(id);
        var (_, failed) = await CallAsync(c => _api.HandleGetExecutionAsync(c, Client, id));
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("failed", (await _storage.Executions.GetAsync(id)).Status);

        try
        {
            await File.WriteAllTextAsync(path, "ok");
            var (rerun, _) = await CallAsync(c => _api.HandleRerunExecutionAsync(c, Client, id));
            Assert.Equal(202, rerun);
            await WaitAsync(id);
        }
        finally
        {
            File.Delete(path);
        }

        var (code, done) = await CallAsync(c => _api.HandleGetExecutionAsync(c, Client, id));
        Assert.Equal(200, code);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(path, done.GetProperty("output").GetProperty("found").GetString());
        Assert.Equal(["failed", "succeeded"], done.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("status").GetString()!));
        Assert.Equal("succeeded", (await _storage.Executions.GetAsync(id)).Status);

        var (_, snapshots) = await CallAsync(c => _api.HandleListSnapshotsAsync(c, Client, id));
        var sequences = snapshots.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => (long)i), sequences);
        var (snapshotCode, document) = await CallAsync(c => _api.HandleGetSnapshotAsync(c, Client, id, sequences[^1].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(200, snapshotCode);
        Assert.Equal(2, document.GetProperty("tasks").GetArrayLength());

        var (missing, error) = await CallAsync(c => _api.HandleGetExecutionAsync(c, Client, "nope"));
        Assert.Equal(404, missing);
        Assert.Contains("'nope' was not found", error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private async Task WaitAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var metadata = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
    }

    private static async Task<(int Status, JsonElement Body)> CallAsync(Func<HttpContext, Task> handler, string? body = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost", 7071);
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? string.Empty));
        context.Request.ContentLength = body is null ? 0 : Encoding.UTF8.GetByteCount(body);
        using var response = new MemoryStream();
        context.Response.Body = response;
        await handler(context);
        var text = Encoding.UTF8.GetString(response.ToArray());
        if (text.Length == 0) return (context.Response.StatusCode, default);
        using var document = JsonDocument.Parse(text);
        return (context.Response.StatusCode, document.RootElement.Clone());
    }
}
