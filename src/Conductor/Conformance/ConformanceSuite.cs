using System.Text.Json;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conformance;

/// <summary>One case of a conformance file, ready to run.</summary>
/// <param name="Name">Where the case is (file and line).</param>
/// <param name="Kind">expression, inspection, rehearsal or trace.</param>
/// <param name="Run">Runs the case.</param>
public sealed record ConformanceCase(string Name, string Kind, Func<ConformanceResult> Run);

/// <summary>
/// Turns the files of a conformance corpus into cases, telling the kinds apart by their
/// content: expression and inspection vectors (<c>.jsonl</c>), rehearsal specs (<c>.yaml</c>)
/// and conductor traces (<c>.json</c>). The same cases drive <c>dotnet test</c> and the CLI's
/// <c>conformance</c> command. Reading files is the caller's business: this stays pure.
/// </summary>
public static class ConformanceSuite
{
    /// <summary>The cases in one file; none when the file is not a conformance file (a plain workflow, a README).</summary>
    /// <param name="name">The file's name or path, used in case names and to tell the format.</param>
    /// <param name="content">The file's text.</param>
    /// <param name="readRelative">Reads a file named relative to this one (a rehearsal spec's workflow); <see langword="null"/> when there is none to read.</param>
    public static IReadOnlyList<ConformanceCase> Cases(string name, string content, Func<string, string>? readRelative = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(content);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        return extension switch
        {
            ".jsonl" => JsonLinesCases(name, content),
            ".yaml" or ".yml" => RehearsalCases(name, content, readRelative),
            ".json" => TraceCases(name, content),
            _ => [],
        };
    }

    private static List<ConformanceCase> RehearsalCases(string name, string content, Func<string, string>? readRelative)
    {
        object? document;
        try
        {
            document = YamlValues.Parse(content);
        }
        catch (OrquestaException)
        {
            // Not YAML this suite can read: not a rehearsal spec either (a workflow file is checked by inspection).
            return [];
        }

        if (!Rehearsals.IsRehearsal(document)) return [];
        var spec = (DictValue)document!;
        var reader = readRelative ?? (path => throw new RehearsalSpecException($"Unable to open workflow definition at \"{path}\": no file reader was given."));
        return [new ConformanceCase(name, "rehearsal", () => Rehearsals.Run(name, spec, reader))];
    }

    private static List<ConformanceCase> TraceCases(string name, string content)
    {
        object? document;
        try
        {
            document = JsonValues.Parse(content);
        }
        catch (JsonException e)
        {
            var message = e.Message;
            return [new ConformanceCase(name, "invalid", () => new ConformanceResult(name, false, "a JSON file", "JSON", message))];
        }

        if (!ConductorTraces.IsTrace(document)) return [];
        var trace = (DictValue)document!;
        var conductors = trace.GetValueOrDefault("conductors") as ListValue ?? ListValue.Empty;
        var cases = new List<ConformanceCase>();
        for (var i = 0; i < conductors.Count; i++)
        {
            var index = i;
            var caseName = conductors.Count == 1 ? name : $"{name}#{i + 1}";
            cases.Add(new ConformanceCase(caseName, "trace", () => ConductorTraces.RunConductor(caseName, trace, index)));
        }

        return cases;
    }

    private static List<ConformanceCase> JsonLinesCases(string name, string content)
    {
        var cases = new List<ConformanceCase>();
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var caseName = $"{name}:{i + 1}";
            DictValue vector;
            try
            {
                vector = ExpressionVectors.ParseLine(line);
            }
            catch (JsonException e)
            {
                var message = e.Message;
                cases.Add(new ConformanceCase(caseName, "invalid", () => new ConformanceResult(caseName, false, "a line of the file", "a JSON object", message)));
                continue;
            }

            if (ExpressionVectors.IsVector(vector))
            {
                cases.Add(new ConformanceCase(caseName, "expression", () => ExpressionVectors.Run(caseName, vector)));
            }
            else if (vector.ContainsKey("workflow") && vector.ContainsKey("errors"))
            {
                cases.Add(new ConformanceCase(caseName, "inspection", () => InspectionVectors.Run(caseName, vector)));
            }
            else
            {
                cases.Add(new ConformanceCase(caseName, "invalid", () => new ConformanceResult(caseName, false, "a line of the file", "an expression or inspection vector", "an object of neither kind")));
            }
        }

        return cases;
    }
}
