using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orquesta.Azure.Engine;
using Orquesta.Azure.Engine.Actions;
using Orquesta.Azure.Engine.Api;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Hosting;
using Orquesta.Azure.Engine.Storage;
using Orquesta.Azure.Engine.Stores;
using Orquesta.Azure.Engine.Tests;

namespace Orquesta.Azure.FunctionApp.Tests;

/// <summary>
/// The function classes called as the worker calls them (it cannot run without the Functions
/// host): an ASP.NET Core request per call and the durable client of the embedded engine, which
/// runs the same orchestrator and activities under the same names.
/// </summary>
public sealed class FunctionCallTests
{
    internal const string Hello = """
        version: 1.0
        input:
          - name
        tasks:
          greet:
            action: core.echo
            input:
              message: Hello, <% ctx().name %>!
        output:
          - greeting: Hello, <% ctx().name %>!
        """;

    private const string FunctionOrchestrator = "FunctionAppWorkflow";

    [Fact]
    public async Task HttpFunctions_SaveStartGet_HandlerResponsesStandAndWorkflowSucceeds()
    {
        await using var engine = await EmbeddedEngine.StartAsync();
        var functions = new ApiFunctions(engine.Services.GetRequiredService<OrquestaApi>());
        await SaveStartAndGetAsync(functions, engine.Client);
    }

    [Fact]
    public async Task HttpFunctions_BadRequests_HandlerErrorStands()
    {
        await using var engine = await EmbeddedEngine.StartAsync();
        var functions = new ApiFunctions(engine.Services.GetRequiredService<OrquestaApi>());
        var (status, body) = await CallAsync(r => functions.GetExecutionAsync(r, engine.Client, "nope"));
        Assert.Equal(404, status);
        Assert.Contains("nope", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        (status, body) = await CallAsync(r => functions.SaveWorkflowAsync(r, engine.Client, "bad"), "version: 1.0\ntasks:\n  t:\n    action: core.noop\n    next:\n      - do: missing\n");
        Assert.Equal(400, status);
        Assert.True(body.TryGetProperty("inspection", out _));
    }

    [Fact]
    public async Task OrchestratorFunction_OnDurableEngine_RunsTheWorkflowFromItsInput()
    {
        await using var engine = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions
        {
            ConfigureTasks = r => r.AddOrchestratorFunc<WorkflowRunInput, WorkflowRunResult>(FunctionOrchestrator, (context, _) => WorkflowFunctions.RunWorkflowAsync(context)),
        });
        var input = new WorkflowRunInput { ExecutionId = "fn-1", WorkflowName = "hello", WorkflowVersion = 1, Definition = Hello, InputJson = """{"name": "Functions"}""" };
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(FunctionOrchestrator, input, new StartOrchestrationOptions { InstanceId = input.ExecutionId });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var metadata = await engine.Client.WaitForInstanceCompletionAsync(input.ExecutionId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        var result = metadata.ReadOutputAs<WorkflowRunResult>()!;
        Assert.Equal("succeeded", result.Status);
        using var output = JsonDocument.Parse(result.OutputJson!);
        Assert.Equal("Hello, Functions!", output.RootElement.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task ActivityFunctions_CalledDirectly_DelegateToTheEngine()
    {
        var store = new InMemoryEngineStore();
        await store.SaveWorkflowAsync("sub", Hello, "{}", DateTimeOffset.UnixEpoch);
        var functions = new WorkflowFunctions(new ActionDispatcher(new EngineOptions(), new HttpClient(), []), new EngineActivities(store));

        var outcome = await functions.RunActionAsync(new ActionRequest { ExecutionId = "e", TaskId = "t", Action = "core.echo", InputJson = """{"message": "hi"}""" });
        Assert.Equal("succeeded", outcome.Status);
        Assert.Contains("hi", outcome.ResultJson, StringComparison.Ordinal);
        var local = await functions.RunActionAsync(new ActionRequest { ExecutionId = "e", TaskId = "t", Action = "core.local", InputJson = """{"cmd": "true"}""" });
        Assert.Equal("failed", local.Status);

        var resolved = await functions.ResolveActionsAsync(["sub", "core.echo"]);
        Assert.Equal([ResolvedActionKinds.Workflow, ResolvedActionKinds.Activity], resolved.Select(r => r.Kind));

        Assert.True(await functions.CheckpointAsync(new CheckpointRequest { ExecutionId = "x", Status = "running", WorkflowName = "sub", WorkflowVersion = 1, At = DateTime.UnixEpoch }));
        Assert.Equal("running", (await store.GetExecutionAsync("x")).Status);
    }

    internal static async Task SaveStartAndGetAsync(ApiFunctions functions, DurableTaskClient client)
    {
        var (status, saved) = await CallAsync(r => functions.SaveWorkflowAsync(r, client, "hello"), Hello);
        Assert.Equal(201, status);
        Assert.Equal(1, saved.GetProperty("version").GetInt32());

        (status, var started) = await CallAsync(r => functions.StartExecutionAsync(r, client, "hello"), """{"name": "Azure"}""");
        Assert.Equal(202, status);
        var id = started.GetProperty("id").GetString()!;
        Assert.StartsWith("http://localhost:7071/api/executions/", started.GetProperty("statusUrl").GetString(), StringComparison.Ordinal);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, timeout.Token);
        (status, var execution) = await CallAsync(r => functions.GetExecutionAsync(r, client, id));
        Assert.Equal(200, status);
        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal("Hello, Azure!", execution.GetProperty("output").GetProperty("greeting").GetString());

        (status, var list) = await CallAsync(r => functions.ListExecutionsAsync(r, client));
        Assert.Equal(200, status);
        Assert.Contains(list.GetProperty("executions").EnumerateArray(), e => e.GetProperty("id").GetString() == id);
    }

    /// <summary>Calls a function with a fresh request; the function's result must be the <see cref="EmptyResult"/> that leaves the handler's response alone.</summary>
    internal static async Task<(int Status, JsonElement Body)> CallAsync(Func<HttpRequest, Task<IActionResult>> function, string? body = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost", 7071);
        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        using var response = new MemoryStream();
        context.Response.Body = response;
        var result = await function(context.Request);
        Assert.IsType<EmptyResult>(result);
        var text = Encoding.UTF8.GetString(response.ToArray());
        if (text.Length == 0) return (context.Response.StatusCode, default);
        using var document = JsonDocument.Parse(text);
        return (context.Response.StatusCode, document.RootElement.Clone());
    }
}

/// <summary>The app's startup against Azurite: the tables from the settings, created by the worker's hosted service, then the functions over them.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class FunctionAppStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddOrquesta_StorageConnection_CreatesTablesAndServesTheApi()
    {
        var prefix = $"Fn{Guid.NewGuid():N}"[..24];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orquesta:StorageConnection"] = azurite.ConnectionString,
            ["Orquesta:TablePrefix"] = prefix,
            ["AzureWebJobsStorage"] = "not used when Orquesta__StorageConnection is set",
        }).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        FunctionAppSetup.AddOrquesta(builder.Services, configuration);
        using var host = builder.Build();
        var storage = host.Services.GetRequiredService<EngineStorage>();
        try
        {
            await host.StartAsync();
            var service = new TableServiceClient(azurite.ConnectionString);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var names = new List<string>();
                await foreach (var t in service.QueryAsync(t => t.Name.CompareTo(prefix) >= 0, cancellationToken: timeout.Token)) names.Add(t.Name);
                if (storage.TableNames.All(names.Contains)) break;
                await Task.Delay(100, timeout.Token);
            }

            var options = host.Services.GetRequiredService<EngineOptions>();
            Assert.False(options.EnableCoreLocal);
            var store = host.Services.GetRequiredService<IEngineStore>();
            await using var engine = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions { Engine = options, Store = store });
            await FunctionCallTests.SaveStartAndGetAsync(new ApiFunctions(host.Services.GetRequiredService<OrquestaApi>()), engine.Client);
            Assert.Equal("hello", (await storage.Workflows.GetLatestAsync("hello")).Name);
        }
        finally
        {
            await host.StopAsync();
            await storage.DeleteTablesAsync();
        }
    }
}
