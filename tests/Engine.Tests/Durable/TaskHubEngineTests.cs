using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Hosting;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Engine.Tests.Durable;

/// <summary>The engine on Durable Task's Azure Storage provider over Azurite: a task hub of its own, the Table Storage store, real actions.</summary>
public sealed class TaskHubEngineFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public TaskHubEngine Engine { get; private set; } = null!;

    public AzureStorageTaskHub TaskHub { get; private set; } = null!;

    internal IEngineStore Store { get; private set; } = null!;

    public string ConnectionString => _azurite.ConnectionString;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var storage = _azurite.NewStorage();
        await storage.CreateTablesAsync();
        Store = new TableEngineStore(storage);
        TaskHub = new AzureStorageTaskHub { ConnectionString = _azurite.ConnectionString, Name = UniqueTaskHub() };
        Engine = await TaskHub.StartEngineAsync(new TaskHubEngineOptions { Engine = new EngineOptions { EnableCoreLocal = true }, Store = Store });
    }

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    /// <summary>A task hub name no other test uses (letters and digits, at most 45).</summary>
    public static string UniqueTaskHub() => ("t" + Guid.NewGuid().ToString("N"))[..20];
}

/// <summary>What the orchestrator does on the Azure Storage backend: the same workflows as on the embedded engine.</summary>
public sealed class TaskHubEngineTests : IClassFixture<TaskHubEngineFixture>
{
    private readonly TaskHubEngineFixture _fixture;

    public TaskHubEngineTests(TaskHubEngineFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Run_SequenceOfRealActions_SucceedsWithTheOutput()
    {
        var yaml = """
            version: 1.0
            input: [who]
            tasks:
              greet:
                action: core.local cmd="echo hello <% ctx(who) %>"
                next:
                  - when: <% succeeded() %>
                    publish: greeting=<% result().stdout %>
                    do: shout
              shout:
                action: core.echo message="<% ctx(greeting) %>!"
                next:
                  - publish: shouted=<% result().stdout %>
            output:
              - shouted: <% ctx(shouted) %>
            """;
        var result = await RunAsync(yaml, """{"who": "azure"}""");
        Assert.True(result.Status == "succeeded", result.ErrorsJson);
        Assert.Equal("""{"shouted":"hello azure!"}""", result.OutputJson);
    }

    [Fact]
    public async Task Run_WithItemsAndSubworkflow_FanOutAndSubOrchestrationComplete()
    {
        await _fixture.Store.SaveWorkflowAsync("greeter", """
            version: 1.0
            input: [who]
            tasks:
              greet:
                action: core.echo message="hello <% ctx(who) %>"
                next:
                  - publish: greeting=<% result().stdout %>
            output:
              - greeting: <% ctx(greeting) %>
            """, "{}", DateTimeOffset.UnixEpoch);
        var yaml = """
            version: 1.0
            tasks:
              each:
                with:
                  items: <% range(6) %>
                  concurrency: 3
                action: core.echo message="<% item() %>"
                next:
                  - publish: items=<% result().select($.stdout) %>
                    do: call
              call:
                action: greeter who="world"
                next:
                  - publish: got=<% result().output.greeting %>
            output:
              - items: <% ctx(items) %>
              - got: <% ctx(got) %>
            """;
        var result = await RunAsync(yaml);
        Assert.True(result.Status == "succeeded", result.ErrorsJson);
        Assert.Equal("""{"items":["0","1","2","3","4","5"],"got":"hello world"}""", result.OutputJson);
    }

    [Fact]
    public async Task Run_SequenceLongerThanAnEpisode_ContinuesAsNewAndSucceeds()
    {
        const int tasks = 60;
        var yaml = new System.Text.StringBuilder("version: 1.0\nvars:\n  - x: 0\noutput:\n  - x: <% ctx(x) %>\ntasks:\n");
        for (var i = 1; i <= tasks; i++)
        {
            yaml.Append("  t").Append(i).Append(":\n    action: core.noop\n    next:\n      - publish: x=<% ctx(x) + 1 %>\n");
            if (i < tasks) yaml.Append("        do: t").Append(i + 1).Append('\n');
        }

        var result = await RunAsync(yaml.ToString());
        Assert.True(result.Status == "succeeded", result.ErrorsJson);
        Assert.Equal($$"""{"x":{{tasks}}}""", result.OutputJson);
    }

    private async Task<WorkflowRunResult> RunAsync(string yaml, string? inputJson = null)
    {
        var id = "taskhub-" + Guid.NewGuid().ToString("N");
        var input = new WorkflowRunInput { ExecutionId = id, WorkflowName = "taskhub", Definition = yaml, InputJson = inputJson };
        var client = _fixture.Engine.Client;
        await client.ScheduleNewOrchestrationInstanceAsync(OrchestrationNames.Workflow, input, new StartOrchestrationOptions { InstanceId = id });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var metadata = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"orchestration {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        return metadata.ReadOutputAs<WorkflowRunResult>()!;
    }
}
