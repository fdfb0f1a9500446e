using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>One storage request of Azurite's access log, by service and operation, with its list price.</summary>
internal sealed partial record StorageRequest(string Service, string Operation)
{
    // List prices per 10,000 operations, USD, pay-as-you-go, general-purpose v2, LRS (docs/cost.md).
    public const decimal QueuePer10K = 0.004m;
    public const decimal TablePer10K = 0.00036m;
    public const decimal BlobWritePer10K = 0.05m;
    public const decimal BlobReadPer10K = 0.004m;

    /// <summary>The price of one such request, USD.</summary>
    public decimal Price => Service switch
    {
        "queue" => QueuePer10K / 10_000,
        "table" => TablePer10K / 10_000,
        _ => (Operation is "write" or "lease" ? BlobWritePer10K : BlobReadPer10K) / 10_000,
    };

    /// <summary>
    /// Classifies "METHOD /account/path?query". Durable Task's queues are <c>{hub}-control-NN</c> and
    /// <c>{hub}-workitems</c>, its containers <c>{hub}-...</c>; table names have no hyphen.
    /// </summary>
    public static StorageRequest Of(string request)
    {
        var (method, target) = (request.Split(' ', 2)[0], request.Split(' ', 2)[1]);
        var path = target.Split('?', 2)[0];
        var query = target.Contains('?', StringComparison.Ordinal) ? target.Split('?', 2)[1] : "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // A table's entity paths hold keys in parentheses (which may contain anything): the name is before them.
        var first = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]).Split('(', 2)[0] : "";
        if (QueueName().IsMatch(first))
        {
            var messages = segments.Length > 2 && segments[2] == "messages";
            return new("queue", (method, messages, segments.Length > 3) switch
            {
                ("POST", true, _) => "put message",
                ("GET", true, _) when query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) => "peek messages",
                ("GET", true, _) => "get messages",
                ("DELETE", true, true) => "delete message",
                ("PUT", true, true) => "update message",
                _ => "queue metadata",
            });
        }

        if (first.Contains('-', StringComparison.Ordinal))
        {
            return new("blob", method switch
            {
                "PUT" when query.Contains("comp=lease", StringComparison.OrdinalIgnoreCase) => "lease",
                "PUT" => "write",
                "DELETE" => "write",
                _ => "read",
            });
        }

        return new("table", (method, first) switch
        {
            ("POST", "$batch") => "batch",
            ("GET", _) => "query",
            ("POST", _) => "insert",
            ("DELETE", _) => "delete",
            _ => "update",
        });
    }

    [GeneratedRegex("-(control-[0-9]{2}|workitems)$", RegexOptions.CultureInvariant)]
    private static partial Regex QueueName();
}

/// <summary>
/// What a workflow costs in storage operations on the durable backend (<c>serve --storage</c>):
/// every request the Azure Storage task hub and the project's own stores (execution row,
/// snapshots) make, counted from Azurite's access log and priced at list prices. The figures of
/// docs/cost.md come from this test's output.
/// </summary>
/// <remarks>
/// The count of empty queue polls grows with how long each orchestration step takes, so a busy
/// machine counts more of them: this is a measurement, and <c>test.sh</c> runs it after the other
/// tests, alone (<see cref="Category"/>), as docs/cost.md describes.
/// </remarks>
[Trait("Category", Category)]
public sealed class StorageCostTests(ITestOutputHelper output)
{
    /// <summary>The trait of tests that measure and must run alone (<c>--filter Category=Measurement</c>).</summary>
    public const string Category = "Measurement";

    private const string Key = "cost-key-0123456789";

    /// <summary>The seed prototype (DynamoDB and Lambda): about $30 per 2.6 million tasks.</summary>
    private const decimal PrototypePerTask = 30m / 2_600_000m;

    [Fact]
    public async Task Cost_SequenceAndWithItems_UnderHalfThePrototypePerTask()
    {
        await using var azurite = await Engine.Tests.LoggingAzurite.StartAsync();
        var hub = "cost" + Guid.NewGuid().ToString("N")[..8];
        await using var server = await ApiServer.StartAsync(new ApiServerOptions
        {
            Urls = ["http://127.0.0.1:0"],
            Key = Key,
            Backend = new Backend { Storage = azurite.ConnectionString, TaskHub = hub, TablePrefix = hub },
        });
        using var http = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        http.DefaultRequestHeaders.Add(ApiServer.KeyHeader, Key);

        var sequence = new StringBuilder("version: 1.0\ntasks:\n");
        for (var i = 1; i <= 10; i++) sequence.Append(CultureInfo.InvariantCulture, $"  t{i}:\n    action: core.noop\n{(i < 10 ? $"    next:\n      - do: t{i + 1}\n" : "")}");
        const string Items = "version: 1.0\ntasks:\n  each:\n    with:\n      items: <% range(100) %>\n    action: core.echo message=\"<% item() %>\"\n";
        await SaveAsync(http, "sequence", sequence.ToString());
        await SaveAsync(http, "items", Items);

        // Let the worker take its partitions before counting, then count an idle stretch alone.
        await Task.Delay(TimeSpan.FromSeconds(8));
        var idleFrom = azurite.Requests().Count;
        await Task.Delay(TimeSpan.FromSeconds(10));
        var idle = azurite.Requests().Skip(idleFrom).Select(StorageRequest.Of).ToList();
        var idlePerSecond = idle.Count / 10.0;

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"idle: {idlePerSecond:0.0} requests/s ({Describe(idle)}), ${idle.Sum(r => r.Price) / 10 * 3600 * 24 * 30:0.00} a month");
        var idleCostPerSecond = idle.Sum(r => r.Price) / 10;
        var failures = new List<string>();
        // The sequence three times over (its figures move with the queues' polling back-off), the fan-out once.
        foreach (var (name, size, runs) in new[] { ("sequence", 10, 3), ("items", 100, 1) })
        {
            var requests = new List<StorageRequest>();
            var seconds = 0.0;
            for (var run = 0; run < runs; run++)
            {
                var (some, time) = await MeasureAsync(azurite, http, server, name);
                requests.AddRange(some);
                seconds += time;
            }

            var tasks = size * runs;
            var cost = requests.Sum(r => r.Price);
            var perMillion = cost / tasks * 2_600_000;

            // What the same stretch of time costs with no workflow at all (empty polls, lease
            // renewals): a fixed cost per hour, not per task.
            var marginal = (cost - (idleCostPerSecond * (decimal)seconds)) / tasks * 2_600_000;
            report.AppendLine(CultureInfo.InvariantCulture, $"{name} ({runs} run(s), {tasks} tasks, {seconds:0.0} s counted): {requests.Count} requests, {(double)requests.Count / tasks:0.0} per task; ${perMillion:0.00} per 2.6M tasks, ${marginal:0.00} above the idle polling of the same time");
            foreach (var group in requests.GroupBy(r => r).OrderBy(g => g.Key.Service, StringComparer.Ordinal).ThenBy(g => g.Key.Operation, StringComparer.Ordinal))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key.Service,-6} {group.Key.Operation,-16} {group.Count(),5}  {(double)group.Count() / tasks,6:0.00} per task");
            }

            // The target is the cost a workflow adds: under half the prototype's. What the whole
            // stretch of time cost, idle polling included, must still be under the prototype's.
            if (marginal >= PrototypePerTask / 2 * 2_600_000) failures.Add($"{name}: ${marginal:0.00} per 2.6M tasks above idle is not under half the prototype's $30");
            if (cost / tasks >= PrototypePerTask) failures.Add($"{name}: ${perMillion:0.00} per 2.6M tasks with idle polling is not under the prototype's $30");
        }

        output.WriteLine(report.ToString());
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures) + Environment.NewLine + report);
    }

    /// <summary>Starts the workflow and waits for its end by the server's own client (whose polls are subtracted).</summary>
    private static async Task<(List<StorageRequest> Requests, double Seconds)> MeasureAsync(Engine.Tests.LoggingAzurite azurite, HttpClient http, ApiServer server, string workflow)
    {
        var from = azurite.Requests().Count;
        var started = DateTime.UtcNow;
        using var response = await http.PostAsync(new Uri($"api/workflows/{workflow}/executions", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        // The API's start reads the definition and writes the execution row: part of the cost. The
        // polls that wait here are not (a client that waits pays for its own reads).
        var polls = 0;
        while (true)
        {
            polls++;
            var metadata = await server.Engine.Client.GetInstanceAsync(id, getInputsAndOutputs: false);
            if (metadata?.IsCompleted == true) break;
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromMinutes(2), $"{workflow} did not finish");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        // Let the last messages be deleted and the last checkpoint land.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        // Each poll above read the instance's row once (a table query of its own shape): take
        // that many of those reads out.
        var requests = azurite.Requests().Skip(from).ToList();
        var pollShape = $"Instances()?$format=application/json;odata=minimalmetadata&$top=1&$filter=PartitionKey eq '{id}'";
        for (var i = 0; i < polls; i++)
        {
            var index = requests.FindLastIndex(r => r.StartsWith("GET ", StringComparison.Ordinal) && Uri.UnescapeDataString(r).EndsWith(pollShape, StringComparison.Ordinal));
            Assert.True(index >= 0, $"the instance read of poll {i + 1} of {polls} is not in the log");
            requests.RemoveAt(index);
        }

        return ([.. requests.Select(StorageRequest.Of)], seconds);
    }

    private static async Task SaveAsync(HttpClient http, string name, string yaml)
    {
        using var saved = await http.PutAsync(new Uri($"api/workflows/{name}", UriKind.Relative), new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
    }

    private static string Describe(IEnumerable<StorageRequest> requests) =>
        string.Join(", ", requests.GroupBy(r => $"{r.Service} {r.Operation}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
}
