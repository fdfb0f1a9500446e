using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// The list of context indexes a task reads (the reference's <c>ctxs.in</c>), as a persistent
/// chain that caches the merged context. The reference keeps a plain list per task and merges
/// every listed context again at each use, so a sequence of N publishing tasks costs O(N²);
/// here a chain extends its parent and merges only what it adds.
/// </summary>
public sealed class ContextChain
{
    private ContextChain(ContextChain? parent, int index, int count, DictValue merged)
    {
        Parent = parent;
        Index = index;
        Count = count;
        Merged = merged;
    }

    /// <summary>The chain without its last index, or <see langword="null"/> for the first.</summary>
    public ContextChain? Parent { get; }

    /// <summary>The last context index of the chain.</summary>
    public int Index { get; }

    /// <summary>How many indexes the chain has.</summary>
    public int Count { get; }

    /// <summary>The contexts of the chain merged in order (later ones overwrite, nested dicts merge).</summary>
    public DictValue Merged { get; }

    /// <summary>A chain of one index.</summary>
    public static ContextChain Start(int index, DictValue context) => new(null, index, 1, ContextMerge.Merge(DictValue.Empty, context));

    /// <summary>This chain with <paramref name="index"/> appended.</summary>
    public ContextChain Append(int index, DictValue context) => new(this, index, Count + 1, ContextMerge.Merge(Merged, context));

    /// <summary>The indexes, first to last.</summary>
    public int[] ToArray()
    {
        var result = new int[Count];
        var i = Count - 1;
        for (var node = this; node is not null; node = node.Parent) result[i--] = node.Index;
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", ToArray()) + "]";
}

/// <summary>The reference's <c>merge_dicts(left, right, overwrite=True)</c> over persistent dicts: nested dicts merge, anything else is replaced.</summary>
public static class ContextMerge
{
    /// <summary>Merges <paramref name="right"/> into <paramref name="left"/>.</summary>
    public static DictValue Merge(DictValue left, DictValue right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (right.Count == 0) return left;
        if (left.Count == 0) return right;
        if (Overwrites(left, right)) return right;
        var result = left;
        if (right.TryGetSmall(out var keys, out var values))
        {
            for (var i = 0; i < keys.Length; i++) result = MergeOne(result, keys[i], values[i]);
            return result;
        }

        foreach (var (key, value) in right) result = MergeOne(result, key, value);
        return result;
    }

    // Whether merging gives right itself: the same string keys in the same order, and no pair of
    // dicts to merge. A task that republishes the variables it read (x = x + 1) is the common case;
    // its chain then shares the published context instead of holding a copy.
    private static bool Overwrites(DictValue left, DictValue right)
    {
        if (!left.TryGetSmall(out var leftKeys, out var leftValues) || !right.TryGetSmall(out var rightKeys, out var rightValues)) return false;
        if (leftKeys.Length != rightKeys.Length) return false;
        for (var i = 0; i < leftKeys.Length; i++)
        {
            if (leftKeys[i] is not string l || rightKeys[i] is not string r || !string.Equals(l, r, StringComparison.Ordinal)) return false;
            if (leftValues[i] is DictValue && rightValues[i] is DictValue) return false;
        }

        return true;
    }

    private static DictValue MergeOne(DictValue result, object key, object? value) =>
        result.TryGetValue(key, out var existing) && existing is DictValue l && value is DictValue r
            ? result.Set(key, Merge(l, r))
            : result.Set(key, value);
}
