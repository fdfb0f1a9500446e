using System.Globalization;
using System.Text;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// One instance for every task of a graph with the same criteria, publish or constant action:
/// a workflow repeats them from task to task, and a step then reads one object that is already in
/// the cache instead of its own task's copy (decision 0004, "Shared plan data").
/// </summary>
/// <remarks>
/// Values are shared only when they are the same exactly, types included (<c>1</c>, <c>1.0</c>
/// and <c>true</c> are equal in Python but not the same here): strings, numbers, booleans,
/// <c>null</c>, and lists and dicts of them in the same order. Anything else keeps its own copy.
/// </remarks>
internal sealed class PlanSharing
{
    private readonly Dictionary<string, ListValue> _criteria = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<NamedValue>> _publish = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TaskAction>> _actions = new(StringComparer.Ordinal);
    private readonly StringBuilder _key = new();

    /// <summary>The first criteria list seen that is the same as <paramref name="criteria"/>.</summary>
    public ListValue Criteria(ListValue criteria)
    {
        _key.Clear();
        return Append(criteria) ? Shared(_criteria, criteria) : criteria;
    }

    /// <summary>The first publish list seen that is the same as <paramref name="publish"/>.</summary>
    public IReadOnlyList<NamedValue> Publish(IReadOnlyList<NamedValue> publish)
    {
        _key.Clear();
        foreach (var (name, value) in publish)
        {
            if (!Append(name) || !Append(value)) return publish;
        }

        return Shared(_publish, publish);
    }

    /// <summary>A one-action list for a task whose action and input have nothing to evaluate: the first one made for the same action and input.</summary>
    public IReadOnlyList<TaskAction> Actions(object? action, object? input)
    {
        IReadOnlyList<TaskAction> made = [new TaskAction(action, input)];
        _key.Clear();
        return Append(action) && Append(input) ? Shared(_actions, made) : made;
    }

    // The instance kept under the key now in _key, or instance itself, now kept.
    private T Shared<T>(Dictionary<string, T> table, T instance)
    {
        var key = _key.ToString();
        if (table.TryGetValue(key, out var found)) return found;
        table.Add(key, instance);
        return instance;
    }

    // Appends an unambiguous text for the value, its type included; false for a value not shared.
    private bool Append(object? value)
    {
        switch (value)
        {
            case null:
                _key.Append('N');
                return true;
            case string text:
                _key.Append('s').Append(text.Length).Append(':').Append(text);
                return true;
            case bool b:
                _key.Append(b ? 'T' : 'F');
                return true;
            case long n:
                _key.Append('i').Append(n.ToString(CultureInfo.InvariantCulture)).Append(';');
                return true;
            case double d:
                _key.Append('d').Append(BitConverter.DoubleToInt64Bits(d).ToString(CultureInfo.InvariantCulture)).Append(';');
                return true;
            case ListValue list:
                _key.Append(list.IsTuple ? 't' : 'l').Append(list.Count).Append('(');
                foreach (var item in list)
                {
                    if (!Append(item)) return false;
                }

                _key.Append(')');
                return true;
            case DictValue dict:
                _key.Append('m').Append(dict.Count).Append('(');
                foreach (var (key, item) in dict)
                {
                    if (!Append(key) || !Append(item)) return false;
                }

                _key.Append(')');
                return true;
            default:
                return false;
        }
    }
}
