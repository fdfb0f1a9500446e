using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Orquesta.Azure.Cli;

/// <summary>
/// <c>orquesta workflow save|list|get|delete</c>: workflow definitions on a server (the Function
/// app or <c>orquesta serve</c>) through the HTTP API.
/// </summary>
internal static class WorkflowCommand
{
    public static Command Create(ClientCommand client)
    {
        var group = client.Group("workflow", "Save, list, read and delete workflow definitions on a server (the Function app or orquesta serve).");
        group.Subcommands.Add(Save(client));
        group.Subcommands.Add(List(client));
        group.Subcommands.Add(Get(client));
        group.Subcommands.Add(Delete(client));
        return group;
    }

    private static Command Save(ClientCommand client)
    {
        var file = new Argument<string>("file") { Description = "The workflow definition (YAML)." };
        var name = new Option<string?>("--name") { Description = "The name to save it under (default: the file name without its extension)." };
        var command = new Command("save", "Save a workflow definition from a YAML file as a new version; prints the version, or the inspection errors.") { file, name };
        client.Bind(command, "workflow save", async (parse, c, cancel) =>
        {
            var path = parse.GetValue(file)!;
            byte[] yaml;
            try
            {
                yaml = await File.ReadAllBytesAsync(path, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new ClientException($"cannot read {path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}", 2);
            }

            var workflow = parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(path);
            using var content = new ByteArrayContent(yaml);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml") { CharSet = "utf-8" };
            ApiResponse saved;
            try
            {
                saved = await c.Api.SendAsync(HttpMethod.Put, "workflows/" + ApiClient.Segment(workflow), content, cancel).ConfigureAwait(false);
            }
            catch (ClientException e) when (e.Body is not null && Inspection(e.Body) is { } inspection)
            {
                c.Stderr.WriteLine($"workflow save: {path} was not saved: {e.Message}");
                WriteInspection(inspection, path, Encoding.UTF8.GetString(yaml), c.Stderr);
                if (c.Json) c.Stdout.WriteLine(e.Body);
                return 1;
            }

            if (c.Json)
            {
                c.Stdout.WriteLine(saved.Body);
                return 0;
            }

            var json = saved.Json;
            c.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"saved {json.GetProperty("name").GetString()} version {json.GetProperty("version").GetInt64()}"));
            return 0;
        });
        return command;
    }

    private static Command List(ClientCommand client)
    {
        var command = new Command("list", "List the saved workflows with their latest version.");
        client.Bind(command, "workflow list", async (parse, c, cancel) =>
        {
            var response = await c.Api.GetAsync("workflows", cancel).ConfigureAwait(false);
            if (c.Json)
            {
                c.Stdout.WriteLine(response.Body);
                return 0;
            }

            var rows = response.Json.GetProperty("workflows").EnumerateArray()
                .Select(w => new[] { w.GetProperty("name").GetString() ?? "", w.GetProperty("version").GetInt64().ToString(CultureInfo.InvariantCulture), w.GetProperty("updated").GetString() ?? "" })
                .ToList();
            if (rows.Count == 0) c.Stdout.WriteLine("no workflows");
            else Table.Write(c.Stdout, ["NAME", "VERSION", "UPDATED"], rows);
            return 0;
        });
        return command;
    }

    private static Command Get(ClientCommand client)
    {
        var name = new Argument<string>("name") { Description = "The workflow's name." };
        var version = new Option<int?>("--version") { Description = "An older version (default: the latest)." };
        var command = new Command("get", "Print a saved workflow definition (YAML; the version goes to stderr).") { name, version };
        client.Bind(command, "workflow get", async (parse, c, cancel) =>
        {
            var query = parse.GetValue(version) is { } v ? string.Create(CultureInfo.InvariantCulture, $"?version={v}") : "";
            var response = await c.Api.GetAsync("workflows/" + ApiClient.Segment(parse.GetValue(name)!) + query, cancel).ConfigureAwait(false);
            if (c.Json)
            {
                c.Stdout.WriteLine(response.Body);
                return 0;
            }

            var json = response.Json;
            // Only the YAML on stdout, so that `orquesta workflow get NAME > NAME.yaml` gives the file back.
            c.Stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {json.GetProperty("name").GetString()} version {json.GetProperty("version").GetInt64()}, saved {json.GetProperty("saved").GetString()}"));
            var yaml = json.GetProperty("yaml").GetString() ?? "";
            c.Stdout.Write(yaml);
            if (!yaml.EndsWith('\n')) c.Stdout.WriteLine();
            return 0;
        });
        return command;
    }

    private static Command Delete(ClientCommand client)
    {
        var name = new Argument<string>("name") { Description = "The workflow's name." };
        var command = new Command("delete", "Delete a workflow (every version; its executions stay).") { name };
        client.Bind(command, "workflow delete", async (parse, c, cancel) =>
        {
            var workflow = parse.GetValue(name)!;
            await c.Api.SendAsync(HttpMethod.Delete, "workflows/" + ApiClient.Segment(workflow), null, cancel).ConfigureAwait(false);
            if (!c.Json) c.Stdout.WriteLine($"deleted {workflow}");
            return 0;
        });
        return command;
    }

    /// <summary>The <c>inspection</c> object of a 400 answer to a save, if it has one.</summary>
    private static JsonElement? Inspection(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("inspection", out var inspection) && inspection.ValueKind == JsonValueKind.Object ? inspection.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The server's categorized errors as <c>orquesta inspect</c> prints them, with the line found in the local file.</summary>
    private static void WriteInspection(JsonElement inspection, string path, string yaml, TextWriter writer)
    {
        var lines = YamlLineMap.TryBuild(yaml);
        foreach (var category in inspection.EnumerateObject())
        {
            foreach (var error in category.Value.EnumerateArray())
            {
                var specPath = Text(error, "spec_path");
                var where = lines?.Find(specPath) is { } p ? string.Create(CultureInfo.InvariantCulture, $"{path}:{p.Line}:{p.Column}") : path;
                writer.WriteLine($"{where}: {category.Name}: {(specPath is null ? "" : specPath + ": ")}{Text(error, "message")}");
                if (Text(error, "expression") is { } expression) writer.WriteLine($"    expression: {expression}");
                if (Text(error, "schema_path") is { } schema) writer.WriteLine($"    schema path: {schema}");
            }
        }
    }

    internal static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Plain left-aligned columns, as <c>kubectl get</c> prints them.</summary>
internal static class Table
{
    public static void Write(TextWriter writer, IReadOnlyList<string> headings, IReadOnlyList<string[]> rows)
    {
        var widths = headings.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        writer.WriteLine(Line(headings, widths));
        foreach (var row in rows) writer.WriteLine(Line(row, widths));
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => i == cells.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd();
}
