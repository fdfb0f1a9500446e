using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Cli;

/// <summary>
/// <c>orquesta execution start|list|get|pause|resume|cancel|rerun|respond|snapshots</c>: workflow
/// executions on a server (the Function app or <c>orquesta serve</c>) through the HTTP API.
/// </summary>
internal static class ExecutionCommand
{
    /// <summary>The statuses after which an execution changes no more (unless rerun).</summary>
    private static readonly HashSet<string> Completed = new(StringComparer.Ordinal) { "succeeded", "failed", "canceled", "expired", "abandoned" };

    /// <summary>How often <c>--watch</c> and <c>--wait</c> read the execution (tests make it shorter).</summary>
    internal static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public static Command Create(ClientCommand client)
    {
        var group = client.Group("execution", "Start, watch, pause, resume, cancel, rerun and answer workflow executions on a server.");
        group.Subcommands.Add(Start(client));
        group.Subcommands.Add(List(client));
        group.Subcommands.Add(Get(client));
        group.Subcommands.Add(Request(client, "pause", "Pause an execution (running tasks finish first)."));
        group.Subcommands.Add(Request(client, "resume", "Resume a paused execution."));
        group.Subcommands.Add(Request(client, "cancel", "Cancel an execution (running tasks finish first)."));
        group.Subcommands.Add(Rerun(client));
        group.Subcommands.Add(Respond(client));
        group.Subcommands.Add(Snapshots(client));
        return group;
    }

    private static Argument<string> Id() => new("id") { Description = "The execution id (as execution start printed it)." };

    private static Command Start(ClientCommand client)
    {
        var name = new Argument<string>("name") { Description = "The saved workflow's name." };
        var input = new Option<string[]>("--input", "-i")
        {
            Description = "A workflow input, NAME=VALUE; VALUE is JSON when it parses as JSON (3, true, [1, 2]), else text. Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var inputFile = new Option<string?>("--input-file") { Description = "A JSON object of workflow inputs (--input values override it)." };
        var timeout = new Option<double?>("--timeout") { Description = "Cancel the workflow after this many seconds." };
        timeout.Validators.Add(r =>
        {
            if (r.GetValue(timeout) is { } t && !(t > 0)) r.AddError("--timeout must be a number of seconds greater than 0.");
        });
        var version = new Option<int?>("--version") { Description = "Run an older version of the workflow (default: the latest)." };
        var wait = new Option<bool>("--wait") { Description = "Watch the execution until it completes (exit code 0 when it succeeded, 1 otherwise)." };
        var command = new Command("start", "Start an execution of a saved workflow; prints its id.") { name, input, inputFile, timeout, version, wait };
        client.Bind(command, "execution start", async (parse, c, cancel) =>
        {
            var inputs = RunInputs.Parse(parse.GetValue(input) ?? [], parse.GetValue(inputFile), out var inputError) ?? throw new ClientException(inputError!, 2);
            var query = new List<string>();
            if (parse.GetValue(timeout) is { } t) query.Add("timeout=" + t.ToString("R", CultureInfo.InvariantCulture));
            if (parse.GetValue(version) is { } v) query.Add("version=" + v.ToString(CultureInfo.InvariantCulture));
            var path = "workflows/" + ApiClient.Segment(parse.GetValue(name)!) + "/executions" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
            var started = await c.Api.PostAsync(path, inputs.Count > 0 ? JsonValues.Serialize(inputs) : null, cancel).ConfigureAwait(false);
            var id = started.Json.GetProperty("id").GetString()!;
            if (!parse.GetValue(wait))
            {
                c.Stdout.WriteLine(c.Json ? started.Body : id);
                return 0;
            }

            // With --wait the id goes to stderr (the result is what stdout holds), so that it is not lost.
            c.Stderr.WriteLine($"started {id}");
            return await WatchAsync(c, id, cancel).ConfigureAwait(false);
        });
        return command;
    }

    private static Command List(ClientCommand client)
    {
        var status = new Option<string[]>("--status") { Description = "Only executions in these statuses (repeatable, or comma-separated).", Arity = ArgumentArity.ZeroOrMore };
        var workflow = new Option<string?>("--workflow") { Description = "Only executions of this workflow." };
        var limit = new Option<int?>("--limit") { Description = "At most this many (1-1000; the server's default is 100)." };
        var command = new Command("list", "List executions, newest first.") { status, workflow, limit };
        client.Bind(command, "execution list", async (parse, c, cancel) =>
        {
            var query = new List<string>();
            var statuses = (parse.GetValue(status) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (statuses.Count > 0) query.Add("status=" + Uri.EscapeDataString(string.Join(',', statuses)));
            if (parse.GetValue(workflow) is { } w) query.Add("workflow=" + Uri.EscapeDataString(w));
            if (parse.GetValue(limit) is { } l) query.Add("limit=" + l.ToString(CultureInfo.InvariantCulture));
            var response = await c.Api.GetAsync("executions" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), cancel).ConfigureAwait(false);
            if (c.Json)
            {
                c.Stdout.WriteLine(response.Body);
                return 0;
            }

            var rows = response.Json.GetProperty("executions").EnumerateArray()
                .Select(e => new[]
                {
                    WorkflowCommand.Text(e, "id") ?? "",
                    WorkflowCommand.Text(e, "workflow") ?? "",
                    e.TryGetProperty("version", out var ver) && ver.ValueKind == JsonValueKind.Number ? ver.GetInt64().ToString(CultureInfo.InvariantCulture) : "",
                    WorkflowCommand.Text(e, "status") ?? "",
                    WorkflowCommand.Text(e, "created") ?? "",
                })
                .ToList();
            if (rows.Count == 0) c.Stdout.WriteLine("no executions");
            else Table.Write(c.Stdout, ["ID", "WORKFLOW", "VERSION", "STATUS", "CREATED"], rows);
            return 0;
        });
        return command;
    }

    private static Command Get(ClientCommand client)
    {
        var id = Id();
        var watch = new Option<bool>("--watch", "-w") { Description = "Poll every second until the execution completes, printing each change; exit code 0 when it succeeded, 1 otherwise." };
        var command = new Command("get", "Show an execution: status, tasks, output, errors.") { id, watch };
        client.Bind(command, "execution get", async (parse, c, cancel) =>
        {
            if (parse.GetValue(watch)) return await WatchAsync(c, parse.GetValue(id)!, cancel).ConfigureAwait(false);
            var response = await c.Api.GetAsync("executions/" + ApiClient.Segment(parse.GetValue(id)!), cancel).ConfigureAwait(false);
            if (c.Json)
            {
                c.Stdout.WriteLine(response.Body);
                return 0;
            }

            WriteExecution(response.Json, c.Stdout);
            return 0;
        });
        return command;
    }

    private static Command Request(ClientCommand client, string verb, string description)
    {
        var id = Id();
        var command = new Command(verb, description) { id };
        client.Bind(command, "execution " + verb, async (parse, c, cancel) =>
        {
            var execution = parse.GetValue(id)!;
            var response = await c.Api.PostAsync($"executions/{ApiClient.Segment(execution)}/{verb}", null, cancel).ConfigureAwait(false);
            if (c.Json) c.Stdout.WriteLine(response.Body);
            else c.Stdout.WriteLine($"{verb} requested for {execution} (status: {WorkflowCommand.Text(response.Json, "status") ?? "?"})");
            return 0;
        });
        return command;
    }

    private static Command Rerun(ClientCommand client)
    {
        var id = Id();
        var task = new Option<string[]>("--task", "-t") { Description = "A task to rerun (repeatable; default: the failed ones).", Arity = ArgumentArity.ZeroOrMore };
        var reset = new Option<string[]>("--reset-items") { Description = "A with-items task to rerun with every item, not only the failed ones (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var wait = new Option<bool>("--wait") { Description = "Watch the rerun until it completes." };
        var command = new Command("rerun", "Rerun a completed (failed, canceled) execution from its latest snapshot, under the same id.") { id, task, reset, wait };
        client.Bind(command, "execution rerun", async (parse, c, cancel) =>
        {
            var execution = parse.GetValue(id)!;
            var resets = parse.GetValue(reset) ?? [];
            var tasks = (parse.GetValue(task) ?? []).Where(t => !resets.Contains(t, StringComparer.Ordinal))
                .Select(t => (object?)t)
                .Concat(resets.Distinct(StringComparer.Ordinal).Select(t => (object?)DictValue.From([new KeyValuePair<string, object?>("task_id", t), new KeyValuePair<string, object?>("reset_items", true)])))
                .ToList();
            var body = tasks.Count > 0 ? JsonValues.Serialize(DictValue.From([new KeyValuePair<string, object?>("tasks", ListValue.From(tasks))])) : null;
            var response = await c.Api.PostAsync($"executions/{ApiClient.Segment(execution)}/rerun", body, cancel).ConfigureAwait(false);
            if (parse.GetValue(wait))
            {
                c.Stderr.WriteLine($"rerun requested for {execution}");
                return await WatchAsync(c, execution, cancel).ConfigureAwait(false);
            }

            if (c.Json) c.Stdout.WriteLine(response.Body);
            else c.Stdout.WriteLine($"rerun requested for {execution} (from snapshot {(response.Json.TryGetProperty("fromSnapshot", out var s) ? s.ToString() : "?")})");
            return 0;
        });
        return command;
    }

    private static Command Respond(ClientCommand client)
    {
        var id = Id();
        var task = new Argument<string>("task") { Description = "The pending task (a core.ask)." };
        var answer = new Option<string>("--answer", "-a") { Description = "The answer, a JSON value (for example '{\"approved\": true}').", Required = true };
        var route = new Option<int?>("--route") { Description = "The route, when the task runs on several." };
        var command = new Command("respond", "Answer a task waiting for one (core.ask): the answer becomes its result and the workflow resumes.") { id, task, answer, route };
        client.Bind(command, "execution respond", async (parse, c, cancel) =>
        {
            var text = parse.GetValue(answer)!;
            try
            {
                using var _ = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new ClientException($"--answer must be JSON (for example '{{\"approved\": true}}', or '\"text\"' with the quotes): {e.Message}", 2);
            }

            var execution = parse.GetValue(id)!;
            var query = parse.GetValue(route) is { } r ? "?route=" + r.ToString(CultureInfo.InvariantCulture) : "";
            var response = await c.Api.PostAsync($"executions/{ApiClient.Segment(execution)}/tasks/{ApiClient.Segment(parse.GetValue(task)!)}/respond{query}", text, cancel).ConfigureAwait(false);
            if (c.Json) c.Stdout.WriteLine(response.Body);
            else c.Stdout.WriteLine($"answer sent to {parse.GetValue(task)} of {execution}");
            return 0;
        });
        return command;
    }

    private static Command Snapshots(ClientCommand client)
    {
        var id = Id();
        var number = new Option<long?>("--number", "-n") { Description = "Print this snapshot's document (the engine state) instead of the list." };
        var command = new Command("snapshots", "List an execution's snapshots, or print one.") { id, number };
        client.Bind(command, "execution snapshots", async (parse, c, cancel) =>
        {
            var execution = ApiClient.Segment(parse.GetValue(id)!);
            if (parse.GetValue(number) is { } n)
            {
                var document = await c.Api.GetAsync(string.Create(CultureInfo.InvariantCulture, $"executions/{execution}/snapshots/{n}"), cancel).ConfigureAwait(false);
                c.Stdout.WriteLine(c.Json ? document.Body : ApiClient.Indented(document.Json));
                return 0;
            }

            var response = await c.Api.GetAsync($"executions/{execution}/snapshots", cancel).ConfigureAwait(false);
            if (c.Json)
            {
                c.Stdout.WriteLine(response.Body);
                return 0;
            }

            var rows = response.Json.GetProperty("snapshots").EnumerateArray()
                .Select(s => new[] { s.GetProperty("sequence").ToString(), WorkflowCommand.Text(s, "created") ?? "", s.TryGetProperty("length", out var l) ? l.ToString() : "" })
                .ToList();
            if (rows.Count == 0) c.Stdout.WriteLine("no snapshots");
            else Table.Write(c.Stdout, ["SEQUENCE", "CREATED", "LENGTH"], rows);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Polls the execution until it completes, printing each task change as <c>orquesta run</c>
    /// does in plain mode (and each workflow status change), then the output and errors.
    /// Exit code 0 when it succeeded, 1 when it failed or was canceled.
    /// </summary>
    private static async Task<int> WatchAsync(ClientContext c, string id, CancellationToken cancel)
    {
        // With --json the changes go to stderr and stdout holds only the final document.
        var progress = c.Json ? c.Stderr : c.Stdout;
        var path = "executions/" + ApiClient.Segment(id);
        var seen = new Dictionary<int, (string? Status, string? Ended)>();
        string? status = null;
        var askNoted = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var response = await c.Api.GetAsync(path, cancel).ConfigureAwait(false);
            var json = response.Json;
            var created = Time(WorkflowCommand.Text(json, "created")) ?? DateTime.UtcNow;
            var current = WorkflowCommand.Text(json, "status") ?? "?";
            if (status is null) progress.WriteLine($"{WorkflowCommand.Text(json, "workflow")} {id}: {current}");
            else if (current != status) progress.WriteLine($"[{RunProgress.Seconds(DateTime.UtcNow - created),7}] {"(workflow)",-24} {current}");
            status = current;

            var index = 0;
            foreach (var task in json.GetProperty("tasks").EnumerateArray())
            {
                var taskStatus = WorkflowCommand.Text(task, "status");
                var started = WorkflowCommand.Text(task, "started");
                var ended = WorkflowCommand.Text(task, "ended");
                var first = !seen.TryGetValue(index, out var before);
                if (first || before.Status != taskStatus || before.Ended != ended)
                {
                    seen[index] = (taskStatus, ended);
                    var name = TaskName(task);
                    if (first && taskStatus != "running" && Time(started) is { } s) progress.WriteLine($"[{RunProgress.Seconds(s - created),7}] {name,-24} running");
                    var at = Time(ended) ?? Time(started) ?? DateTime.UtcNow;
                    var duration = Time(started) is { } b && Time(ended) is { } e ? " " + RunProgress.Seconds(e - b) : "";
                    progress.WriteLine($"[{RunProgress.Seconds(at - created),7}] {name,-24} {taskStatus}{duration}");
                }

                index++;
            }

            if (json.TryGetProperty("pending", out var pending))
            {
                foreach (var key in pending.EnumerateArray().Select(p => p.GetString() ?? "").Where(askNoted.Add))
                {
                    var task = key.Split("__r", 2)[0];
                    progress.WriteLine($"waiting: task {key} asks for an answer: orquesta execution respond {id} {task} --answer JSON");
                }
            }

            if (Completed.Contains(current))
            {
                var updated = Time(WorkflowCommand.Text(json, "updated")) ?? DateTime.UtcNow;
                progress.WriteLine($"{WorkflowCommand.Text(json, "workflow")}: {current} in {RunProgress.Seconds(updated - created)}");
                if (c.Json) c.Stdout.WriteLine(response.Body);
                else WriteResult(json, c.Stdout);
                return current == "succeeded" ? 0 : 1;
            }

            await Task.Delay(PollInterval, cancel).ConfigureAwait(false);
        }
    }

    /// <summary>The plain view of one execution.</summary>
    private static void WriteExecution(JsonElement json, TextWriter stdout)
    {
        stdout.WriteLine($"id:       {WorkflowCommand.Text(json, "id")}");
        stdout.WriteLine($"workflow: {WorkflowCommand.Text(json, "workflow")} (version {(json.TryGetProperty("version", out var v) ? v.ToString() : "?")})");
        stdout.WriteLine($"status:   {WorkflowCommand.Text(json, "status")}");
        if (WorkflowCommand.Text(json, "parent") is { } parent) stdout.WriteLine($"parent:   {parent}");
        stdout.WriteLine($"created:  {WorkflowCommand.Text(json, "created")}");
        stdout.WriteLine($"updated:  {WorkflowCommand.Text(json, "updated")}");
        if (json.TryGetProperty("pending", out var pending) && pending.GetArrayLength() > 0)
        {
            stdout.WriteLine($"pending:  {string.Join(", ", pending.EnumerateArray().Select(p => p.GetString()))} (answer with: orquesta execution respond ID TASK --answer JSON)");
        }

        var tasks = json.GetProperty("tasks").EnumerateArray().ToList();
        if (tasks.Count > 0)
        {
            stdout.WriteLine(json.TryGetProperty("snapshot", out var snapshot) ? $"tasks (snapshot {snapshot}):" : "tasks:");
            var rows = tasks.Select(t =>
            {
                var duration = Time(WorkflowCommand.Text(t, "started")) is { } b && Time(WorkflowCommand.Text(t, "ended")) is { } e ? RunProgress.Seconds(e - b) : "";
                return new[] { "  " + TaskName(t), WorkflowCommand.Text(t, "status") ?? "", duration };
            }).ToList();
            foreach (var row in rows) stdout.WriteLine($"{row[0].PadRight(rows.Max(r => r[0].Length))}  {row[1],-10} {row[2]}".TrimEnd());
        }

        WriteResult(json, stdout);
    }

    /// <summary>The output and errors, as <c>orquesta run</c> prints them.</summary>
    private static void WriteResult(JsonElement json, TextWriter stdout)
    {
        if (json.TryGetProperty("output", out var output) && output.ValueKind != JsonValueKind.Null)
        {
            stdout.WriteLine("output:");
            stdout.WriteLine(ApiClient.Indented(output));
        }

        if (json.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            stdout.WriteLine(WorkflowCommand.Text(json, "status") == "succeeded" ? "errors (logged by failed tasks the workflow handled):" : "errors:");
            stdout.WriteLine(ApiClient.Indented(errors));
        }
    }

    private static string TaskName(JsonElement task)
    {
        var name = WorkflowCommand.Text(task, "id") ?? "?";
        return task.TryGetProperty("route", out var route) && route.ValueKind == JsonValueKind.Number && route.GetInt32() != 0 ? $"{name} (route {route.GetInt32()})" : name;
    }

    private static DateTime? Time(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
