using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine;
using Orquesta.Azure.Engine.Durable;
using Orquesta.Azure.Engine.Hosting;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Cli;

/// <summary>What <c>orquesta run</c> was asked to do.</summary>
internal sealed record RunRequest
{
    /// <summary>The workflow file; null with <see cref="Resume"/>.</summary>
    public string? Path { get; init; }

    /// <summary>Where to run: the embedded engine unless it names a storage account.</summary>
    public Backend Backend { get; init; } = new();

    /// <summary>An execution on the task hub to go on with (after a crash) instead of starting one.</summary>
    public string? Resume { get; init; }

    /// <summary>Let core.local run with a real Azure account behind <c>--storage</c> (it always may otherwise).</summary>
    public bool EnableCoreLocal { get; init; }

    public IReadOnlyList<string> Inputs { get; init; } = [];

    public string? InputFile { get; init; }

    public bool Json { get; init; }

    public double? TimeoutSeconds { get; init; }

    public string? WorkflowsDir { get; init; }
}

/// <summary>
/// <c>orquesta run WORKFLOW.yaml</c>: inspects the workflow, then runs it with real actions
/// (<c>core.local</c> allowed) through the very orchestrator the Function app runs, on the embedded
/// in-process Durable Task engine, showing each task's status as it changes; then the output and
/// errors. Exit code 0 when the workflow succeeded, 1 when it failed or was canceled, 2 when it is
/// invalid or the command cannot run (missing file, bad <c>--input</c>).
/// </summary>
internal static class RunCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string?>("workflow") { Description = "A workflow definition file (YAML).", Arity = ArgumentArity.ZeroOrOne };
        var resume = new Option<string?>("--resume") { Description = "With --storage: go on with this execution (one a crashed run left unfinished) instead of starting one." };
        var coreLocal = new Option<bool>("--enable-core-local") { Description = "Let core.local run shell commands when --storage is an Azure account (it always may on this machine's own engine or Azurite)." };
        var backend = new BackendOptions();
        var input = new Option<string[]>("--input", "-i")
        {
            Description = "A workflow input, NAME=VALUE; VALUE is JSON when it parses as JSON (3, true, [1, 2]), else text. Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var inputFile = new Option<string?>("--input-file") { Description = "A JSON object of workflow inputs (--input values override it)." };
        var json = new Option<bool>("--json") { Description = "Print only one JSON document on stdout at the end (status, output, errors, tasks); progress goes to stderr." };
        var timeout = new Option<double?>("--timeout") { Description = "Cancel the workflow after this many seconds." };
        timeout.Validators.Add(r =>
        {
            if (r.GetValue(timeout) is { } t && !(t > 0)) r.AddError("--timeout must be a number of seconds greater than 0.");
        });
        var workflows = new Option<string?>("--workflows")
        {
            Description = "A folder of workflow files (*.yaml, *.yml), each saved under its file name without the extension, so that an action naming one runs it as a subworkflow. Default: the workflow file's folder.",
        };
        var command = new Command("run", "Run a workflow here with real actions, showing each task as it runs, then its output.")
        {
            path, input, inputFile, json, timeout, workflows, resume, coreLocal,
        };
        backend.AddTo(command);
        command.SetAction(parse => RunWithConsole(
            new RunRequest
            {
                Path = parse.GetValue(path),
                Backend = backend.Read(parse),
                Resume = parse.GetValue(resume),
                EnableCoreLocal = parse.GetValue(coreLocal),
                Inputs = parse.GetValue(input) ?? [],
                InputFile = parse.GetValue(inputFile),
                Json = parse.GetValue(json),
                TimeoutSeconds = parse.GetValue(timeout),
                WorkflowsDir = parse.GetValue(workflows),
            },
            stdout,
            stderr));
        return command;
    }

    /// <summary>Runs with Ctrl-C wired: the first press cancels the workflow the Orquesta way, a second one ends the process.</summary>
    private static int RunWithConsole(RunRequest request, TextWriter stdout, TextWriter stderr)
    {
        using var cancel = new CancellationTokenSource();
        var presses = 0;
        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            if (Interlocked.Increment(ref presses) > 1)
            {
                stderr.WriteLine("interrupted: the workflow was left unfinished");
                return;
            }

            e.Cancel = true;
            cancel.Cancel();
        }

        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            var progress = request.Json ? stderr : stdout;
            var live = IsTerminal(progress);
            return RunAsync(request, stdout, stderr, live, cancel.Token).GetAwaiter().GetResult();
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
    }

    private static bool IsTerminal(TextWriter writer)
    {
        if (Environment.GetEnvironmentVariable("TERM") == "dumb") return false;
        if (ReferenceEquals(writer, Console.Out)) return !Console.IsOutputRedirected;
        if (ReferenceEquals(writer, Console.Error)) return !Console.IsErrorRedirected;
        return false;
    }

    /// <summary>
    /// The command's work. <paramref name="cancel"/> cancels the workflow (running tasks finish);
    /// <paramref name="live"/> redraws a table on the progress writer instead of writing lines.
    /// </summary>
    public static async Task<int> RunAsync(RunRequest request, TextWriter stdout, TextWriter stderr, bool live = false, CancellationToken cancel = default)
    {
        if (request.Backend.Validate() is { } invalid)
        {
            stderr.WriteLine($"run: {invalid}");
            return 2;
        }

        if (request.Resume is not null) return await ResumeAsync(request, stdout, stderr, live, cancel).ConfigureAwait(false);
        if (request.Path is null)
        {
            stderr.WriteLine("run: give a workflow file to run, or --resume ID with --storage.");
            return 2;
        }

        var file = WorkflowFile.Read(request.Path);
        if (file.ReadError is not null)
        {
            stderr.WriteLine($"run: cannot read {file.Path}: {file.ReadError}");
            return 2;
        }

        var report = InspectCommand.Report.Of(file);
        if (file.Spec is null || report.Errors.Count > 0)
        {
            stderr.WriteLine($"run: {file.Path} is not a valid workflow:");
            InspectCommand.WriteErrors(report, stderr);
            if (request.Json) WriteInvalidJson(report, stdout);
            return 2;
        }

        var inputs = RunInputs.Parse(request.Inputs, request.InputFile, out var inputError);
        if (inputs is null)
        {
            stderr.WriteLine($"run: {inputError}");
            return 2;
        }

        var definitions = ReadWorkflows(request, file.Path, out var dirError);
        if (definitions is null)
        {
            stderr.WriteLine($"run: {dirError}");
            return 2;
        }

        var progressWriter = request.Json ? stderr : stdout;
        var progress = new RunProgress(progressWriter, live, color: Environment.GetEnvironmentVariable("NO_COLOR") is null);
        var name = System.IO.Path.GetFileNameWithoutExtension(file.Path);
        var id = "run-" + Guid.NewGuid().ToString("N")[..16];

        var engine = await StartEngineAsync(request, stderr).ConfigureAwait(false);
        if (engine is null) return 2;
        await using var stop = engine.ConfigureAwait(false);
        foreach (var (saved, yaml, inspection) in definitions) await engine.Store.SaveWorkflowAsync(saved, yaml, inspection, DateTimeOffset.UtcNow, CancellationToken.None).ConfigureAwait(false);

        var now = DateTime.UtcNow;
        var runInput = new WorkflowRunInput
        {
            ExecutionId = id,
            WorkflowName = name,
            Definition = await File.ReadAllTextAsync(file.Path, CancellationToken.None).ConfigureAwait(false),
            InputJson = inputs.Count > 0 ? JsonValues.Serialize(inputs) : null,
            Deadline = request.TimeoutSeconds is { } seconds ? now.AddSeconds(seconds) : null,
            TimeoutSeconds = request.TimeoutSeconds,
            Record = true,
        };
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(OrchestrationNames.Workflow, runInput, new StartOrchestrationOptions { InstanceId = id }, CancellationToken.None).ConfigureAwait(false);
        if (request.Backend.IsDurable)
        {
            // Said first, so that a run killed later can be found and continued.
            stderr.WriteLine($"run: execution {id} on {request.Backend.Describe()}; if this process dies, go on with: orquesta run --storage ... --task-hub {request.Backend.TaskHub} --resume {id}");
        }

        progress.Start(name, now);
        var metadata = await WatchAsync(engine.Client, id, progress, cancel).ConfigureAwait(false);
        return await ReportAsync(metadata, engine.Store, id, request.Json, progress, stdout, stderr).ConfigureAwait(false);
    }

    /// <summary>Goes on with an execution of the task hub: this process's worker takes up its pending work; the command watches it to its end.</summary>
    private static async Task<int> ResumeAsync(RunRequest request, TextWriter stdout, TextWriter stderr, bool live, CancellationToken cancel)
    {
        var id = request.Resume!;
        if (!request.Backend.IsDurable)
        {
            stderr.WriteLine("run: --resume needs --storage: only a task hub keeps executions after the process that ran them.");
            return 2;
        }

        if (request.Path is not null)
        {
            stderr.WriteLine("run: give either a workflow file or --resume ID, not both.");
            return 2;
        }

        var engine = await StartEngineAsync(request, stderr).ConfigureAwait(false);
        if (engine is null) return 2;
        await using var stop = engine.ConfigureAwait(false);
        var metadata = await engine.Client.GetInstanceAsync(id, getInputsAndOutputs: true, CancellationToken.None).ConfigureAwait(false);
        if (metadata is null || metadata.Name != OrchestrationNames.Workflow)
        {
            stderr.WriteLine($"run: there is no execution '{id}' on task hub '{request.Backend.TaskHub}'.");
            return 2;
        }

        var progress = new RunProgress(request.Json ? stderr : stdout, live, color: Environment.GetEnvironmentVariable("NO_COLOR") is null);
        progress.Start(id, metadata.CreatedAt.UtcDateTime);
        if (!metadata.IsCompleted) stderr.WriteLine($"run: going on with execution {id} ({metadata.RuntimeStatus}); work that a dead process held comes back within the task hub's visibility timeout (20 s).");
        metadata = await WatchAsync(engine.Client, id, progress, cancel).ConfigureAwait(false);
        return await ReportAsync(metadata, engine.Store, id, request.Json, progress, stdout, stderr).ConfigureAwait(false);
    }

    /// <summary>The engine of the request's backend; null (with the reason on stderr) when it cannot start.</summary>
    private static async Task<IOrquestaEngine?> StartEngineAsync(RunRequest request, TextWriter stderr)
    {
        // On this machine's own engine or Azurite, the user runs their own commands; through an
        // Azure account the work may be taken by other machines' workers: core.local only when asked.
        var coreLocal = !request.Backend.IsDurable || request.Backend.IsEmulator || request.EnableCoreLocal;
        try
        {
            return await request.Backend.StartAsync(new EngineOptions { EnableCoreLocal = coreLocal }, [], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (StartFailure.Describe(e) is { } reason)
        {
            stderr.WriteLine($"run: cannot start the engine: {reason}");
            return null;
        }
    }

    private static async Task<OrchestrationMetadata> WatchAsync(DurableTaskClient client, string id, RunProgress progress, CancellationToken cancel)
    {
        var canceling = false;
        while (true)
        {
            if (cancel.IsCancellationRequested && !canceling)
            {
                canceling = true;
                await client.RaiseEventAsync(id, OrchestrationNames.CancelEvent, null, CancellationToken.None).ConfigureAwait(false);
                progress.Note("canceling: running tasks will finish (Ctrl-C again to quit at once)", DateTime.UtcNow);
            }

            var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, CancellationToken.None).ConfigureAwait(false);
            if (metadata is not null)
            {
                if (metadata.IsCompleted) return metadata;
                progress.Update(ReadProgress(metadata), DateTime.UtcNow);
            }

            try
            {
                await Task.Delay(PollInterval, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: raise the cancel event on the next turn, then keep watching.
            }
        }
    }

    private static ExecutionProgress? ReadProgress(OrchestrationMetadata metadata)
    {
        try
        {
            return metadata.ReadCustomStatusAs<ExecutionProgress>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<int> ReportAsync(OrchestrationMetadata metadata, IEngineStore store, string id, bool json, RunProgress progress, TextWriter stdout, TextWriter stderr)
    {
        var end = DateTime.UtcNow;
        var snapshot = await store.GetLatestSnapshotAsync(id, CancellationToken.None).ConfigureAwait(false);
        IReadOnlyList<TaskRecord?> tasks = snapshot is null ? [] : EngineState.Parse(snapshot.Document).Tasks;

        string status;
        object? output = null;
        object? errors = null;
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.ReadOutputAs<WorkflowRunResult>() is { } result)
        {
            status = result.Status;
            output = result.OutputJson is null ? null : JsonValues.Parse(result.OutputJson);
            errors = result.ErrorsJson is null ? null : JsonValues.Parse(result.ErrorsJson);
        }
        else
        {
            // The orchestrator itself broke (a bug, not a workflow failure): say what the runtime says.
            status = Statuses.Failed;
            var message = metadata.FailureDetails is { } f ? $"{f.ErrorType}: {f.ErrorMessage}" : $"the orchestration ended {metadata.RuntimeStatus}";
            errors = ListValue.Of(DictValue.From([new KeyValuePair<string, object?>("type", "error"), new KeyValuePair<string, object?>("message", "The engine failed: " + message)]));
        }

        progress.Finish(status, tasks, end);
        if (json)
        {
            WriteResultJson(status, output, errors, tasks, stdout);
        }
        else
        {
            if (output is not null)
            {
                stdout.WriteLine("output:");
                stdout.WriteLine(IndentedJson(output));
            }

            if (errors is ListValue { Count: > 0 })
            {
                stdout.WriteLine(status == Statuses.Succeeded ? "errors (logged by failed tasks the workflow handled):" : "errors:");
                stdout.WriteLine(IndentedJson(errors));
            }
        }

        return status == Statuses.Succeeded ? 0 : 1;
    }

    /// <summary>Every workflow file of the folder that loads, as (name, YAML, inspection JSON); null with <paramref name="error"/> when the folder cannot be read.</summary>
    private static List<(string Name, string Yaml, string Inspection)>? ReadWorkflows(RunRequest request, string path, out string? error)
    {
        error = null;
        var dir = request.WorkflowsDir ?? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        string[] files;
        try
        {
            files = [.. Directory.GetFiles(dir, "*.yaml"), .. Directory.GetFiles(dir, "*.yml")];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error = $"cannot read the workflows folder {dir}: {(e is DirectoryNotFoundException ? "no such folder" : e.Message)}";
            return null;
        }

        var list = new List<(string, string, string)>();
        foreach (var workflow in files.Order(StringComparer.Ordinal))
        {
            // Files that are not workflow definitions (rehearsal specs, other YAML) are not actions.
            if (WorkflowFile.Read(workflow).Spec is not { } spec) continue;
            var yaml = File.ReadAllText(workflow);
            list.Add((System.IO.Path.GetFileNameWithoutExtension(workflow), yaml, spec.Inspect().ToJson()));
        }

        return list;
    }

    private static void WriteResultJson(string status, object? output, object? errors, IReadOnlyList<TaskRecord?> tasks, TextWriter stdout)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartObject();
            writer.WriteString("status", status);
            writer.WritePropertyName("output");
            JsonValues.Write(writer, output);
            writer.WritePropertyName("errors");
            JsonValues.Write(writer, errors ?? ListValue.Empty);
            writer.WriteStartArray("tasks");
            foreach (var task in tasks.OfType<TaskRecord>())
            {
                writer.WriteStartObject();
                writer.WriteString("id", task.Id);
                writer.WriteNumber("route", task.Route);
                writer.WriteString("status", task.Status);
                WriteTime(writer, "started", task.Started);
                WriteTime(writer, "ended", task.Ended);
                writer.WritePropertyName("result");
                JsonValues.Write(writer, task.Result);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteInvalidJson(InspectCommand.Report report, TextWriter stdout)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartObject();
            writer.WriteString("status", "invalid");
            writer.WriteNull("output");
            writer.WriteStartArray("errors");
            foreach (var error in report.Errors)
            {
                writer.WriteStartObject();
                writer.WriteString("category", error.Category);
                writer.WriteString("message", error.Message);
                writer.WriteString("spec_path", error.SpecPath);
                if (error.Position is { } p)
                {
                    writer.WriteNumber("line", p.Line);
                    writer.WriteNumber("column", p.Column);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("tasks");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTime? value)
    {
        if (value is { } t) writer.WriteString(name, DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        else writer.WriteNull(name);
    }

    private static string IndentedJson(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented)) JsonValues.Write(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
