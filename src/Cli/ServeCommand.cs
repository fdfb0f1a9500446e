using System.CommandLine;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Cli;

/// <summary>
/// <c>orquesta serve [--urls URLS] [--key KEY] [--enable-core-local] [--storage CONNECTION [--task-hub NAME]]</c>:
/// the Function app's HTTP API on this machine (Kestrel) until Ctrl-C or SIGTERM. Without
/// <c>--storage</c> it runs on the embedded engine and everything is lost when it stops; with it,
/// on a Durable Task task hub on Azure Storage (or Azurite), which keeps executions through
/// crashes and restarts and lets several servers share the work.
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
        var backend = new BackendOptions();
        var command = new Command("serve", "Serve the HTTP API (the Function app's routes) until Ctrl-C: on the embedded engine, or with --storage on a durable task hub.") { urls, key, coreLocal };
        backend.AddTo(command);
        command.SetAction((parse, cancel) => RunAsync(
            (parse.GetValue(urls) ?? DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            parse.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable),
            parse.GetValue(coreLocal),
            backend.Read(parse),
            stdout,
            stderr,
            cancel));
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> urls, string? key, bool enableCoreLocal, Backend backend, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
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

        if (backend.Validate() is { } invalid)
        {
            stderr.WriteLine($"serve: {invalid}");
            return 2;
        }

        ApiServer server;
        try
        {
            server = await ApiServer.StartAsync(new ApiServerOptions { Urls = urls, Key = key, EnableCoreLocal = enableCoreLocal, Backend = backend }, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 1;
        }
        catch (Exception e) when (StartFailure.Describe(e) is { } reason)
        {
            // The message never holds the connection string or the key: both are only passed on.
            stderr.WriteLine($"serve: cannot start: {reason}");
            return 2;
        }

        await using (server.ConfigureAwait(false))
        {
            stdout.WriteLine($"orquesta serve: listening on {string.Join(", ", server.Addresses)}");
            stdout.WriteLine($"  API under /api ({(key is null ? "no key" : "key required")}), health at /healthz; core.local {(enableCoreLocal ? "enabled" : "disabled")}.");
            stdout.WriteLine($"  Work kept in {backend.Describe()}.");
            stdout.WriteLine("  Ctrl-C stops (running actions finish first).");
            stdout.Flush();
            try
            {
                await server.WaitForShutdownAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            stdout.WriteLine("orquesta serve: stopping. No new work is taken; running actions finish.");
            stdout.Flush();
        }

        stdout.WriteLine("orquesta serve: stopped.");
        return 0;
    }
}

/// <summary>Why an engine could not start, in words, for the exceptions that mean bad settings or an unreachable account.</summary>
internal static class StartFailure
{
    public static string? Describe(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerExceptions[0]),
        global::Azure.RequestFailedException r => $"the storage account refused a request ({r.Status} {r.ErrorCode}): {FirstLine(r.Message)}",
        HttpRequestException h => $"the storage account cannot be reached: {h.Message}",
        StorageException or IOException or ArgumentException or FormatException or InvalidOperationException => e.Message,
        _ => null,
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
