using System.Globalization;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>Checks of the names, ids and words the stores keep as keys and string properties.</summary>
internal static class StorageArguments
{
    /// <summary>The longest name, id or status accepted (a string property holds 32 Ki characters; keys are shortened past 255).</summary>
    public const int MaxTextLength = 1024;

    /// <summary>The earliest time a table's DateTime property holds.</summary>
    public static readonly DateTimeOffset MinTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Throws unless <paramref name="value"/> is a non-empty, well-formed UTF-16 string. Keys could
    /// hold anything once escaped, but the same value is stored as a string property too, and the
    /// service cannot carry unpaired surrogates there (documents can: they are stored as bytes).
    /// </summary>
    public static void RequireText(string? value, string what, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Length == 0) throw new ArgumentException($"The {what} is empty.", parameterName);
        if (value.Length > MaxTextLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The {what} has {value.Length} characters; at most {MaxTextLength} are stored."),
                parameterName);
        }

        if (UnpairedSurrogateIndex(value) is { } index)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The {what} has an unpaired surrogate (U+{(int)value[index]:X4} at index {index}): table storage cannot hold it."),
                parameterName);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a time a table can hold (from the year 1601 on).</summary>
    public static void RequireTime(DateTimeOffset value, string what, string parameterName)
    {
        if (value < MinTime)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"The {what} is before 1601-01-01T00:00:00Z, the earliest time table storage holds.");
        }
    }

    /// <summary>The index of the first unpaired surrogate, or null when the text is well-formed.</summary>
    public static int? UnpairedSurrogateIndex(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }

        return null;
    }
}
