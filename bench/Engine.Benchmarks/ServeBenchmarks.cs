using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Orquesta.Azure.Engine.Benchmarks;

/// <summary>
/// <c>orquesta serve</c> on Azurite (<c>--storage</c>, one task hub), one and two server processes,
/// beside <c>serve</c> on the embedded engine (the baseline) in the same run: each operation starts
/// <see cref="Workflows"/> workflows through the HTTP API at once and waits until all have
/// succeeded. The mean is per workflow (workflows per second = 1 / mean); a sequential workflow is
/// 10 no-op tasks, a fan-out 20 branches into a join (22 tasks).
/// Needs the CLI built in Release (<c>dotnet build -c Release</c>) and Node.js for Azurite.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "BenchmarkDotNet owns the instance: the client is made in GlobalSetup and disposed in GlobalCleanup.")]
public class ServeBenchmarks
{
    public const int Workflows = 20;
    private const string Key = "bench-key";

    private readonly List<Process> _servers = [];
    private readonly Dictionary<string, string> _azurite = new()
    {
        ["ORQUESTA_AZURITE_BLOB_PORT"] = "10120",
        ["ORQUESTA_AZURITE_QUEUE_PORT"] = "10121",
        ["ORQUESTA_AZURITE_TABLE_PORT"] = "10122",
    };

    private HttpClient _http = null!;
    private int _run;

    [Params("durable, 1 process", "durable, 2 processes", "embedded, 1 process (baseline)")]
    public string Servers { get; set; } = "durable, 1 process";

    private bool Durable => Servers.StartsWith("durable", StringComparison.Ordinal);

    private int Processes => Servers.Contains("2 processes", StringComparison.Ordinal) ? 2 : 1;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var root = RepositoryRoot();
        string[] storage = [];
        if (Durable)
        {
            _azurite["ORQUESTA_AZURITE_DATA"] = Directory.CreateTempSubdirectory("orquesta-bench-azurite-").FullName;
            var connection = (await RunAsync(Path.Combine(root, "tools", "azurite", "azurite.sh"), "start")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
            storage = ["--storage", connection, "--task-hub", "bench" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture)];
        }

        var cli = Path.Combine(root, "src", "Cli", "bin", "Release", "net10.0", "Orquesta.Azure.Cli.dll");
        if (!File.Exists(cli)) throw new InvalidOperationException($"{cli} is missing: build the solution in Release first.");
        Uri? first = null;
        for (var i = 0; i < Processes; i++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in (string[])[cli, "serve", "--urls", "http://127.0.0.1:0", "--key", Key, .. storage]) start.ArgumentList.Add(arg);
            var process = Process.Start(start)!;
            _servers.Add(process);
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90)) ?? throw new InvalidOperationException(await process.StandardError.ReadToEndAsync());
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            first ??= new Uri(line["orquesta serve: listening on ".Length..].Trim().TrimEnd('/') + "/");
        }

        _http = new HttpClient { BaseAddress = first, Timeout = TimeSpan.FromMinutes(2) };
        _http.DefaultRequestHeaders.Add("x-functions-key", Key);
        await SaveAsync("sequential", Orquesta.Azure.Engine.Benchmarks.Workflows.Sequential(10));
        await SaveAsync("fanout", Orquesta.Azure.Engine.Benchmarks.Workflows.FanOut(20));

        // Let a second server take its share of the partitions before measuring.
        if (Processes > 1) await Task.Delay(TimeSpan.FromSeconds(25));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http?.Dispose();
        foreach (var server in _servers)
        {
            using (var interrupt = Process.Start("kill", ["-s", "INT", server.Id.ToString(CultureInfo.InvariantCulture)])) await interrupt.WaitForExitAsync();
            if (!server.WaitForExit(30_000)) server.Kill(entireProcessTree: true);
            server.Dispose();
        }

        _servers.Clear();
        if (_azurite.TryGetValue("ORQUESTA_AZURITE_DATA", out var data))
        {
            await RunAsync(Path.Combine(RepositoryRoot(), "tools", "azurite", "azurite.sh"), "stop");
            Directory.Delete(data, recursive: true);
        }
    }

    [Benchmark(Description = "sequential (10 tasks)", OperationsPerInvoke = Workflows)]
    public Task Sequential() => RunAsync("sequential");

    [Benchmark(Description = "fan-out (22 tasks)", OperationsPerInvoke = Workflows)]
    public Task FanOut() => RunAsync("fanout");

    private async Task RunAsync(string workflow)
    {
        var ids = new List<string>();
        for (var i = 0; i < Workflows; i++)
        {
            using var started = await _http.PostAsync(new Uri($"api/workflows/{workflow}/executions", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
            started.EnsureSuccessStatusCode();
            ids.Add((await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        _run++;
        var pending = new HashSet<string>(ids, StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (pending.Count > 0)
        {
            foreach (var id in pending.ToList())
            {
                var status = (await _http.GetFromJsonAsync<JsonElement>(new Uri($"api/executions/{id}", UriKind.Relative))).GetProperty("status").GetString();
                if (status == "succeeded") pending.Remove(id);
                else if (status is "failed" or "canceled") throw new InvalidOperationException($"{workflow} {id} ended {status}");
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{pending.Count} {workflow} workflows did not finish (run {_run})");
            if (pending.Count > 0) await Task.Delay(50);
        }
    }

    private async Task SaveAsync(string name, string yaml)
    {
        using var saved = await _http.PutAsync(new Uri($"api/workflows/{name}", UriKind.Relative), new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        saved.EnsureSuccessStatusCode();
    }

    private async Task<string> RunAsync(string script, string verb)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(verb);
        foreach (var (name, value) in _azurite) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"azurite.sh {verb} failed: {await errors}");
        return await output;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orquesta.Azure.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("The repository (Orquesta.Azure.sln) was not found above the benchmark.");
    }
}
