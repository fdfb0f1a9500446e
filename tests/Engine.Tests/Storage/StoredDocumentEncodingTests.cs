using System.Text;
using Azure.Data.Tables;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

public sealed class StoredDocumentEncodingTests
{
    [Fact]
    public void Encode_ShortText_StaysReadableText()
    {
        var encoded = StoredDocument.Encode("{\"a\": \"é\"}");

        Assert.Equal("text", encoded.Encoding);
        Assert.Equal("{\"a\": \"é\"}", encoded.Text);
        Assert.Equal(Encoding.UTF8.GetByteCount("{\"a\": \"é\"}"), encoded.Length);
        Assert.Equal(64, encoded.Sha256.Length);
    }

    [Fact]
    public void Encode_LongRepetitiveText_IsCompressed()
    {
        var text = TestData.RepetitiveJson(1_000_000);

        var encoded = StoredDocument.Encode(text);

        Assert.Equal("utf8+gzip", encoded.Encoding);
        Assert.True(encoded.Payload!.Length < text.Length / 10);
        Assert.Equal(text.Length, encoded.Length);
    }

    [Fact]
    public void Encode_UnpairedSurrogate_KeepsTheCodeUnitsAsUtf16()
    {
        var encoded = StoredDocument.Encode("a\ud800b");

        Assert.Equal("utf16", encoded.Encoding);
        Assert.Equal(6, encoded.Length);
        Assert.Equal(new byte[] { (byte)'a', 0, 0x00, 0xD8, (byte)'b', 0 }, encoded.Payload);
    }

    [Fact]
    public void Place_SmallPayload_UsesInlinePartsAndNoChunks()
    {
        var owner = new TableEntity("p", "r");
        var bytes = new byte[(2 * StoredDocument.PartSize) + 1];

        var chunks = StoredDocument.Place(new StoredDocument.Encoded("utf8", bytes.Length, "00", null, bytes), "Doc", owner, "c.", "w");

        Assert.Empty(chunks);
        Assert.Equal(3, owner.GetInt32("DocParts"));
        Assert.Equal(StoredDocument.PartSize, owner.GetBinary("Doc0")!.Length);
        Assert.Single(owner.GetBinary("Doc2")!);
        Assert.Empty(StoredDocument.ChunkRowKeys(owner, "Doc", "c."));
    }

    [Fact]
    public void Place_LargePayload_UsesNumberedChunkRowsOfTheWrite()
    {
        var owner = new TableEntity("p", "r");
        var bytes = new byte[(2 * StoredDocument.PartsPerChunk * StoredDocument.PartSize) + 5];

        var chunks = StoredDocument.Place(new StoredDocument.Encoded("utf8", bytes.Length, "00", null, bytes), "Doc", owner, "c.7.", "w1");

        Assert.Equal(["c.7.Doc.w1.000000", "c.7.Doc.w1.000001", "c.7.Doc.w1.000002"], chunks.Select(c => c.RowKey));
        Assert.Equal(chunks.Select(c => c.RowKey), StoredDocument.ChunkRowKeys(owner, "Doc", "c.7."));
        Assert.Equal(3, owner.GetInt32("DocChunks"));
        Assert.Equal(1, chunks[2].GetInt32("Parts"));
        Assert.All(chunks, c => Assert.Equal("p", c.PartitionKey));
        Assert.Null(owner.GetInt32("DocParts"));
    }

    [Fact]
    public void Remove_Document_LeavesOtherProperties()
    {
        var owner = new TableEntity("p", "r") { ["Status"] = "running", ["Other0"] = "x" };
        StoredDocument.Place(StoredDocument.Encode(new string('x', 200_000)), "Output", owner, "c.", "w");
        StoredDocument.Place(StoredDocument.Encode("short"), "Errors", owner, "c.", "w");

        StoredDocument.Remove(owner, "Output");
        StoredDocument.Remove(owner, "Errors");

        Assert.Equal(["Other0", "PartitionKey", "RowKey", "Status"], owner.Keys.Order(StringComparer.Ordinal));
    }
}
