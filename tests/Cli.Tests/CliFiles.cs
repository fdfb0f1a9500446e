namespace Orquesta.Azure.Cli.Tests;

/// <summary>A temporary folder of workflow files, and the command run in-process.</summary>
public sealed class CliFiles : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("orquesta-cli-").FullName;

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    public string Write(string name, string body)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, body);
        return path;
    }

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = OrquestaCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }
}
