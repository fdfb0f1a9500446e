using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>
/// A text document (YAML, JSON) as entity properties, whatever its size, read back exactly
/// (see docs/decisions/0003-table-storage.md). For a document in field <c>F</c>:
/// <list type="bullet">
/// <item><c>FEnc</c> (<c>text</c>, <c>utf8</c> or <c>utf16</c>, with <c>+gzip</c> when compressed),
/// <c>FLen</c> (bytes before compression) and <c>FSha</c> (SHA-256 of those bytes, hex), always;</item>
/// <item>short text: the string itself in <c>F</c>;</item>
/// <item>otherwise bytes in binary parts of at most <see cref="PartSize"/>: up to
/// <see cref="InlinePartLimit"/> parts on the owner entity (<c>FParts</c>, <c>F0</c>, <c>F1</c>, ...), more
/// in chunk entities of the same partition (<c>FChunks</c>, <c>FWrite</c>; rows
/// <c>{scope}F.{write}.{index}</c> with <c>Parts</c>, <c>P0</c>, <c>P1</c>, ...).</item>
/// </list>
/// Chunk rows are named by a write id that is new for every write, so a write never touches the
/// chunks of the document it replaces or of a concurrent writer.
/// </summary>
internal static class StoredDocument
{
    /// <summary>Documents of at most this many UTF-16 characters stay readable strings (a string property holds 32 Ki characters).</summary>
    internal const int TextLimit = 16 * 1024;

    /// <summary>Bytes per binary property: under the 64 KiB (65,536 bytes) limit of one property.</summary>
    internal const int PartSize = 64_000;

    /// <summary>At most this many parts sit on the owner entity; a longer document goes to chunk entities.</summary>
    internal const int InlinePartLimit = 3;

    /// <summary>Parts per chunk entity: 768,000 bytes, under the 1 MiB limit of one entity.</summary>
    internal const int PartsPerChunk = 12;

    /// <summary>Byte documents of at least this size are compressed when that makes them smaller.</summary>
    internal const int CompressionThreshold = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The stored form of a document, before it is placed on entities.</summary>
    internal sealed record Encoded(string Encoding, long Length, string Sha256, string? Text, byte[]? Payload);

    public static Encoded Encode(string text)
    {
        var wellFormed = StorageArguments.UnpairedSurrogateIndex(text) is null;
        var bytes = wellFormed ? StrictUtf8.GetBytes(text) : Utf16Bytes(text);
        var sha = Convert.ToHexString(SHA256.HashData(bytes));
        if (wellFormed && text.Length <= TextLimit) return new Encoded("text", bytes.Length, sha, text, null);
        var form = wellFormed ? "utf8" : "utf16";
        if (bytes.Length >= CompressionThreshold)
        {
            var compressed = Compress(bytes);
            if (compressed.Length < bytes.Length) return new Encoded(form + "+gzip", bytes.Length, sha, null, compressed);
        }

        return new Encoded(form, bytes.Length, sha, null, bytes);
    }

    /// <summary>
    /// Puts the document's properties on <paramref name="owner"/> and returns the chunk entities it
    /// needs beside it (none for a small document).
    /// </summary>
    public static IReadOnlyList<TableEntity> Place(Encoded document, string field, TableEntity owner, string chunkScope, string writeId)
    {
        owner[field + "Enc"] = document.Encoding;
        owner[field + "Len"] = document.Length;
        owner[field + "Sha"] = document.Sha256;
        if (document.Text is not null)
        {
            owner[field] = document.Text;
            return [];
        }

        var parts = Split(document.Payload!);
        if (parts.Count <= InlinePartLimit)
        {
            owner[field + "Parts"] = parts.Count;
            for (var i = 0; i < parts.Count; i++) owner[field + i.ToString(CultureInfo.InvariantCulture)] = parts[i];
            return [];
        }

        var chunks = new List<TableEntity>();
        for (var start = 0; start < parts.Count; start += PartsPerChunk)
        {
            var chunk = new TableEntity(owner.PartitionKey, ChunkRowKey(chunkScope, field, writeId, chunks.Count))
            {
                [StorageSchema.Property] = StorageSchema.Current,
            };
            var count = Math.Min(PartsPerChunk, parts.Count - start);
            chunk["Parts"] = count;
            for (var i = 0; i < count; i++) chunk["P" + i.ToString(CultureInfo.InvariantCulture)] = parts[start + i];
            chunks.Add(chunk);
        }

        owner[field + "Chunks"] = chunks.Count;
        owner[field + "Write"] = writeId;
        return chunks;
    }

    /// <summary>True when <paramref name="owner"/> holds a document in <paramref name="field"/>.</summary>
    public static bool IsPresent(TableEntity owner, string field) => owner.ContainsKey(field + "Enc");

    /// <summary>The uncompressed length in bytes of the document in <paramref name="field"/>.</summary>
    public static long LengthOf(TableEntity owner, string field) => owner.GetInt64(field + "Len") ?? 0;

    /// <summary>The SHA-256 (hex) of the document in <paramref name="field"/>, or null when absent.</summary>
    public static string? HashOf(TableEntity owner, string field) => owner.GetString(field + "Sha");

    /// <summary>The property names a document in <paramref name="field"/> may occupy: its own, for selects.</summary>
    public static IEnumerable<string> PropertyNames(string field)
    {
        yield return field;
        foreach (var suffix in Suffixes) yield return field + suffix;
        for (var i = 0; i < InlinePartLimit; i++) yield return field + i.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Removes the document in <paramref name="field"/> from <paramref name="owner"/> (its chunk rows stay).</summary>
    public static void Remove(TableEntity owner, string field)
    {
        foreach (var name in PropertyNames(field)) owner.Remove(name);
    }

    /// <summary>The row keys of the chunk entities the document in <paramref name="field"/> uses.</summary>
    public static IReadOnlyList<string> ChunkRowKeys(TableEntity owner, string field, string chunkScope)
    {
        if (owner.GetInt32(field + "Chunks") is not { } count || owner.GetString(field + "Write") is not { } writeId) return [];
        return [.. Enumerable.Range(0, count).Select(i => ChunkRowKey(chunkScope, field, writeId, i))];
    }

    /// <summary>Reads the document in <paramref name="field"/> back, or null when the owner has none.</summary>
    public static async Task<string?> ReadAsync(TableClient table, TableEntity owner, string field, string chunkScope, string resource, CancellationToken cancellationToken)
    {
        if (owner.GetString(field + "Enc") is not { } encoding) return null;
        var what = $"{field.ToLowerInvariant()} of {resource}";
        var length = owner.GetInt64(field + "Len") ?? throw new StoredDataException(what, "its length is missing.");
        var sha = owner.GetString(field + "Sha") ?? throw new StoredDataException(what, "its checksum is missing.");
        if (encoding == "text")
        {
            var text = owner.GetString(field) ?? throw new StoredDataException(what, "its text is missing.");
            Verify(StrictUtf8.GetBytes(text), length, sha, what);
            return text;
        }

        List<byte[]> parts;
        if (owner.GetInt32(field + "Parts") is { } inlineCount)
        {
            parts = new List<byte[]>(inlineCount);
            for (var i = 0; i < inlineCount; i++)
            {
                parts.Add(owner.GetBinary(field + i.ToString(CultureInfo.InvariantCulture))
                    ?? throw new StoredDataException(what, string.Create(CultureInfo.InvariantCulture, $"part {i} is missing.")));
            }
        }
        else if (owner.GetInt32(field + "Chunks") is { } chunkCount && owner.GetString(field + "Write") is { } writeId)
        {
            parts = await ReadChunksAsync(table, owner.PartitionKey, chunkScope, field, writeId, chunkCount, what, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new StoredDataException(what, "its parts are missing.");
        }

        var payload = Concat(parts);
        var (form, compressed) = encoding switch
        {
            "utf8" => ("utf8", false),
            "utf8+gzip" => ("utf8", true),
            "utf16" => ("utf16", false),
            "utf16+gzip" => ("utf16", true),
            _ => throw new StoredDataException(what, $"its encoding '{encoding}' is unknown."),
        };
        var bytes = compressed ? Decompress(payload, length, what) : payload;
        Verify(bytes, length, sha, what);
        try
        {
            return form == "utf8" ? StrictUtf8.GetString(bytes) : FromUtf16Bytes(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new StoredDataException(what, "it is not valid UTF-8.", ex);
        }
    }

    internal static string ChunkRowKey(string chunkScope, string field, string writeId, int index) =>
        string.Concat(chunkScope, field, ".", writeId, ".", TableKeys.Number(index, 6));

    private static readonly string[] Suffixes = ["Enc", "Len", "Sha", "Parts", "Chunks", "Write"];

    private static async Task<List<byte[]>> ReadChunksAsync(
        TableClient table, string partitionKey, string chunkScope, string field, string writeId, int chunkCount, string what, CancellationToken cancellationToken)
    {
        var from = string.Concat(chunkScope, field, ".", writeId, ".");
        var to = from + "~";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {from} and RowKey lt {to}");
        var parts = new List<byte[]>();
        var index = 0;
        await foreach (var chunk in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (chunk.RowKey != ChunkRowKey(chunkScope, field, writeId, index))
            {
                throw new StoredDataException(what, string.Create(CultureInfo.InvariantCulture, $"chunk {index} of {chunkCount} is missing."));
            }

            StorageSchema.Require(chunk, what);
            var count = chunk.GetInt32("Parts") ?? throw new StoredDataException(what, string.Create(CultureInfo.InvariantCulture, $"chunk {index} has no part count."));
            for (var i = 0; i < count; i++)
            {
                parts.Add(chunk.GetBinary("P" + i.ToString(CultureInfo.InvariantCulture))
                    ?? throw new StoredDataException(what, string.Create(CultureInfo.InvariantCulture, $"part {i} of chunk {index} is missing.")));
            }

            index++;
        }

        if (index != chunkCount)
        {
            throw new StoredDataException(what, string.Create(CultureInfo.InvariantCulture, $"{chunkCount} chunks were written, {index} were found."));
        }

        return parts;
    }

    private static void Verify(byte[] bytes, long length, string sha, string what)
    {
        if (bytes.LongLength != length)
        {
            throw new StoredDataException(what, string.Create(CultureInfo.InvariantCulture, $"{length} bytes were written, {bytes.LongLength} were read."));
        }

        if (!string.Equals(Convert.ToHexString(SHA256.HashData(bytes)), sha, StringComparison.OrdinalIgnoreCase))
        {
            throw new StoredDataException(what, "its checksum does not match.");
        }
    }

    // UTF-16 little-endian code units, lone surrogates included (no replacement).
    private static byte[] Utf16Bytes(string text)
    {
        var bytes = new byte[text.Length * 2];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[2 * i] = (byte)text[i];
            bytes[(2 * i) + 1] = (byte)(text[i] >> 8);
        }

        return bytes;
    }

    private static string FromUtf16Bytes(byte[] bytes) =>
        string.Create(bytes.Length / 2, bytes, static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++) chars[i] = (char)(source[2 * i] | (source[(2 * i) + 1] << 8));
        });

    private static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream(bytes.Length / 4);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] payload, long length, string what)
    {
        if (length > Array.MaxLength) throw new StoredDataException(what, "it is too long to read.");
        var bytes = new byte[length];
        try
        {
            using var gzip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
            gzip.ReadExactly(bytes);
            Span<byte> probe = stackalloc byte[1];
            if (gzip.Read(probe) != 0) throw new StoredDataException(what, "it is longer than was written.");
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new StoredDataException(what, "its compressed bytes are damaged.", ex);
        }

        return bytes;
    }

    private static List<byte[]> Split(byte[] payload)
    {
        var parts = new List<byte[]>((payload.Length / PartSize) + 1);
        for (var start = 0; start < payload.Length; start += PartSize)
        {
            parts.Add(payload.AsSpan(start, Math.Min(PartSize, payload.Length - start)).ToArray());
        }

        return parts;
    }

    private static byte[] Concat(List<byte[]> parts)
    {
        var bytes = new byte[parts.Sum(p => (long)p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(bytes, offset);
            offset += part.Length;
        }

        return bytes;
    }
}
