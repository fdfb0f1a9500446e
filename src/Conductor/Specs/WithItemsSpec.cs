using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Specs;

/// <summary>
/// A task's <c>with</c>: the items to run the action for, and how many at once. The short form
/// <c>with: x in &lt;% ctx(xs) %&gt;</c> is read as <c>with: {items: ...}</c>, as the reference does.
/// </summary>
public sealed class WithItemsSpec
{
    private const string InSeparator = " in ";

    internal WithItemsSpec(DictValue definition)
    {
        Definition = definition;
        if (Items is not string items) return;
        var at = items.IndexOf(InSeparator, StringComparison.Ordinal);
        if (at < 0)
        {
            ItemsExpression = PyText.Strip(items);
            return;
        }

        ItemsExpression = PyText.Strip(items[(at + InSeparator.Length)..]);
        ItemNames = items[..at].Replace(" ", string.Empty, StringComparison.Ordinal).Split(',');
    }

    /// <summary>The <c>with</c> mapping as written (after the short form is expanded).</summary>
    public DictValue Definition { get; }

    /// <summary>The <c>items</c> value as written: <c>&lt;% ... %&gt;</c>, or <c>x, y in &lt;% ... %&gt;</c>.</summary>
    public object? Items => Definition.GetValueOrDefault("items");

    /// <summary>The <c>concurrency</c> value as written (an integer or an expression), or <see langword="null"/>.</summary>
    public object? Concurrency => Definition.GetValueOrDefault("concurrency");

    /// <summary>
    /// The names given before <c> in </c> (<c>x, y in ...</c> gives <c>x</c> and <c>y</c>), which
    /// name the parts of each item; empty when <c>items</c> is a plain expression.
    /// </summary>
    public IReadOnlyList<string> ItemNames { get; } = [];

    /// <summary>The expression that yields the items (the text after <c> in </c>, stripped), or <see langword="null"/> when <c>items</c> is not a string.</summary>
    public string? ItemsExpression { get; }
}
