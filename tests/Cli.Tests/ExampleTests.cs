namespace Orquesta.Azure.Cli.Tests;

public class ExampleTests
{
    private static string RepositoryRoot()
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
}
