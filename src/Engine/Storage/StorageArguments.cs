using System.Globalization;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>Checks of the names, ids and words the stores keep as keys and string properties.</summary>
internal static class StorageArguments
{
    /// <summary>
    /// Throws unless <paramref name="value"/> is a non-empty, well-formed UTF-16 string. Keys could
    /// hold anything once escaped, but the same value is stored as a string property too, and the
    /// service cannot carry unpaired surrogates there (documents can: they are stored as bytes).
    /// </summary>
    public static void RequireText(string? value, string what, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Length == 0) throw new ArgumentException($"The {what} is empty.", parameterName);
        if (UnpairedSurrogateIndex(value) is { } index)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The {what} has an unpaired surrogate (U+{(int)value[index]:X4} at index {index}): table storage cannot hold it."),
                parameterName);
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
