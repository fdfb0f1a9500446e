using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orquesta.Azure.Conductor.Inspection;

namespace Orquesta.Azure.Cli;

/// <summary>
/// <c>orquesta inspect WORKFLOW.yaml...</c>: the reference's categorized inspection errors for
/// each file, each with the line and column its spec path is written at; then a summary.
/// Exit code 0 when every file is clean, 1 when a file has errors (inspection errors, or content
/// that is not a workflow definition, such as invalid YAML), 2 when a file cannot be read.
/// </summary>
internal static class InspectCommand
{
    /// <summary>The pseudo-category for a file that does not load as a workflow definition (invalid YAML, no <c>version</c>, ...).</summary>
    public const string DefinitionCategory = "definition";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("workflows")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Workflow definition files (YAML).",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON document with every file's errors instead of text." };
        var command = new Command("inspect", "Inspect workflow definitions: syntax, semantics, expressions and context, with lines.") { paths, json };
        command.SetAction(parse => Run(parse.GetValue(paths) ?? [], parse.GetValue(json), stdout, stderr));
        return command;
    }

    public static int Run(IReadOnlyList<string> paths, bool json, TextWriter stdout, TextWriter stderr)
    {
        var files = paths.Select(WorkflowFile.Read).ToList();
        foreach (var file in files.Where(f => f.ReadError is not null))
        {
            stderr.WriteLine($"inspect: cannot read {file.Path}: {file.ReadError}");
        }

        var reports = files.Select(Report.Of).ToList();
        if (json) WriteJson(reports, stdout);
        else WriteText(reports, stdout);

        if (reports.Any(r => r.File.ReadError is not null)) return 2;
        return reports.Any(r => r.Errors.Count > 0) ? 1 : 0;
    }

    /// <summary>Writes a file's errors, one per line (<c>file:line:column: category: spec_path: message</c>), with the schema path and expression below.</summary>
    public static void WriteErrors(Report report, TextWriter writer)
    {
        foreach (var error in report.Errors)
        {
            var where = error.Position is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"{report.File.Path}:{p.Line}:{p.Column}")
                : report.File.Path;
            var path = error.SpecPath is null ? "" : error.SpecPath + ": ";
            writer.WriteLine($"{where}: {error.Category}: {path}{error.Message}");
            if (error.Expression is not null) writer.WriteLine($"    expression: {error.Expression}");
            if (error.SchemaPath is not null) writer.WriteLine($"    schema path: {error.SchemaPath}");
        }
    }

    private static void WriteText(List<Report> reports, TextWriter stdout)
    {
        foreach (var report in reports)
        {
            if (report.File.ReadError is not null) continue;
            if (report.Errors.Count == 0) stdout.WriteLine($"{report.File.Path}: ok");
            else WriteErrors(report, stdout);
        }

        stdout.WriteLine(Summary(reports));
    }

    private static string Summary(List<Report> reports)
    {
        var clean = reports.Count(r => r.File.ReadError is null && r.Errors.Count == 0);
        var invalid = reports.Count(r => r.Errors.Count > 0);
        var unreadable = reports.Count(r => r.File.ReadError is not null);
        var errors = reports.Sum(r => r.Errors.Count);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Plural(reports.Count, "file")} inspected: {clean} clean, {invalid} with errors ({Plural(errors, "error")})");
        return unreadable > 0 ? string.Create(CultureInfo.InvariantCulture, $"{text}, {unreadable} unreadable") : text;
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static void WriteJson(List<Report> reports, TextWriter stdout)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("files");
            foreach (var report in reports)
            {
                writer.WriteStartObject();
                writer.WriteString("file", report.File.Path);
                if (report.File.ReadError is { } readError)
                {
                    writer.WriteString("status", "unreadable");
                    writer.WriteString("message", readError);
                    writer.WriteEndObject();
                    continue;
                }

                writer.WriteString("status", report.Errors.Count == 0 ? "clean" : "invalid");
                writer.WriteStartObject("errors");
                foreach (var category in report.Errors.GroupBy(e => e.Category))
                {
                    writer.WriteStartArray(category.Key);
                    foreach (var error in category) WriteJsonError(writer, error);
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("summary");
            writer.WriteNumber("files", reports.Count);
            writer.WriteNumber("clean", reports.Count(r => r.File.ReadError is null && r.Errors.Count == 0));
            writer.WriteNumber("invalid", reports.Count(r => r.Errors.Count > 0));
            writer.WriteNumber("unreadable", reports.Count(r => r.File.ReadError is not null));
            writer.WriteNumber("errors", reports.Sum(r => r.Errors.Count));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteJsonError(Utf8JsonWriter writer, LocatedError error)
    {
        writer.WriteStartObject();
        if (error.Category is InspectionCategory.Expressions or InspectionCategory.Context)
        {
            WriteNullable(writer, "type", error.Type);
            WriteNullable(writer, "expression", error.Expression);
        }

        writer.WriteString("message", error.Message);
        WriteNullable(writer, "spec_path", error.SpecPath);
        WriteNullable(writer, "schema_path", error.SchemaPath);
        if (error.Position is { } p)
        {
            writer.WriteNumber("line", p.Line);
            writer.WriteNumber("column", p.Column);
        }
        else
        {
            writer.WriteNull("line");
            writer.WriteNull("column");
        }

        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    /// <summary>An error with its category and where it is in the file.</summary>
    internal sealed record LocatedError(string Category, string Message, string? SpecPath, string? SchemaPath, string? Expression, string? Type, YamlPosition? Position);

    /// <summary>One file's errors in report order: a load failure, or the inspection categories in the reference's order.</summary>
    internal sealed record Report(WorkflowFile File, IReadOnlyList<LocatedError> Errors)
    {
        public static Report Of(WorkflowFile file)
        {
            if (file.LoadError is { } load)
            {
                var position = load.Line is { } line ? new YamlPosition(line, load.Column ?? 1) : (YamlPosition?)null;
                return new Report(file, [new LocatedError(DefinitionCategory, load.Message, null, null, null, null, position)]);
            }

            if (file.Spec is not { } spec) return new Report(file, []);
            var result = spec.Inspect();
            var errors = new List<LocatedError>();
            foreach (var (category, list) in result.Errors)
            {
                foreach (var e in list)
                {
                    errors.Add(new LocatedError(category, e.Message, e.SpecPath, e.SchemaPath, e.Expression, e.Type, file.Lines?.Find(e.SpecPath)));
                }
            }

            return new Report(file, errors);
        }
    }
}
