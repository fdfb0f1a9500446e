using System.CommandLine;
using Orquesta.Azure.Conductor.Conformance;

namespace Orquesta.Azure.Cli;

/// <summary>
/// <c>orquesta conformance PATH...</c>: runs conformance files and directories of them against
/// this implementation; one line per failing case, then <c>N passed, M failed</c>.
/// </summary>
internal static class ConformanceCommand
{
    private static string ReadRelative(string folder, string relative)
    {
        var path = Path.Combine(folder, relative);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RehearsalSpecException($"Unable to open workflow definition at \"{path}\": {e.Message}", e);
        }
    }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Conformance files (.jsonl vectors, .yaml rehearsal specs, .json traces) or directories of them.",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print the cases that pass." };
        var command = new Command("conformance", "Check this implementation against the reference's recorded behaviour.") { paths, verbose };
        command.SetAction(parse => RunFiles(parse.GetValue(paths) ?? [], parse.GetValue(verbose), stdout, stderr));
        return command;
    }

    /// <summary>Runs the cases in <paramref name="paths"/>; with <paramref name="onlyKind"/>, only cases of that kind.</summary>
    public static int RunFiles(IReadOnlyList<string> paths, bool verbose, TextWriter stdout, TextWriter stderr, string? onlyKind = null)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                stderr.WriteLine($"conformance: no such file or directory: {path}");
                return 2;
            }
        }

        int passed = 0, failed = 0;
        foreach (var file in files)
        {
            string content;
            try
            {
                content = File.ReadAllText(file);
            }
            catch (IOException e)
            {
                stderr.WriteLine($"conformance: cannot read {file}: {e.Message}");
                failed++;
                continue;
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
            foreach (var @case in ConformanceSuite.Cases(file, content, relative => ReadRelative(folder, relative)))
            {
                if (onlyKind is not null && @case.Kind != onlyKind) continue;
                var result = @case.Run();
                if (result.Passed)
                {
                    passed++;
                    if (verbose) stdout.WriteLine(result.Describe());
                }
                else
                {
                    failed++;
                    stdout.WriteLine(result.Describe());
                }
            }
        }

        if (passed + failed == 0) stderr.WriteLine("conformance: no conformance cases found in the given paths.");
        stdout.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 && passed > 0 ? 0 : 1;
    }
}
