using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Orquesta.Azure.Cli;

/// <summary>A place in a YAML file, 1-based.</summary>
/// <param name="Line">The line.</param>
/// <param name="Column">The column.</param>
internal readonly record struct YamlPosition(long Line, long Column);

/// <summary>
/// Finds where a spec path of an inspection error (<c>tasks.task1.next[0].do</c>,
/// <c>vars[1]</c>) is written in the YAML file: the key for a mapping entry, the item for a
/// list entry. A path that goes deeper than the YAML does (into an inline <c>publish</c> string,
/// say) resolves to the deepest node written.
/// </summary>
/// <remarks>
/// Built from the parser's events rather than a representation model: a repeated key keeps its
/// last value, as the loader does, and an alias refers to its anchor's node without copying it.
/// Only called on text <see cref="Orquesta.Azure.Conductor.Specs.WorkflowSpec.Load(string)"/>
/// accepted, so it is within the loader's size and depth limits.
/// </remarks>
internal sealed class YamlLineMap
{
    private readonly Node _root;

    private YamlLineMap(Node root) => _root = root;

    /// <summary>The map of <paramref name="text"/>, or <see langword="null"/> when it does not parse.</summary>
    public static YamlLineMap? TryBuild(string text)
    {
        try
        {
            return Build(text) is { } root ? new YamlLineMap(root) : null;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    /// <summary>Where <paramref name="specPath"/> is written; <see langword="null"/> for no path or an unknown first part.</summary>
    public YamlPosition? Find(string? specPath)
    {
        if (string.IsNullOrEmpty(specPath)) return null;
        var node = _root;
        YamlPosition? found = null;
        var rest = specPath.AsSpan();
        while (rest.Length > 0)
        {
            if (rest[0] == '[')
            {
                var close = rest.IndexOf(']');
                if (close < 0 || node.Items is null || !int.TryParse(rest[1..close], System.Globalization.CultureInfo.InvariantCulture, out var index)
                    || index < 0 || index >= node.Items.Count)
                {
                    break;
                }

                node = node.Items[index];
                found = node.Start;
                rest = rest[(close + 1)..];
            }
            else if (node.Entries is not null && LongestKey(node.Entries, rest) is { } key)
            {
                var (keyStart, value) = node.Entries[key];
                found = keyStart;
                node = value;
                rest = rest[key.Length..];
            }
            else
            {
                break;
            }

            if (rest.Length > 0 && rest[0] == '.') rest = rest[1..];
        }

        return found;
    }

    // Keys may hold dots or brackets, so the longest key that the path continues from wins.
    private static string? LongestKey(Dictionary<string, (YamlPosition, Node)> entries, ReadOnlySpan<char> path)
    {
        string? best = null;
        foreach (var key in entries.Keys)
        {
            if (!path.StartsWith(key, StringComparison.Ordinal)) continue;
            if (path.Length > key.Length && path[key.Length] is not ('.' or '[')) continue;
            if (best is null || key.Length > best.Length) best = key;
        }

        return best;
    }

    private static Node? Build(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, Node>(StringComparer.Ordinal);
        var stack = new Stack<(Node Node, string? PendingKey, YamlPosition PendingKeyStart, bool ExpectKey)>();
        Node? root = null;
        while (parser.MoveNext())
        {
            var current = parser.Current;
            Node? completed = null;
            string? scalarText = null;
            switch (current)
            {
                case Scalar scalar:
                    completed = new Node(Position(scalar.Start));
                    scalarText = scalar.Value;
                    Remember(anchors, scalar.Anchor, completed);
                    break;
                case AnchorAlias alias:
                    completed = anchors.GetValueOrDefault(alias.Value.Value) ?? new Node(Position(alias.Start));
                    break;
                case MappingStart mapping:
                    var map = new Node(Position(mapping.Start)) { Entries = new(StringComparer.Ordinal) };
                    Remember(anchors, mapping.Anchor, map);
                    stack.Push((map, null, default, true));
                    continue;
                case SequenceStart sequence:
                    var seq = new Node(Position(sequence.Start)) { Items = [] };
                    Remember(anchors, sequence.Anchor, seq);
                    stack.Push((seq, null, default, false));
                    continue;
                case MappingEnd or SequenceEnd:
                    completed = stack.Pop().Node;
                    break;
                case DocumentEnd:
                    // Only the first document is the workflow.
                    return root;
                default:
                    continue;
            }

            if (stack.Count == 0)
            {
                root ??= completed;
                continue;
            }

            var (parent, pendingKey, pendingKeyStart, expectKey) = stack.Pop();
            if (parent.Items is not null)
            {
                parent.Items.Add(completed);
                stack.Push((parent, null, default, false));
            }
            else if (expectKey)
            {
                // Only scalar keys can be named by a spec path; others are skipped with their value.
                stack.Push((parent, scalarText, completed.Start, false));
            }
            else
            {
                if (pendingKey is not null) parent.Entries![pendingKey] = (pendingKeyStart, completed);
                stack.Push((parent, null, default, true));
            }
        }

        return root;
    }

    private static void Remember(Dictionary<string, Node> anchors, AnchorName anchor, Node node)
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
    }

    private static YamlPosition Position(Mark mark) => new(mark.Line, mark.Column);

    private sealed class Node(YamlPosition start)
    {
        public YamlPosition Start { get; } = start;

        public Dictionary<string, (YamlPosition, Node)>? Entries { get; init; }

        public List<Node>? Items { get; init; }
    }
}
