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

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "azurite", "azurite.sh");
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string script, string verb)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(verb);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
