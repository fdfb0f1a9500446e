using System.Diagnostics;
using System.Net;

namespace Orquesta.Azure.Cli.Tests;

/// <summary><c>orquesta serve</c> as a process: it says where it listens, serves, and stops on SIGINT (Ctrl-C).</summary>
public sealed class ServeProcessTests
{
    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Orquesta.Azure.Cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove(ServeCommand.KeyVariable);
        return Process.Start(start)!;
    }

    [Fact]
    public async Task Serve_AsProcess_ListensServesAndStopsOnCtrlC()
    {
        using var process = Start("serve", "--urls", "http://127.0.0.1:0", "--key", "process-key");
        try
        {
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(first);
            Assert.StartsWith("orquesta serve: listening on http://127.0.0.1:", first, StringComparison.Ordinal);
            var address = new Uri(first["orquesta serve: listening on ".Length..].Trim());
            using var http = new HttpClient { BaseAddress = address };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/workflows")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/workflows?code=process-key")).StatusCode);

            using (var kill = Process.Start("kill", ["-s", "INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("orquesta serve: stopping.", rest, StringComparison.Ordinal);
            Assert.DoesNotContain("process-key", first + rest, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Serve_PublicAddressWithoutKey_RefusesWithExitCode2()
    {
        using var process = Start("serve", "--urls", "http://0.0.0.0:0");
        var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("without a key", error, StringComparison.Ordinal);
    }
}
