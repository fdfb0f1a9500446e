using System.Diagnostics;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>The built command run as a process: exit codes and streams as a shell sees them.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly CliFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static (int Code, string Out, string Err) RunProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Orquesta.Azure.Cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "the command did not finish within a minute");
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void RehearseAndConformance_AsProcess_ExampleRehearsalsPassAndABrokenSpecFails()
    {
        var rehearsals = Path.Combine(ExampleTests.RepositoryRoot(), "examples", "rehearsals");
        var (code, output, _) = RunProcess("rehearse", rehearsals);
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+ passed, 0 failed$", output.Trim().Split('\n')[^1]);
        var (conformanceCode, conformanceOutput, _) = RunProcess("conformance", rehearsals);
        Assert.Equal(0, conformanceCode);
        Assert.EndsWith("passed, 0 failed", conformanceOutput.Trim(), StringComparison.Ordinal);

        var workflow = _files.Write("wf.yaml", "version: 1.0\ntasks:\n  t1:\n    action: core.noop\n");
        var spec = _files.Write("wf-spec.yaml", $"workflow: {Path.GetFileName(workflow)}\nexpected_task_sequence: [t1, t2]\n");
        var (failedCode, failedOutput, _) = RunProcess("rehearse", spec);
        Assert.Equal(1, failedCode);
        Assert.Contains("0 passed, 1 failed", failedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_AsProcess_ExitCodesTellCleanInvalidAndUnreadableApart()
    {
        var good = _files.Write("good.yaml", "version: 1.0\ntasks:\n  t1:\n    action: core.noop\n");
        var bad = _files.Write("bad.yaml", "version: 1.0\ntasks:\n  t1:\n    action: core.noop\n    next:\n      - do: t9\n");
        Assert.Equal(0, RunProcess("inspect", good).Code);
        var (code, output, _) = RunProcess("inspect", good, bad);
        Assert.Equal(1, code);
        Assert.Contains($"{bad}:6:9: semantics:", output, StringComparison.Ordinal);
        var (missingCode, _, error) = RunProcess("inspect", Path.Combine(_files.Dir, "nope.yaml"));
        Assert.Equal(2, missingCode);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_AsProcess_PrintsDotOnStdout()
    {
        var path = _files.Write("wf.yaml", "version: 1.0\ntasks:\n  t1:\n    action: core.noop\n    next:\n      - do: t2\n  t2:\n    action: core.noop\n");
        var (code, output, error) = RunProcess("graph", "--format", "dot", path);
        Assert.True(code == 0, error);
        Assert.Contains("\"t1\" -> \"t2\";", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AsProcess_ExitCodesTellSucceededFailedAndInvalidApart()
    {
        var good = _files.Write("good.yaml", "version: 1.0\noutput:\n  - n: <% ctx(n) %>\ninput:\n  - n\ntasks:\n  t1:\n    action: core.local cmd=\"true\"\n");
        var (code, output, error) = RunProcess("run", good, "--input", "n=[1]", "--json");
        Assert.True(code == 0, output + error);
        Assert.StartsWith("{", output, StringComparison.Ordinal);
        Assert.Contains("\"n\": [\n      1\n    ]", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("t1", error, StringComparison.Ordinal);

        var bad = _files.Write("bad.yaml", "version: 1.0\ntasks:\n  t1:\n    action: core.local cmd=\"exit 1\"\n");
        Assert.Equal(1, RunProcess("run", bad).Code);
        var invalid = _files.Write("invalid.yaml", "version: 1.0\ntasks:\n  t1:\n    next:\n      - do: t9\n");
        Assert.Equal(2, RunProcess("run", invalid).Code);
    }
}
