using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>
/// One <c>orquesta serve</c> process on a loopback port (port 0): started with the given options,
/// its output captured, stopped with SIGINT (as Ctrl-C) or killed with SIGKILL (as a crash).
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "orquesta serve: listening on ";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _drain;

    private ServeProcess(Process process, Uri baseAddress, string? key, string first)
    {
        _process = process;
        BaseAddress = baseAddress;
        _output.AppendLine(first);
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) Http.DefaultRequestHeaders.Add("x-functions-key", key);
        _drain = Task.WhenAll(DrainAsync(process.StandardOutput), DrainAsync(process.StandardError));
    }

    /// <summary>Where the server listens (ends with a slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client with the key.</summary>
    public HttpClient Http { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The process's exit code, once it has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts <c>serve --urls http://127.0.0.1:0</c> with <paramref name="args"/> and waits until it says where it listens.</summary>
    /// <param name="key">The key to send (also pass it in <paramref name="args"/> as <c>--key</c>).</param>
    /// <param name="args">More options of <c>serve</c>.</param>
    public static async Task<ServeProcess> StartAsync(string? key, params string[] args)
    {
        var process = Process.Start(CliProcess.StartInfo(["serve", "--urls", "http://127.0.0.1:0", .. args]))!;
        string? first;
        try
        {
            // The durable backend creates its queues, tables and containers first: allow for that.
            first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }

        if (first is null || !first.StartsWith(ListeningPrefix, StringComparison.Ordinal))
        {
            var errors = await process.StandardError.ReadToEndAsync();
            process.Dispose();
            throw new InvalidOperationException($"serve did not say where it listens: {first} {errors}");
        }

        return new ServeProcess(process, new Uri(first[ListeningPrefix.Length..].Trim().TrimEnd('/') + "/"), key, first);
    }

    /// <summary>SIGKILL to the process and everything it started (its running shell actions): a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGINT (Ctrl-C), then waits for the process to end; its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-s", "INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await _process.WaitForExitAsync().WaitAsync(timeout);
        }

        await _drain.WaitAsync(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited) await StopAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output) _output.AppendLine(line);
        }
    }
}
