using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Cli;

/// <summary>What a node of the drawing stands for.</summary>
internal enum DiagramNodeKind
{
    /// <summary>A task of the workflow.</summary>
    Task,

    /// <summary>The engine command <c>noop</c>.</summary>
    Noop,

    /// <summary>The engine command <c>fail</c>.</summary>
    Fail,

    /// <summary>The engine command <c>continue</c> (also a transition without <c>do</c>).</summary>
    Continue,
}

/// <summary>A node: a task or engine command, with the lines of its label.</summary>
/// <param name="Id">The task name.</param>
/// <param name="Kind">What the node is.</param>
/// <param name="Lines">The label: the name, then the action, <c>with items</c>, <c>join: ...</c> when they apply.</param>
/// <param name="IsJoin">Whether the task is a join (a barrier).</param>
internal sealed record DiagramNode(string Id, DiagramNodeKind Kind, IReadOnlyList<string> Lines, bool IsJoin);

/// <summary>An edge: a transition (labelled with its condition and published names) or a task's retry (a loop).</summary>
/// <param name="Source">The task the edge leaves.</param>
/// <param name="Destination">The task it leads to (the source itself for a retry).</param>
/// <param name="Lines">The label's lines; empty for an unconditional transition that publishes nothing.</param>
/// <param name="IsRetry">Whether this is a retry loop rather than a transition.</param>
internal sealed record DiagramEdge(string Source, string Destination, IReadOnlyList<string> Lines, bool IsRetry);

/// <summary>
/// The workflow graph as the engine composes it (<see cref="WorkflowComposer"/>), reduced to what
/// a person wants to see, and written as Mermaid or Graphviz DOT. Nodes come in the composer's
/// order (breadth-first from the start tasks), edges by source then destination: the output is
/// stable for a given definition.
/// </summary>
internal sealed partial class WorkflowDiagram
{
    private const int MaxLabelLength = 80;

    private WorkflowDiagram(IReadOnlyList<DiagramNode> nodes, IReadOnlyList<DiagramEdge> edges)
    {
        Nodes = nodes;
        Edges = edges;
    }

    public IReadOnlyList<DiagramNode> Nodes { get; }

    public IReadOnlyList<DiagramEdge> Edges { get; }

    /// <summary>The diagram of a workflow that passed inspection.</summary>
    public static WorkflowDiagram Of(WorkflowSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var graph = WorkflowComposer.Compose(spec);
        var nodes = new List<DiagramNode>();
        var edges = new List<DiagramEdge>();
        foreach (var id in graph.TaskIds)
        {
            var kind = id switch
            {
                "noop" => DiagramNodeKind.Noop,
                "fail" => DiagramNodeKind.Fail,
                "continue" => DiagramNodeKind.Continue,
                _ => DiagramNodeKind.Task,
            };
            var lines = new List<string> { id };
            var task = kind == DiagramNodeKind.Task ? spec.Tasks.GetTask(id) : null;
            if (task?.Action is { } action) lines.Add(Shorten(action.Split(' ', 2)[0]));
            if (task?.HasItems == true) lines.Add("with items");
            var barrier = graph.GetBarrier(id);
            var isJoin = barrier is not (null or "");
            if (isJoin) lines.Add("join: " + (barrier is "*" ? "all" : Text(barrier)));
            nodes.Add(new DiagramNode(id, kind, lines, isJoin));

            if (graph.GetTaskRetrySpec(id) is DictValue retry) edges.Add(new DiagramEdge(id, id, [RetryLabel(retry)], IsRetry: true));
            foreach (var transition in graph.GetNextTransitions(id))
            {
                var label = new List<string>();
                var conditions = transition.Criteria.OfType<string>().Select(Condition).ToList();
                if (conditions.Count > 0) label.Add(Shorten(string.Join(" and ", conditions)));
                if (PublishedNames(spec, id, transition.Ref) is { Count: > 0 } published) label.Add(Shorten("publish: " + string.Join(", ", published)));
                edges.Add(new DiagramEdge(id, transition.Destination, label, IsRetry: false));
            }
        }

        return new WorkflowDiagram(nodes, edges);
    }

    private static List<string>? PublishedNames(WorkflowSpec spec, string source, object? reference)
    {
        if (reference is not long index || !spec.Tasks.TryGetTask(source, out var task)) return null;
        var transition = task.Next.FirstOrDefault(t => t.Index == index);
        return transition?.Publish.Select(p => p.Name).ToList();
    }

    private static string RetryLabel(DictValue retry)
    {
        var text = new StringBuilder("retry");
        if (retry.GetValueOrDefault("when") is string when) text.Append(" when ").Append(Condition(when));
        if (retry.GetValueOrDefault("count") is { } count) text.Append(", count ").Append(Text(count));
        if (retry.GetValueOrDefault("delay") is { } delay) text.Append(", delay ").Append(Text(delay));
        return Shorten(text.ToString());
    }

    private static string Text(object? value) => value switch
    {
        string s => Condition(s),
        _ => PyRepr.Str(value),
    };

    /// <summary>A condition as a person reads it: one expression's delimiters dropped, whitespace collapsed.</summary>
    internal static string Condition(string expression)
    {
        var text = Whitespace().Replace(expression, " ").Trim();
        var match = SingleExpression().Match(text);
        return match.Success ? match.Groups["body"].Value.Trim() : text;
    }

    private static string Shorten(string text) =>
        text.Length <= MaxLabelLength ? text : string.Concat(text.AsSpan(0, MaxLabelLength - 3), "...");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // The whole string is one YAQL or one Jinja expression (no second opening inside).
    [GeneratedRegex(@"^(?:<%(?<body>(?:(?!<%|%>).)*)%>|\{\{(?<body>(?:(?!\{\{|\}\}).)*)\}\})$", RegexOptions.Singleline)]
    private static partial Regex SingleExpression();

    /// <summary>Mermaid flowchart text (top to bottom).</summary>
    public string ToMermaid()
    {
        var ids = NodeIds("n");
        var text = new StringBuilder("flowchart TD\n");
        foreach (var node in Nodes)
        {
            var label = '"' + string.Join("<br>", node.Lines.Select(MermaidEscape)) + '"';
            var shape = node.Kind == DiagramNodeKind.Task ? $"[{label}]" : $"([{label}])";
            text.Append("    ").Append(ids[node.Id]).Append(shape);
            var style = StyleClass(node);
            if (style is not null) text.Append(":::").Append(style);
            text.Append('\n');
        }

        foreach (var edge in Edges)
        {
            var arrow = edge.IsRetry ? "-.->" : "-->";
            text.Append("    ").Append(ids[edge.Source]).Append(' ').Append(arrow);
            if (edge.Lines.Count > 0) text.Append("|\"").Append(string.Join("<br>", edge.Lines.Select(MermaidEscape))).Append("\"|");
            text.Append(' ').Append(ids[edge.Destination]).Append('\n');
        }

        text.Append("    classDef join stroke-width:3px\n");
        text.Append("    classDef noop fill:#eeeeee,stroke:#888888,color:#333333\n");
        text.Append("    classDef fail fill:#fde2e2,stroke:#c62828,color:#8e0000\n");
        text.Append("    classDef continue fill:#e3f2e1,stroke:#2e7d32,color:#1b5e20\n");
        return text.ToString();
    }

    /// <summary>Graphviz DOT text (top to bottom).</summary>
    public string ToDot()
    {
        var text = new StringBuilder("digraph workflow {\n");
        text.Append("    rankdir=TB;\n");
        text.Append("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        text.Append("    edge [fontname=\"Helvetica\", fontsize=10];\n");
        foreach (var node in Nodes)
        {
            text.Append("    ").Append(DotQuote(node.Id)).Append(" [label=").Append(DotQuote(string.Join("\n", node.Lines)));
            text.Append(node.Kind switch
            {
                DiagramNodeKind.Noop => ", shape=ellipse, style=filled, fillcolor=\"#eeeeee\", color=\"#888888\"",
                DiagramNodeKind.Fail => ", shape=ellipse, style=filled, fillcolor=\"#fde2e2\", color=\"#c62828\"",
                DiagramNodeKind.Continue => ", shape=ellipse, style=filled, fillcolor=\"#e3f2e1\", color=\"#2e7d32\"",
                _ => node.IsJoin ? ", peripheries=2" : "",
            });
            text.Append("];\n");
        }

        foreach (var edge in Edges)
        {
            text.Append("    ").Append(DotQuote(edge.Source)).Append(" -> ").Append(DotQuote(edge.Destination));
            var attributes = new List<string>();
            if (edge.Lines.Count > 0) attributes.Add("label=" + DotQuote(string.Join("\n", edge.Lines)));
            if (edge.IsRetry) attributes.Add("style=dashed");
            if (attributes.Count > 0) text.Append(" [").Append(string.Join(", ", attributes)).Append(']');
            text.Append(";\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    private static string? StyleClass(DiagramNode node) => node.Kind switch
    {
        DiagramNodeKind.Noop => "noop",
        DiagramNodeKind.Fail => "fail",
        DiagramNodeKind.Continue => "continue",
        _ => node.IsJoin ? "join" : null,
    };

    // Task names may be Mermaid keywords (end, graph, ...); generated ids never are.
    private Dictionary<string, string> NodeIds(string prefix)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in Nodes) ids[node.Id] = prefix + ids.Count.ToString(CultureInfo.InvariantCulture);
        return ids;
    }

    /// <summary>
    /// Text for inside a double-quoted Mermaid label: quotes, markup and the characters Mermaid
    /// reads as syntax become its entity codes (<c>#quot;</c>, <c>#lt;</c>, ...).
    /// </summary>
    internal static string MermaidEscape(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '#' => "#35;",
                '"' => "#quot;",
                '<' => "#lt;",
                '>' => "#gt;",
                '&' => "#amp;",
                '|' => "#124;",
                '`' => "#96;",
                '\n' or '\r' or '\t' => " ",
                _ => c.ToString(),
            });
        }

        return result.ToString();
    }

    /// <summary>A DOT double-quoted string: backslashes and quotes escaped, line breaks as <c>\n</c>.</summary>
    internal static string DotQuote(string text)
    {
        var result = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': result.Append(@"\\"); break;
                case '"': result.Append("\\\""); break;
                case '\n': result.Append(@"\n"); break;
                case '\r': break;
                default: result.Append(c); break;
            }
        }

        return result.Append('"').ToString();
    }
}
