using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Specs;

/// <summary>
/// One entry of a task's <c>next</c> list: when it applies, what it publishes, and where it goes.
/// </summary>
public sealed class TaskTransitionSpec
{
    /// <summary>The engine command a transition without <c>do</c> performs.</summary>
    public const string DefaultCommand = "continue";

    internal TaskTransitionSpec(int index, DictValue definition)
    {
        Index = index;
        Definition = definition;
        When = definition.GetValueOrDefault("when") as string;

        // A publish string holds inline parameters: publish: foo="bar" x=<% result() %>.
        var publish = definition.GetValueOrDefault("publish");
        PublishValue = publish is string { Length: > 0 } text ? InlineParameters.ParseList(text) : publish;
        Publish = ToNamedValues(PublishValue);

        // No do (or an empty one) means the engine command continue.
        var target = definition.GetValueOrDefault("do");
        DoValue = PyOps.IsTruthy(target) ? target : DefaultCommand;
        Targets = SplitTargets(DoValue);
        Do = Targets.OfType<string>().ToArray();
    }

    /// <summary>The index of this transition in the task's <c>next</c> list.</summary>
    public int Index { get; }

    /// <summary>The transition as written.</summary>
    public DictValue Definition { get; }

    /// <summary>The <c>when</c> condition (an expression), or <see langword="null"/> when the transition always applies.</summary>
    public string? When { get; }

    /// <summary>
    /// The variables published, in order: from the list form (<c>- name: value</c>) or the inline
    /// string form (<c>name=value name2=&lt;% ... %&gt;</c>). Values are raw; expressions in them are
    /// evaluated by the conductor.
    /// </summary>
    public IReadOnlyList<NamedValue> Publish { get; }

    /// <summary>
    /// The next tasks and engine commands, in the order written: from a list, or from a
    /// comma-separated string (each name stripped); <c>continue</c> when <c>do</c> is absent.
    /// </summary>
    public IReadOnlyList<string> Do { get; }

    /// <summary><c>publish</c> as the reference holds it after parsing inline parameters.</summary>
    internal object? PublishValue { get; }

    /// <summary><c>do</c> as the reference holds it (<c>continue</c> in place of an empty one).</summary>
    internal object? DoValue { get; }

    /// <summary>
    /// What the reference iterates as next task names: the parts of a string, the items of a list,
    /// the keys of a mapping. Only scalars are kept; the ones that are not strings name no task.
    /// </summary>
    internal IReadOnlyList<object?> Targets { get; }

    private static object?[] SplitTargets(object? target) => target switch
    {
        string text => text.Split(',').Select(PyText.Strip).ToArray<object?>(),
        ListValue list => list.Where(IsScalar).ToArray(),
        DictValue dict => dict.Keys.Where(IsScalar).ToArray<object?>(),
        _ => [],
    };

    private static bool IsScalar(object? value) => value is not (ListValue or DictValue);

    internal static IReadOnlyList<NamedValue> ToNamedValues(object? value)
    {
        if (value is not ListValue list) return [];
        var result = new List<NamedValue>(list.Count);
        foreach (var item in list)
        {
            if (item is DictValue { Count: > 0 } dict && dict.First() is { Key: string name } entry) result.Add(new NamedValue(name, entry.Value));
        }

        return result;
    }
}
