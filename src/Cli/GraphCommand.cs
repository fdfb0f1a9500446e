using System.CommandLine;

namespace Orquesta.Azure.Cli;

/// <summary>
/// <c>orquesta graph WORKFLOW.yaml [--format mermaid|dot]</c>: the workflow graph as the engine
/// composes it, as Mermaid (the default) or Graphviz DOT text. Exit code 0, or 2 when the file
/// cannot be read or the workflow is invalid (its errors go to stderr).
/// </summary>
internal static class GraphCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("workflow") { Description = "A workflow definition file (YAML)." };
        var format = new Option<string>("--format", "-f")
        {
            Description = "mermaid (a flowchart for Markdown) or dot (Graphviz).",
            DefaultValueFactory = _ => "mermaid",
        };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("graph", "Draw a workflow: tasks, transitions with their conditions, joins, engine commands.") { path, format };
        command.SetAction(parse => Run(parse.GetValue(path)!, parse.GetValue(format) ?? "mermaid", stdout, stderr));
        return command;
    }

    public static int Run(string path, string format, TextWriter stdout, TextWriter stderr)
    {
        var file = WorkflowFile.Read(path);
        if (file.ReadError is not null)
        {
            stderr.WriteLine($"graph: cannot read {file.Path}: {file.ReadError}");
            return 2;
        }

        var report = InspectCommand.Report.Of(file);
        if (file.Spec is not { } spec || report.Errors.Count > 0)
        {
            stderr.WriteLine($"graph: {file.Path} is not a valid workflow:");
            InspectCommand.WriteErrors(report, stderr);
            return 2;
        }

        var diagram = WorkflowDiagram.Of(spec);
        stdout.Write(format == "dot" ? diagram.ToDot() : diagram.ToMermaid());
        return 0;
    }
}
