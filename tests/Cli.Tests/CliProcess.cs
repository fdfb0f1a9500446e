using System.Diagnostics;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>The built command (<c>Orquesta.Azure.Cli.dll</c>) run as a separate process, as a shell runs it.</summary>
public static class CliProcess
{
    /// <summary>A start description for the command with these arguments, without the ORQUESTA_* variables of the test's environment.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Orquesta.Azure.Cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove(ServeCommand.KeyVariable);
        start.Environment.Remove("ORQUESTA_URL");
        start.Environment.Remove(Backend.StorageVariable);
        return start;
    }

    /// <summary>Runs the command to its end (at most a minute): exit code, stdout and stderr with \n line ends.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, (await output).ReplaceLineEndings("\n"), (await error).ReplaceLineEndings("\n"));
    }

    /// <summary>The repository root (the folder with Orquesta.Azure.sln) above the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orquesta.Azure.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("The repository root (with Orquesta.Azure.sln) was not found above the test assembly.");
    }

    /// <summary>The path of a file of <c>examples/</c>.</summary>
    public static string Example(string name) => Path.Combine(RepositoryRoot(), "examples", name);
}
