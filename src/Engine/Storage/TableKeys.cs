using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>
/// Partition and row keys. Table Storage forbids <c>/ \ # ?</c> and control characters in keys and
/// limits them to 1 KiB; numbers must be zero-padded to sort. Names and ids are escaped so that
/// any string works, and the raw value is always stored beside the key as a property.
/// </summary>
internal static class TableKeys
{
    /// <summary>Escaped keys longer than this are shortened with a hash (well under the 1 KiB limit).</summary>
    internal const int MaxEscapedLength = 255;

    private const int HashedPrefixLength = 180;

    /// <summary>
    /// The key for a name or id: characters Table Storage forbids or treats specially, and the
    /// escape character itself, become <c>~XXXX</c> (the UTF-16 code unit in hex). The mapping is
    /// injective, so two names never share a key. An escaped name longer than
    /// <see cref="MaxEscapedLength"/> keeps its first characters and ends with <c>~~</c> and the
    /// SHA-256 of the name, which no short key can contain.
    /// </summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (NeedsEscape(c))
            {
                builder.Append('~').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (builder.Length <= MaxEscapedLength) return builder.ToString();
        var prefixLength = char.IsHighSurrogate(builder[HashedPrefixLength - 1]) ? HashedPrefixLength - 1 : HashedPrefixLength;
        var hash = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(value.AsSpan())));
        return string.Concat(builder.ToString(0, prefixLength), "~~", hash);
    }

    /// <summary>A non-negative number, zero-padded so that keys sort as the numbers do.</summary>
    public static string Number(long value, int digits) => value.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A non-negative number, inverted and zero-padded so that keys sort newest (largest) first.</summary>
    public static string Inverted(long value) => (long.MaxValue - value).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The number an <see cref="Inverted"/> key holds.</summary>
    public static long FromInverted(string digits) => long.MaxValue - long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    // Forbidden by Table Storage: / \ # ? and the control characters U+0000-U+001F, U+007F-U+009F.
    // Escaped as well: '~' (the escape character), '%' and '\'' (special in the URLs and OData
    // filters that carry keys) and unpaired surrogates (not encodable in a request).
    private static bool NeedsEscape(char c) =>
        c < '\u0020' || c is >= '\u007f' and <= '\u009f' || c is '/' or '\\' or '#' or '?' or '~' or '%' or '\'' || char.IsSurrogate(c);
}
