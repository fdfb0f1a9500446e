using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Hosting;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Engine.Tests.Durable;

/// <summary>One embedded engine with real actions (core.local on) for behaviour tests.</summary>
public sealed class RealActionsFixture : IAsyncLifetime
{
    internal InMemoryEngineStore Store { get; } = new();

    public EmbeddedEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Engine = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions { Engine = new EngineOptions { EnableCoreLocal = true }, Store = Store });

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}

/// <summary>What the orchestrator does with real actions: parallelism, timers, subworkflows, failures.</summary>
public sealed class EngineBehaviourTests : IClassFixture<RealActionsFixture>, IDisposable
{
    private readonly RealActionsFixture _fixture;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "orquesta-engine-tests-" + Guid.NewGuid().ToString("N"));

    public EngineBehaviourTests(RealActionsFixture fixture)
    {
        _fixture = fixture;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Run_ParallelBranches_RunAtTheSameTime()
    {
        // Each branch announces itself, then waits until all three have: only branches that
        // really run at once can all succeed.
        var wait = $"touch {_folder}/$B; for i in $(seq 1 100); do [ -e {_folder}/a ] && [ -e {_folder}/b ] && [ -e {_folder}/c ] && exit 0; sleep 0.1; done; exit 1";
        var yaml = $$"""
            version: 1.0
            tasks:
              start:
                action: core.noop
                next:
                  - do: a, b, c
              a:
                action: core.local
                input:
                  cmd: {{Quote(wait)}}
                  env: {B: a}
              b:
                action: core.local
                input:
                  cmd: {{Quote(wait)}}
                  env: {B: b}
              c:
                action: core.local
                input:
                  cmd: {{Quote(wait)}}
                  env: {B: c}
            """;
        var result = await RunAsync(yaml);
        Assert.Equal("succeeded", result.Status);
    }

    [Fact]
    public async Task Run_WithItems_ItemsRunAtTheSameTimeAndResultsKeepItemOrder()
    {
        var yaml = $$"""
            version: 1.0
            input: [names]
            tasks:
              each:
                with: name in <% ctx(names) %>
                action: core.local
                input:
                  cmd: 'touch {{_folder}}/<% item(name) %>; for i in $(seq 1 100); do [ $(ls {{_folder}} | wc -l) -ge 3 ] && echo <% item(name) %> && exit 0; sleep 0.1; done; exit 1'
                next:
                  - publish: out=<% result().select($.stdout) %>
            output:
              - out: <% ctx(out) %>
            """;
        var result = await RunAsync(yaml, """{"names": ["x", "y", "z"]}""");
        Assert.Equal("succeeded", result.Status);
        Assert.Equal("""{"out":["x","y","z"]}""", result.OutputJson);
    }

    [Fact]
    public async Task Run_TaskDelay_WaitsOnADurableTimer()
    {
        var yaml = """
            version: 1.0
            tasks:
              later:
                delay: 1
                action: core.noop
            """;
        var started = DateTime.UtcNow;
        var result = await RunAsync(yaml);
        Assert.Equal("succeeded", result.Status);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1), "the task ran before its delay");
    }

    [Fact]
    public async Task Run_RetryWithDelay_RetriesUntilTheCountAndFails()
    {
        var yaml = """
            version: 1.0
            tasks:
              flaky:
                action: core.local cmd="exit 3"
                retry:
                  count: 2
                  delay: 1
            """;
        var started = DateTime.UtcNow;
        var (result, state) = await RunWithStateAsync(yaml);
        Assert.Equal("failed", result.Status);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(2), "the two retries did not wait for their delays");
        Assert.Equal(3L, ((DictValue)state.Tasks[0]!.Result!)["return_code"]);
    }

    [Fact]
    public async Task Run_ActionNamingASavedWorkflow_RunsItAsASubworkflow()
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
              call:
                action: greeter who="world"
                next:
                  - publish: got=<% result().output.greeting %>
            output:
              - got: <% ctx(got) %>
            """;
        var result = await RunAsync(yaml);
        Assert.True(result.Status == "succeeded", result.ErrorsJson);
        Assert.Equal("""{"got":"hello world"}""", result.OutputJson);
    }

    [Fact]
    public async Task Run_UnknownAction_FailsTheTaskWithAClearError()
    {
        var yaml = """
            version: 1.0
            tasks:
              oops:
                action: no.such.action
            """;
        var (result, state) = await RunWithStateAsync(yaml);
        Assert.Equal("failed", result.Status);
        var error = Assert.IsType<string>(((DictValue)state.Tasks[0]!.Result!)["error"]);
        Assert.Contains("\"no.such.action\" is not registered", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ShellCommandFails_ResultHasStackStormsShape()
    {
        var yaml = """
            version: 1.0
            tasks:
              shell:
                action: core.local cmd="echo out; echo err >&2; exit 4"
            """;
        var (result, state) = await RunWithStateAsync(yaml);
        Assert.Equal("failed", result.Status);
        Assert.Equal("""{"failed":true,"return_code":4,"stderr":"err","stdout":"out","succeeded":false}""", JsonValues.Serialize(state.Tasks[0]!.Result));
    }

    [Fact]
    public async Task Run_CoreLocalOff_FailsTheTaskAndSaysWhichSettingTurnsItOn()
    {
        await using var engine = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions());
        var yaml = """
            version: 1.0
            tasks:
              shell:
                action: core.local cmd="true"
            """;
        var result = await RunAsync(engine, yaml);
        Assert.Equal("failed", result.Status);
        Assert.Contains("Orquesta__EnableCoreLocal", result.ErrorsJson ?? string.Empty, StringComparison.Ordinal);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private Task<WorkflowRunResult> RunAsync(string yaml, string? inputJson = null) => RunAsync(_fixture.Engine, yaml, inputJson);

    private async Task<(WorkflowRunResult Result, EngineState State)> RunWithStateAsync(string yaml)
    {
        var id = "behaviour-" + Guid.NewGuid().ToString("N");
        var result = await RunAsync(_fixture.Engine, yaml, null, id);
        var snapshot = await _fixture.Store.GetLatestSnapshotAsync(id);
        return (result, EngineState.Parse(snapshot!.Document));
    }

    private static async Task<WorkflowRunResult> RunAsync(EmbeddedEngine engine, string yaml, string? inputJson = null, string? id = null)
    {
        id ??= "behaviour-" + Guid.NewGuid().ToString("N");
        var input = new WorkflowRunInput { ExecutionId = id, WorkflowName = "behaviour", Definition = yaml, InputJson = inputJson };
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(OrchestrationNames.Workflow, input, new StartOrchestrationOptions { InstanceId = id });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var metadata = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"orchestration {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        return metadata.ReadOutputAs<WorkflowRunResult>()!;
    }
}
