using System.CommandLine;
using Orquesta.Azure.Conductor.Conformance;

namespace Orquesta.Azure.Cli;

/// <summary>
/// <c>orquesta rehearse PATH...</c>: runs rehearsal specs (as StackStorm's
/// <c>orquesta-rehearse</c> does) and says, for each failing one, the first difference.
/// </summary>
internal static class RehearseCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Rehearsal specs (.yaml) or directories of them.",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print the specs that pass." };
        var command = new Command("rehearse", "Run workflow rehearsals: a workflow, mock action results, and what must happen.") { paths, verbose };
        command.SetAction(parse => ConformanceCommand.RunFiles(parse.GetValue(paths) ?? [], parse.GetValue(verbose), stdout, stderr, onlyKind: "rehearsal"));
        return command;
    }
}
