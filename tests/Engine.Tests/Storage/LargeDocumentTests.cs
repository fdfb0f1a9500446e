using System.Text;
using Azure.Data.Tables;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

/// <summary>
/// Documents beyond one property (64 KiB) and one entity (1 MiB) read back exactly, and every row
/// written stays within Table Storage's documented limits (Azurite does not enforce all of them).
/// </summary>
public sealed class LargeDocumentTests(AzuriteFixture azurite) : StorageTest(azurite)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Snapshot_FiveMiBIncompressible_RoundTripsExactlyAcrossChunkRows()
    {
        var document = TestData.Random(5 * MiB, 11);

        var info = await Storage.Snapshots.AppendAsync("exec", 3, document, TestData.T0);

        var read = await Storage.Snapshots.GetAsync("exec", 3);
        Assert.Equal(document, read.Document);
        Assert.Equal(Encoding.UTF8.GetByteCount(document), info.Length);
        Assert.Equal(document, (await Storage.Snapshots.GetLatestAsync("exec"))!.Document);
        var rows = await RowsAsync(Storage.Snapshots.TableName);
        Assert.True(rows.Count(r => r.RowKey.StartsWith("c.", StringComparison.Ordinal)) >= 5, "a 5 MiB snapshot spans several chunk rows");
        await AssertWithinLimitsAsync(Storage.Snapshots.TableName);
    }

    [Fact]
    public async Task Snapshot_FiveMiBJson_RoundTripsExactly()
    {
        var document = TestData.Json(5 * MiB, 12);

        await Storage.Snapshots.AppendAsync("exec", 0, document, TestData.T0);

        Assert.Equal(document, (await Storage.Snapshots.GetAsync("exec", 0)).Document);
        await AssertWithinLimitsAsync(Storage.Snapshots.TableName);
    }

    [Fact]
    public async Task Snapshot_FiveMiBRepetitiveJson_IsCompressedAndRoundTrips()
    {
        var document = TestData.RepetitiveJson(5 * MiB);

        await Storage.Snapshots.AppendAsync("exec", 0, document, TestData.T0);

        Assert.Equal(document, (await Storage.Snapshots.GetAsync("exec", 0)).Document);
        var row = Assert.Single(await RowsAsync(Storage.Snapshots.TableName));
        Assert.Equal("utf8+gzip", row.GetString("DataEnc"));
    }

    [Fact]
    public async Task ExecutionResult_200KiBString_RoundTripsExactly()
    {
        var created = await Storage.Executions.CreateAsync(new NewExecution
        {
            Id = "exec",
            WorkflowName = "wf",
            WorkflowVersion = 1,
            Status = "running",
            CreatedAt = TestData.T0,
        });
        var output = "\"" + TestData.Random(200 * 1024, 21) + "\"";

        await Storage.Executions.UpdateAsync("exec", created.ETag, new ExecutionChanges { Status = "succeeded", OutputJson = output, UpdatedAt = TestData.T0 });

        var read = await Storage.Executions.GetAsync("exec");
        Assert.Equal(output, read.OutputJson);
        Assert.Equal("succeeded", read.Status);
        await AssertWithinLimitsAsync(Storage.Executions.TableName);
    }

    [Fact]
    public async Task ExecutionDocuments_TwoMiBJsonEach_RoundTripExactly()
    {
        var input = TestData.Json(2 * MiB, 31);
        var output = TestData.Json(2 * MiB, 32);
        var errors = TestData.Json(2 * MiB, 33);

        await Storage.Executions.CreateAsync(new NewExecution
        {
            Id = "exec",
            WorkflowName = "wf",
            WorkflowVersion = 1,
            Status = "failed",
            CreatedAt = TestData.T0,
            InputJson = input,
            OutputJson = output,
            ErrorsJson = errors,
        });

        var read = await Storage.Executions.GetAsync("exec");
        Assert.Equal(input, read.InputJson);
        Assert.Equal(output, read.OutputJson);
        Assert.Equal(errors, read.ErrorsJson);
        await AssertWithinLimitsAsync(Storage.Executions.TableName);
    }

    [Fact]
    public async Task ExecutionOutput_ReplacedLargeBySmallAndSmallByLarge_LeavesOnlyTheCurrentChunks()
    {
        var created = await Storage.Executions.CreateAsync(new NewExecution
        {
            Id = "exec",
            WorkflowName = "wf",
            WorkflowVersion = 1,
            Status = "running",
            CreatedAt = TestData.T0,
            InputJson = TestData.Random(1 * MiB, 40),
        });
        var large = TestData.Random(2 * MiB, 41);
        var etag = await Storage.Executions.UpdateAsync("exec", created.ETag, new ExecutionChanges { OutputJson = large, UpdatedAt = TestData.T0 });
        var inputChunks = (await RowsAsync(Storage.Executions.TableName)).Count(r => r.RowKey.StartsWith("c.Input.", StringComparison.Ordinal));
        Assert.True(inputChunks > 0);
        Assert.Equal(large, (await Storage.Executions.GetAsync("exec")).OutputJson);

        etag = await Storage.Executions.UpdateAsync("exec", etag, new ExecutionChanges { OutputJson = "{}", UpdatedAt = TestData.T0 });

        var rows = await RowsAsync(Storage.Executions.TableName);
        Assert.DoesNotContain(rows, r => r.RowKey.StartsWith("c.Output.", StringComparison.Ordinal));
        Assert.Equal(inputChunks, rows.Count(r => r.RowKey.StartsWith("c.Input.", StringComparison.Ordinal)));
        var read = await Storage.Executions.GetAsync("exec");
        Assert.Equal("{}", read.OutputJson);
        Assert.Equal(TestData.Random(1 * MiB, 40), read.InputJson);

        var larger = TestData.Random(3 * MiB, 42);
        await Storage.Executions.UpdateAsync("exec", etag, new ExecutionChanges { OutputJson = larger, UpdatedAt = TestData.T0 });
        Assert.Equal(larger, (await Storage.Executions.GetAsync("exec")).OutputJson);
    }

    [Fact]
    public async Task ExecutionOutput_StaleLargeUpdate_LeavesNoChunksBehind()
    {
        var created = await Storage.Executions.CreateAsync(new NewExecution
        {
            Id = "exec",
            WorkflowName = "wf",
            WorkflowVersion = 1,
            Status = "running",
            CreatedAt = TestData.T0,
        });
        var merge = await Storage.Executions.UpdateAsync("exec", created.ETag, new ExecutionChanges { Status = "pausing", UpdatedAt = TestData.T0 });
        Assert.NotEqual(created.ETag, merge);

        // Read with the stale ETag between the chunk writes and the row's replace: the replace fails, the chunks go.
        await Assert.ThrowsAsync<StorageConflictException>(() => Storage.Executions.UpdateAsync(
            "exec", created.ETag, new ExecutionChanges { OutputJson = TestData.Random(4 * MiB, 50), UpdatedAt = TestData.T0 }));

        Assert.Equal(["execution"], (await RowsAsync(Storage.Executions.TableName)).Select(r => r.RowKey));
    }

    [Fact]
    public async Task WorkflowDefinition_LargeYamlAndInspection_RoundTripExactly()
    {
        var yaml = "version: 1.0\n# " + TestData.Random(300 * 1024, 61);
        var inspection = TestData.Json(2 * MiB, 62);

        var saved = await Storage.Workflows.SaveAsync("big", yaml, inspection, TestData.T0);
        await Storage.Workflows.SaveAsync("big", "small", "{}", TestData.T0);

        var first = await Storage.Workflows.GetAsync("big", saved.Version);
        Assert.Equal(yaml, first.Yaml);
        Assert.Equal(inspection, first.InspectionJson);
        Assert.Equal("small", (await Storage.Workflows.GetLatestAsync("big")).Yaml);
        await AssertWithinLimitsAsync(Storage.Workflows.TableName);
    }

    // Text up to TextLimit characters stays a readable string property; one more goes to bytes.
    [Theory]
    [InlineData(0, "text")]
    [InlineData(StoredDocument.TextLimit, "text")]
    [InlineData(StoredDocument.TextLimit + 1, "utf8+gzip")]
    public async Task Snapshot_TextAtTheReadableLimit_RoundTripsInTheExpectedForm(int length, string encoding)
    {
        var text = TestData.RepetitiveJson(length)[..length];

        await Storage.Snapshots.AppendAsync("exec", 1, text, TestData.T0);

        Assert.Equal(text, (await Storage.Snapshots.GetAsync("exec", 1)).Document);
        Assert.Equal(encoding, Assert.Single(await RowsAsync(Storage.Snapshots.TableName)).GetString("DataEnc"));
    }

    // Not InlineData: xunit's discovery would replace the unpaired surrogates before the test sees them.
    public static TheoryData<string> UnusualTexts() =>
    [
        "control \u0000\u0001\u001f\u007f\u0085 characters\r\n\t",
        "unpaired \ud800 high surrogate",
        "unpaired \udc00 low surrogate at the end \ud83d",
        "emoji 😀 and 漢字 and é",
    ];

    [Theory]
    [MemberData(nameof(UnusualTexts), DisableDiscoveryEnumeration = true)]
    public async Task Documents_UnusualText_RoundTripExactly(string text)
    {
        Assert.Equal(text.StartsWith("unpaired", StringComparison.Ordinal), StorageArguments.UnpairedSurrogateIndex(text) is not null);
        var large = string.Concat(Enumerable.Repeat(text, 200_000 / text.Length)) + TestData.Random(50_000, 3);

        await Storage.Snapshots.AppendAsync("exec", 1, text, TestData.T0);
        await Storage.Snapshots.AppendAsync("exec", 2, large, TestData.T0);
        await Storage.Workflows.SaveAsync("wf", text, large, TestData.T0);

        Assert.Equal(text, (await Storage.Snapshots.GetAsync("exec", 1)).Document);
        Assert.Equal(large, (await Storage.Snapshots.GetAsync("exec", 2)).Document);
        var definition = await Storage.Workflows.GetLatestAsync("wf");
        Assert.Equal(text, definition.Yaml);
        Assert.Equal(large, definition.InspectionJson);
    }

    /// <summary>Every row of the table within the documented limits: 1 MiB an entity, 64 KiB a property, 252 custom properties.</summary>
    private async Task AssertWithinLimitsAsync(string tableName)
    {
        foreach (var row in await RowsAsync(tableName))
        {
            Assert.True(TransactionPlanner.StoredBytes(row) <= TransactionPlanner.MaxEntityBytes, $"row {row.RowKey} is {TransactionPlanner.StoredBytes(row)} bytes");
            Assert.True(row.Keys.Count(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) <= TransactionPlanner.MaxCustomProperties);
            Assert.True(row.Keys.Count <= 255 + 1);
            foreach (var (name, value) in row)
            {
                switch (value)
                {
                    case byte[] bytes:
                        Assert.True(bytes.Length <= 64 * 1024, $"{row.RowKey}.{name} holds {bytes.Length} bytes");
                        break;
                    case BinaryData data:
                        Assert.True(data.ToMemory().Length <= 64 * 1024, $"{row.RowKey}.{name} holds {data.ToMemory().Length} bytes");
                        break;
                    case string s:
                        Assert.True(s.Length <= 32 * 1024, $"{row.RowKey}.{name} holds {s.Length} characters");
                        break;
                }
            }
        }
    }
}
