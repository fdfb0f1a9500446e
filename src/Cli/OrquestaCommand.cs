using System.CommandLine;

namespace Orquesta.Azure.Cli;

/// <summary>The <c>orquesta</c> command line: one root, one subcommand per task.</summary>
internal static class OrquestaCommand
{
    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("orquesta: run, inspect and check Orquesta workflows.");
        root.Subcommands.Add(ConformanceCommand.Create(stdout, stderr));
        root.Subcommands.Add(RehearseCommand.Create(stdout, stderr));
        root.Subcommands.Add(InspectCommand.Create(stdout, stderr));
        root.Subcommands.Add(GraphCommand.Create(stdout, stderr));
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(ServeCommand.Create(stdout, stderr));
        var client = new ClientCommand(stdout, stderr);
        root.Subcommands.Add(WorkflowCommand.Create(client));
        root.Subcommands.Add(ExecutionCommand.Create(client));
        var parsed = root.Parse(args);
        // Exit code 2 for a usage error, so that 1 can mean "checked, and found problems".
        if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var error in parsed.Errors) stderr.WriteLine(error.Message);
            stderr.WriteLine("Run 'orquesta --help' for usage.");
            return 2;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
