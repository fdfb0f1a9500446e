using System.Diagnostics;
using Azure.Data.Tables;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests;

/// <summary>
/// The Azurite the storage tests run against: the connection string in ORQUESTA_TEST_STORAGE
/// (test.sh starts Azurite and sets it), or else an Azurite this fixture starts itself with the
/// repository's tools/azurite/azurite.sh and stops at the end. When neither works the tests fail
/// with the reason; they are never skipped.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "ORQUESTA_TEST_STORAGE";

    private string? _startedBy;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            ConnectionString = fromEnvironment.Trim();
            return;
        }

        var script = FindScript() ?? throw new InvalidOperationException(
            $"{EnvironmentVariable} is not set and tools/azurite/azurite.sh was not found above {AppContext.BaseDirectory}: " +
            $"run ./test.sh, or start Azurite (tools/azurite/azurite.sh start) and set {EnvironmentVariable} to the connection string it prints.");
        var (exitCode, output, errors) = await RunAsync(script, "start");
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set and starting Azurite with {script} failed (exit code {exitCode}):{Environment.NewLine}{errors}");
        }

        ConnectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        if (!errors.Contains("already running", StringComparison.Ordinal)) _startedBy = script;
    }

    public async Task DisposeAsync()
    {
        if (_startedBy is not null) await RunAsync(_startedBy, "stop");
    }

    /// <summary>Stores over tables no other test uses.</summary>
    public EngineStorage NewStorage(TableClientOptions? options = null) =>
        EngineStorage.FromConnectionString(ConnectionString, UniquePrefix(), options);

    /// <summary>A plain client for one table, for looking at what the stores wrote.</summary>
    public TableClient RawTable(string tableName) => new(ConnectionString, tableName);

    private static int s_counter;

    private static string UniquePrefix() =>
        $"T{Environment.ProcessId:x}x{Interlocked.Increment(ref s_counter)}x{Guid.NewGuid():N}"[..30];

    internal static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "azurite", "azurite.sh");
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    internal static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string script, string verb, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(verb);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}

/// <summary>
/// An Azurite of its own, with its access log on (one line per storage request), for counting what
/// a workflow costs in storage operations: ports 10110-10112 and a data folder apart from the shared one.
/// </summary>
public sealed class LoggingAzurite : IAsyncDisposable
{
    private readonly string _script;
    private readonly Dictionary<string, string> _environment;

    private LoggingAzurite(string script, Dictionary<string, string> environment, string connectionString)
    {
        _script = script;
        _environment = environment;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>The access log.</summary>
    public string LogPath => Path.Combine(_environment["ORQUESTA_AZURITE_DATA"], "azurite.log");

    public static async Task<LoggingAzurite> StartAsync()
    {
        var script = AzuriteFixture.FindScript() ?? throw new InvalidOperationException($"tools/azurite/azurite.sh was not found above {AppContext.BaseDirectory}.");
        var environment = new Dictionary<string, string>
        {
            ["ORQUESTA_AZURITE_DATA"] = Directory.CreateTempSubdirectory("orquesta-azurite-log-").FullName,
            ["ORQUESTA_AZURITE_ACCESS_LOG"] = "1",
            ["ORQUESTA_AZURITE_BLOB_PORT"] = "10110",
            ["ORQUESTA_AZURITE_QUEUE_PORT"] = "10111",
            ["ORQUESTA_AZURITE_TABLE_PORT"] = "10112",
        };
        var (exitCode, output, errors) = await AzuriteFixture.RunAsync(script, "start", environment);
        if (exitCode != 0) throw new InvalidOperationException($"starting a logging Azurite with {script} failed (exit code {exitCode}):{Environment.NewLine}{errors}");
        return new LoggingAzurite(script, environment, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last());
    }

    /// <summary>The storage requests logged so far (access log lines), as "METHOD /path?query".</summary>
    public IReadOnlyList<string> Requests()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var requests = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var open = line.IndexOf('"', StringComparison.Ordinal);
            var close = open < 0 ? -1 : line.IndexOf('"', open + 1);
            if (close < 0) continue;
            var parts = line[(open + 1)..close].Split(' ');
            if (parts.Length >= 2) requests.Add(parts[0] + " " + parts[1]);
        }

        return requests;
    }

    public async ValueTask DisposeAsync()
    {
        await AzuriteFixture.RunAsync(_script, "stop", _environment);
        Directory.Delete(_environment["ORQUESTA_AZURITE_DATA"], recursive: true);
    }
}
