using System.CommandLine;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Cli;

/// <summary>
/// <c>orquesta serve [--urls URLS] [--key KEY] [--enable-core-local] [--storage CONNECTION]</c>:
/// the Function app's HTTP API on this machine (Kestrel over the embedded Durable Task engine)
/// until Ctrl-C. Without <c>--storage</c> everything is kept in memory and lost when it stops.
/// </summary>
internal static class ServeCommand
{
    /// <summary>Where the server listens unless told otherwise (the Functions host's local port).</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>The environment variable the key is read from when <c>--key</c> is not given.</summary>
    public const string KeyVariable = "ORQUESTA_KEY";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var urls = new Option<string>("--urls") { Description = $"Where to listen, ';'-separated (default {DefaultUrl}).", DefaultValueFactory = _ => DefaultUrl };
        var key = new Option<string?>("--key") { Description = $"The key every /api request must carry, in the x-functions-key header or ?code= (default: ${KeyVariable}; none: no key)." };
        var coreLocal = new Option<bool>("--enable-core-local") { Description = "Let core.local run shell commands (off: anyone who can call the API could run commands here)." };
        var storage = new Option<string?>("--storage") { Description = "An Azure Storage connection string: keep workflows, executions and snapshots in its tables instead of memory." };
        var prefix = new Option<string>("--table-prefix") { Description = "The tables' name prefix with --storage.", DefaultValueFactory = _ => EngineStorage.DefaultTablePrefix };
        var command = new Command("serve", "Serve the HTTP API (the Function app's routes) on the embedded engine until Ctrl-C.") { urls, key, coreLocal, storage, prefix };
        command.SetAction((parse, cancel) => RunAsync(
            (parse.GetValue(urls) ?? DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            parse.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable),
            parse.GetValue(coreLocal),
            parse.GetValue(storage),
            parse.GetValue(prefix) ?? EngineStorage.DefaultTablePrefix,
            stdout,
            stderr,
            cancel));
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> urls, string? key, bool enableCoreLocal, string? storage, string tablePrefix, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        key = string.IsNullOrWhiteSpace(key) ? null : key.Trim();
        if (urls.Count == 0)
        {
            stderr.WriteLine("serve: --urls is empty.");
            return 2;
        }

        if (key is null && !ApiServer.IsLoopbackOnly(urls))
        {
            stderr.WriteLine($"serve: refusing to listen on {string.Join(", ", urls)} without a key: give --key (or set {KeyVariable}), or listen on a loopback address.");
            return 2;
        }

        ApiServer server;
        try
        {
            var store = storage is null ? null : await ApiServer.OpenTablesAsync(storage, tablePrefix, cancel).ConfigureAwait(false);
            server = await ApiServer.StartAsync(new ApiServerOptions { Urls = urls, Key = key, EnableCoreLocal = enableCoreLocal, Store = store }, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 1;
        }
        catch (Exception e) when (e is IOException or StorageException or ArgumentException or FormatException or InvalidOperationException)
        {
            // The message never holds the connection string or the key: both are only passed on.
            stderr.WriteLine($"serve: cannot start: {e.Message}");
            return 2;
        }

        await using (server.ConfigureAwait(false))
        {
            stdout.WriteLine($"orquesta serve: listening on {string.Join(", ", server.Addresses)}");
            stdout.WriteLine($"  API under /api ({(key is null ? "no key" : "key required")}), health at /healthz; core.local {(enableCoreLocal ? "enabled" : "disabled")}; store: {(storage is null ? "in memory (lost on exit)" : "Azure Table Storage")}.");
            stdout.WriteLine("  Ctrl-C stops.");
            stdout.Flush();
            try
            {
                await server.WaitForShutdownAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            stdout.WriteLine("orquesta serve: stopping.");
        }

        return 0;
    }
}
