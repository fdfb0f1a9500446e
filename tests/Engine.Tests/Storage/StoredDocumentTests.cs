using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

/// <summary>
/// The document layout on real storage at the exact byte boundaries of its parts and chunks
/// (uncompressed payloads, so that the sizes are the ones stored), and its integrity checks.
/// </summary>
public sealed class StoredDocumentTests(AzuriteFixture azurite) : StorageTest(azurite)
{
    private const int Part = StoredDocument.PartSize;
    private const int Chunk = StoredDocument.PartsPerChunk * StoredDocument.PartSize;

    [Theory]
    [InlineData(1)]
    [InlineData(Part - 1)]
    [InlineData(Part)]
    [InlineData(Part + 1)]
    [InlineData(StoredDocument.InlinePartLimit * Part)]
    [InlineData((StoredDocument.InlinePartLimit * Part) + 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData((2 * Chunk) + Part)]
    [InlineData((7 * Chunk) + 3)]
    public async Task PlaceThenRead_PayloadsAtPartAndChunkBoundaries_RoundTripExactly(int length)
    {
        var table = Azurite.RawTable(Storage.Snapshots.TableName);
        var (owner, chunks, text) = Build(length);

        await TableOperations.CommitAsync(table, chunks, [new TableTransactionAction(TableTransactionActionType.Add, owner)], default);

        var stored = (await table.GetEntityAsync<TableEntity>("p", "owner")).Value;
        Assert.Equal(text, await StoredDocument.ReadAsync(table, stored, "Doc", "c.", "test document", default));
        var expectedChunks = length <= StoredDocument.InlinePartLimit * Part ? 0 : (length + Chunk - 1) / Chunk;
        Assert.Equal(expectedChunks, (await RowsAsync(table.Name)).Count(r => r.RowKey.StartsWith("c.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Read_MissingChunkRow_ThrowsStoredDataException()
    {
        var table = Azurite.RawTable(Storage.Snapshots.TableName);
        var (owner, chunks, _) = Build((3 * Chunk) + 5);
        await TableOperations.CommitAsync(table, chunks, [new TableTransactionAction(TableTransactionActionType.Add, owner)], default);
        await table.DeleteEntityAsync("p", chunks[1].RowKey);

        var stored = (await table.GetEntityAsync<TableEntity>("p", "owner")).Value;
        var error = await Assert.ThrowsAsync<StoredDataException>(() => StoredDocument.ReadAsync(table, stored, "Doc", "c.", "test document", default));

        Assert.Contains("chunk 1 of 4 is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_DamagedPart_ThrowsChecksumMismatch()
    {
        var table = Azurite.RawTable(Storage.Snapshots.TableName);
        var (owner, chunks, _) = Build(2 * Part);
        var damaged = (byte[])owner["Doc1"];
        damaged[10] ^= 1;
        await TableOperations.CommitAsync(table, chunks, [new TableTransactionAction(TableTransactionActionType.Add, owner)], default);

        var stored = (await table.GetEntityAsync<TableEntity>("p", "owner")).Value;
        var error = await Assert.ThrowsAsync<StoredDataException>(() => StoredDocument.ReadAsync(table, stored, "Doc", "c.", "test document", default));

        Assert.Equal("The stored doc of test document cannot be read: its checksum does not match.", error.Message);
    }

    [Fact]
    public async Task Read_SnapshotFromANewerSchemaVersion_ThrowsStoredDataException()
    {
        await Storage.Snapshots.AppendAsync("exec", 1, "{}", TestData.T0);
        var table = Azurite.RawTable(Storage.Snapshots.TableName);
        var row = Assert.Single(await RowsAsync(table.Name));
        row[StorageSchema.Property] = StorageSchema.Current + 1;
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<StoredDataException>(() => Storage.Snapshots.GetAsync("exec", 1));

        Assert.Contains($"schema version {StorageSchema.Current + 1}", error.Message, StringComparison.Ordinal);
        Assert.Equal("snapshot 1 of execution 'exec'", error.Resource);
    }

    [Fact]
    public async Task Read_ExecutionWithoutSchemaVersion_ThrowsStoredDataException()
    {
        await Storage.Executions.CreateAsync(new NewExecution { Id = "e", WorkflowName = "wf", WorkflowVersion = 1, Status = "running", CreatedAt = TestData.T0 });
        var table = Azurite.RawTable(Storage.Executions.TableName);
        var row = Assert.Single(await RowsAsync(table.Name));
        row.Remove(StorageSchema.Property);
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<StoredDataException>(() => Storage.Executions.GetAsync("e"));

        Assert.Contains("no schema version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryStoredRow_CarriesTheSchemaVersion()
    {
        await Storage.Workflows.SaveAsync("wf", TestData.Random(400_000, 1), "{}", TestData.T0);
        await Storage.Executions.CreateAsync(new NewExecution
        {
            Id = "e",
            WorkflowName = "wf",
            WorkflowVersion = 1,
            Status = "running",
            CreatedAt = TestData.T0,
            InputJson = TestData.Random(900_000, 2),
        });
        await Storage.Snapshots.AppendAsync("e", 0, TestData.Random(900_000, 3), TestData.T0);

        foreach (var name in Storage.TableNames)
        {
            var rows = await RowsAsync(name);
            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.Equal(StorageSchema.Current, r.GetInt32(StorageSchema.Property)));
        }
    }

    // An owner entity with an uncompressed UTF-8 document of exactly `length` bytes, and its chunk rows.
    private static (TableEntity Owner, IReadOnlyList<TableEntity> Chunks, string Text) Build(int length)
    {
        var random = new Random(length);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)('a' + random.Next(26));
        var text = Encoding.ASCII.GetString(bytes);
        var encoded = new StoredDocument.Encoded("utf8", length, Convert.ToHexString(SHA256.HashData(bytes)), null, bytes);
        var owner = new TableEntity("p", "owner") { [StorageSchema.Property] = StorageSchema.Current };
        var chunks = StoredDocument.Place(encoded, "Doc", owner, "c.", "w1");
        return (owner, chunks, text);
    }
}
