using System.Text.Json;

namespace Orquesta.Azure.Cli.Tests;

public sealed class InspectCommandTests : IDisposable
{
    private const string Good = """
        version: 1.0
        input:
          - name
        tasks:
          task1:
            action: core.echo message="Hello, <% ctx(name) %>"
            next:
              - when: <% succeeded() %>
                publish: greeting=<% result() %>
                do: task2
          task2:
            action: core.noop
        output:
          - greeting: <% ctx(greeting) %>
        """;

    // One error of each category, on known lines.
    private const string Bad = """
        version: 1.0
        vars:
          - a: 1
        tasks:
          task1:
            action: core.noop
            delay: true
            next:
              - when: <% succeeded( %>
                publish: x=<% ctx().nope %>
                do: task2
          task2:
            action: core.noop
            input:
              v: <% ctx().missing %>
            next:
              - do: task9
        """;

    private readonly CliFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Inspect_CleanWorkflow_SaysOkAndExitsZero()
    {
        var path = _files.Write("good.yaml", Good);
        var (code, output, error) = CliFiles.Run("inspect", path);
        Assert.Equal(0, code);
        Assert.Equal($"{path}: ok\n1 file inspected: 1 clean, 0 with errors (0 errors)\n", output);
        Assert.Empty(error);
    }

    [Fact]
    public void Inspect_ErrorsOfEachCategory_ReportsLineColumnSpecPathAndExitsOne()
    {
        var path = _files.Write("bad.yaml", Bad);
        var (code, output, _) = CliFiles.Run("inspect", path);
        Assert.Equal(1, code);
        var lines = output.Split('\n');
        Assert.Contains($"{path}:7:5: syntax: tasks.task1.delay: True is not valid under any of the given schemas", lines);
        Assert.Contains($"{path}:17:9: semantics: tasks.task2.next[0].do: The task \"task9\" is not defined.", lines);
        Assert.Contains($"{path}:9:9: expressions: tasks.task1.next[0].when: Parse error: unexpected end of statement", lines);
        Assert.Contains($"{path}:14:5: context: tasks.task2.input: Variable \"missing\" is referenced before assignment.", lines);
        Assert.Contains($"{path}:10:9: context: tasks.task1.next[0].publish[0]: Variable \"nope\" is referenced before assignment.", lines);
        Assert.Contains("    schema path: properties.tasks.patternProperties.^\\w+$.properties.delay.oneOf", lines);
        Assert.Contains("    expression: <% ctx().missing %>", lines);
        Assert.Equal("1 file inspected: 0 clean, 1 with errors (5 errors)", lines[^2]);
    }

    [Fact]
    public void Inspect_InvalidYaml_ReportsTheParserPositionAndExitsOne()
    {
        var path = _files.Write("broken.yaml", "version: 1.0\ntasks:\n  t1:\n    action: [core.noop\n");
        var (code, output, _) = CliFiles.Run("inspect", path);
        Assert.Equal(1, code);
        Assert.StartsWith($"{path}:5:1: definition: Failed to load workflow definition because ", output, StringComparison.Ordinal);
        Assert.EndsWith("1 file inspected: 0 clean, 1 with errors (1 error)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NoVersion_ReportsADefinitionErrorAndExitsOne()
    {
        var path = _files.Write("noversion.yaml", "tasks:\n  t1:\n    action: core.noop\n");
        var (code, output, _) = CliFiles.Run("inspect", path);
        Assert.Equal(1, code);
        Assert.StartsWith($"{path}: definition: Version of the workflow definition is not provided.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MissingFile_SaysSoOnStderrAndExitsTwo()
    {
        var good = _files.Write("good.yaml", Good);
        var missing = Path.Combine(_files.Dir, "nope.yaml");
        var (code, output, error) = CliFiles.Run("inspect", good, missing);
        Assert.Equal(2, code);
        Assert.Equal($"inspect: cannot read {missing}: no such file\n", error);
        Assert.EndsWith("2 files inspected: 1 clean, 0 with errors (0 errors), 1 unreadable\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NoArguments_IsAUsageErrorAndExitsTwo()
    {
        var (code, _, error) = CliFiles.Run("inspect");
        Assert.Equal(2, code);
        Assert.Contains("Required argument missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_Json_PrintsOneDocumentWithCategoriesLinesAndSummary()
    {
        var bad = _files.Write("bad.yaml", Bad);
        var good = _files.Write("good.yaml", Good);
        var broken = _files.Write("broken.yaml", "version: 1.0\ntasks: [\n");
        var (code, output, _) = CliFiles.Run("inspect", "--json", bad, good, broken);
        Assert.Equal(1, code);
        using var document = JsonDocument.Parse(output);
        var files = document.RootElement.GetProperty("files");
        Assert.Equal(3, files.GetArrayLength());

        var first = files[0];
        Assert.Equal(bad, first.GetProperty("file").GetString());
        Assert.Equal("invalid", first.GetProperty("status").GetString());
        var errors = first.GetProperty("errors");
        Assert.Equal(["syntax", "semantics", "expressions", "context"], errors.EnumerateObject().Select(p => p.Name));
        var expression = errors.GetProperty("expressions")[0];
        Assert.Equal("yaql", expression.GetProperty("type").GetString());
        Assert.Equal("<% succeeded( %>", expression.GetProperty("expression").GetString());
        Assert.Equal("tasks.task1.next[0].when", expression.GetProperty("spec_path").GetString());
        Assert.Equal(9, expression.GetProperty("line").GetInt32());
        Assert.Equal(9, expression.GetProperty("column").GetInt32());
        Assert.False(errors.GetProperty("syntax")[0].TryGetProperty("expression", out _));

        Assert.Equal("clean", files[1].GetProperty("status").GetString());
        Assert.Empty(files[1].GetProperty("errors").EnumerateObject());
        var definition = files[2].GetProperty("errors").GetProperty("definition")[0];
        Assert.Equal(JsonValueKind.Null, definition.GetProperty("spec_path").ValueKind);
        Assert.Equal(3, definition.GetProperty("line").GetInt32());

        var summary = document.RootElement.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("files").GetInt32());
        Assert.Equal(1, summary.GetProperty("clean").GetInt32());
        Assert.Equal(2, summary.GetProperty("invalid").GetInt32());
        Assert.Equal(6, summary.GetProperty("errors").GetInt32());
    }

    [Fact]
    public void Inspect_JsonWithMissingFile_ListsItAsUnreadableAndExitsTwo()
    {
        var missing = Path.Combine(_files.Dir, "nope.yaml");
        var (code, output, _) = CliFiles.Run("inspect", "--json", missing);
        Assert.Equal(2, code);
        using var document = JsonDocument.Parse(output);
        var file = document.RootElement.GetProperty("files")[0];
        Assert.Equal("unreadable", file.GetProperty("status").GetString());
        Assert.Equal("no such file", file.GetProperty("message").GetString());
    }
}
