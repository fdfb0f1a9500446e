namespace Orquesta.Azure.Cli.Tests;

public class ExampleTests
{
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orquesta.Azure.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("The repository root (with Orquesta.Azure.sln) was not found above the test assembly.");
    }

    [Fact]
    public void Rehearse_ExampleRehearsals_AllPass()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = OrquestaCommand.Run(["rehearse", Path.Combine(RepositoryRoot(), "examples", "rehearsals")], stdout, stderr);
        Assert.True(code == 0, stdout.ToString() + stderr);
        Assert.Matches(@"^[1-9]\d* passed, 0 failed$", stdout.ToString().Trim());
    }

    [Fact]
    public void Inspect_ExampleWorkflows_AreClean()
    {
        var workflows = Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples"), "*.yaml");
        Assert.NotEmpty(workflows);
        var (code, output, error) = CliFiles.Run(["inspect", .. workflows]);
        Assert.True(code == 0, output + error);
    }

    [Fact]
    public void Graph_RollbackRetryExample_DrawsEveryTask()
    {
        var (code, output, _) = CliFiles.Run("graph", Path.Combine(RepositoryRoot(), "examples", "rollback-retry.yaml"));
        Assert.Equal(0, code);
        foreach (var task in new[] { "init", "check", "create", "rollback", "delete" }) Assert.Contains($"[\"{task}<br>core.local\"]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RollbackRetryExample_SucceedsWithRealShellCommands()
    {
        var (code, output, error) = CliFiles.Run("run", Path.Combine(RepositoryRoot(), "examples", "rollback-retry.yaml"));
        Assert.True(code == 0, output + error);
        Assert.Matches(@"\] create +succeeded [3-9]\.\d\ds\n", output);
        Assert.Matches(@"\] check +failed", output);
        Assert.Matches(@"\] rollback +succeeded", output);
        Assert.Matches(@"\] delete +succeeded", output);
        Assert.Contains("rollback-retry: succeeded in ", output, StringComparison.Ordinal);
    }
}
