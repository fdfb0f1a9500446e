namespace Orquesta.Azure.Cli.Tests;

public sealed class GraphCommandTests : IDisposable
{
    private const string Workflow = """
        version: 1.0
        input:
          - x
        tasks:
          start:
            action: core.echo message="a|b"
            next:
              - when: <% succeeded() and ctx().x = "y" and [1, 2][0] > 0 %>
                publish:
                  - out: <% result() %>
                do: j, end
              - when: '{{ failed() }}'
                do: fail
              - do: noop
          end:
            action: core.noop
            retry:
              count: 3
              when: <% failed() %>
            next:
              - when: <% ctx(out) = 'a#b' %>
                do: j
              - when: <% failed() %>
          j:
            join: all
            action: core.noop
        """;

    private readonly CliFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Graph_DefaultFormat_PrintsAMermaidFlowchart()
    {
        var path = _files.Write("wf.yaml", Workflow);
        var (code, output, error) = CliFiles.Run("graph", path);
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Equal("""
            flowchart TD
                n0["start<br>core.echo"]
                n1["end<br>core.noop"]
                n2(["fail"]):::fail
                n3["j<br>core.noop<br>join: all"]:::join
                n4(["noop"]):::noop
                n5(["continue"]):::continue
                n0 -->|"succeeded() and ctx().x = #quot;y#quot; and [1, 2][0] #gt; 0<br>publish: out"| n1
                n0 -->|"failed()"| n2
                n0 -->|"succeeded() and ctx().x = #quot;y#quot; and [1, 2][0] #gt; 0<br>publish: out"| n3
                n0 --> n4
                n1 -.->|"retry when failed(), count 3"| n1
                n1 -->|"failed()"| n5
                n1 -->|"ctx(out) = 'a#35;b'"| n3
                classDef join stroke-width:3px
                classDef noop fill:#eeeeee,stroke:#888888,color:#333333
                classDef fail fill:#fde2e2,stroke:#c62828,color:#8e0000
                classDef continue fill:#e3f2e1,stroke:#2e7d32,color:#1b5e20

            """, output);
    }

    [Fact]
    public void Graph_Dot_PrintsADigraphWithEscapedLabels()
    {
        var path = _files.Write("wf.yaml", Workflow);
        var (code, output, _) = CliFiles.Run("graph", path, "--format", "dot");
        Assert.Equal(0, code);
        Assert.StartsWith("digraph workflow {\n", output, StringComparison.Ordinal);
        Assert.Contains("""    "start" -> "end" [label="succeeded() and ctx().x = \"y\" and [1, 2][0] > 0\npublish: out"];""", output, StringComparison.Ordinal);
        Assert.Contains("""    "j" [label="j\ncore.noop\njoin: all", peripheries=2];""", output, StringComparison.Ordinal);
        Assert.Contains("""    "fail" [label="fail", shape=ellipse""", output, StringComparison.Ordinal);
        Assert.Contains("""    "end" -> "end" [label="retry when failed(), count 3", style=dashed];""", output, StringComparison.Ordinal);
        Assert.Contains("""    "start" -> "noop";""", output, StringComparison.Ordinal);
        Assert.EndsWith("}\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_JoinCountRetryCommandAndItems_AreMarked()
    {
        var path = _files.Write("join.yaml", """
            version: 1.0
            tasks:
              a:
                action: core.noop
                next:
                  - do: b, c
              b:
                action: core.noop
                next:
                  - when: <% failed() %>
                    do: retry
                  - do: j
              c:
                action: core.noop
                with: x in <% list(1, 2) %>
                next:
                  - do: j
              j:
                join: 1
                action: core.noop
            """);
        var (code, output, _) = CliFiles.Run("graph", path);
        Assert.Equal(0, code);
        Assert.Contains("    n2[\"c<br>core.noop<br>with items\"]\n", output, StringComparison.Ordinal);
        Assert.Contains("    n3[\"j<br>core.noop<br>join: 1\"]:::join\n", output, StringComparison.Ordinal);
        Assert.Contains("    n1 -.->|\"retry when failed(), count 3\"| n1\n", output, StringComparison.Ordinal);
        Assert.Contains("    n0 --> n1\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("say \"hi\" <b> & #1 | `x`", "say #quot;hi#quot; #lt;b#gt; #amp; #35;1 #124; #96;x#96;")]
    [InlineData("[a]{b}(c)", "[a]{b}(c)")]
    [InlineData("line\nbreak", "line break")]
    public void MermaidEscape_SpecialCharacters_BecomeEntityCodes(string text, string expected) =>
        Assert.Equal(expected, WorkflowDiagram.MermaidEscape(text));

    [Theory]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"a\nb", "\"a\\\\nb\"")]
    [InlineData("[a] <b> {c}", "\"[a] <b> {c}\"")]
    [InlineData("two\nlines", "\"two\\nlines\"")]
    public void DotQuote_SpecialCharacters_AreEscaped(string text, string expected) =>
        Assert.Equal(expected, WorkflowDiagram.DotQuote(text));

    [Theory]
    [InlineData("<% succeeded() %>", "succeeded()")]
    [InlineData("{{ failed() }}", "failed()")]
    [InlineData("<% a %> and <% b %>", "<% a %> and <% b %>")]
    [InlineData("<% ctx().x\n  = 1 %>", "ctx().x = 1")]
    public void Condition_Expression_DropsOneExpressionsDelimiters(string expression, string expected) =>
        Assert.Equal(expected, WorkflowDiagram.Condition(expression));

    [Fact]
    public void Graph_InvalidWorkflow_PrintsInspectionErrorsAndExitsTwo()
    {
        var path = _files.Write("bad.yaml", "version: 1.0\ntasks:\n  task1:\n    action: core.noop\n    next:\n      - do: task9\n");
        var (code, output, error) = CliFiles.Run("graph", path);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains($"{path}:6:9: semantics: tasks.task1.next[0].do: The task \"task9\" is not defined.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_InvalidYaml_ExitsTwo()
    {
        var path = _files.Write("broken.yaml", "version: 1.0\ntasks: [\n");
        var (code, _, error) = CliFiles.Run("graph", path);
        Assert.Equal(2, code);
        Assert.Contains("definition: Failed to load workflow definition because", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_MissingFile_ExitsTwo()
    {
        var (code, _, error) = CliFiles.Run("graph", Path.Combine(_files.Dir, "nope.yaml"));
        Assert.Equal(2, code);
        Assert.StartsWith("graph: cannot read ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_UnknownFormat_IsAUsageErrorAndExitsTwo()
    {
        var path = _files.Write("wf.yaml", Workflow);
        var (code, _, error) = CliFiles.Run("graph", path, "--format", "svg");
        Assert.Equal(2, code);
        Assert.Contains("'svg'", error, StringComparison.Ordinal);
    }
}
