using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

public sealed class SnapshotStoreTests(AzuriteFixture azurite) : StorageTest(azurite)
{
    private SnapshotStore Store => Storage.Snapshots;

    private static string State(long step) => $$"""{"step": {{step}}, "sequence": [], "contexts": [{"x": "é"}]}""";

    [Fact]
    public async Task AppendAsync_ThenGetAsync_RoundTrips()
    {
        var info = await Store.AppendAsync("exec", 0, State(0), TestData.T0);

        var snapshot = await Store.GetAsync("exec", 0);

        Assert.Equal(State(0), snapshot.Document);
        Assert.Equal(0, snapshot.Sequence);
        Assert.Equal("exec", snapshot.ExecutionId);
        Assert.Equal(TestData.T0, snapshot.CreatedAt);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(State(0)), snapshot.Length);
        Assert.Equal(info, new SnapshotInfo { ExecutionId = "exec", Sequence = 0, CreatedAt = TestData.T0, Length = snapshot.Length });
    }

    [Fact]
    public async Task GetAsync_UnknownSequenceOrExecution_ThrowsNotFoundWithIdAndNumber()
    {
        await Store.AppendAsync("exec", 1, State(1), TestData.T0);

        var error = await Assert.ThrowsAsync<SnapshotNotFoundException>(() => Store.GetAsync("exec", 2));
        var other = await Assert.ThrowsAsync<SnapshotNotFoundException>(() => Store.GetAsync("unknown", 1));

        Assert.Equal("exec", error.ExecutionId);
        Assert.Equal(2, error.Sequence);
        Assert.Equal("Snapshot 2 of execution 'exec' was not found.", error.Message);
        Assert.Equal("unknown", other.ExecutionId);
    }

    [Fact]
    public async Task GetLatestAsync_StepsAppendedInAndOutOfOrder_ReturnsTheHighestNumber()
    {
        Assert.Null(await Store.GetLatestAsync("exec"));
        foreach (var step in new long[] { 0, 1, 2, 9, 10, 3, 11 }) await Store.AppendAsync("exec", step, State(step), TestData.T0.AddSeconds(step));

        var latest = await Store.GetLatestAsync("exec");

        Assert.NotNull(latest);
        Assert.Equal(11, latest.Sequence);
        Assert.Equal(State(11), latest.Document);
        Assert.Equal(TestData.T0.AddSeconds(11), latest.CreatedAt);
    }

    [Fact]
    public async Task ListAsync_Snapshots_AreInNumericOrderWithTheirMetadata()
    {
        long[] steps = [100, 7, 0, 1_000_000_000_000, 99, 8, 10];
        foreach (var step in steps) await Store.AppendAsync("exec", step, State(step), TestData.T0.AddMinutes(step % 1000));
        await Store.AppendAsync("other", 5, State(5), TestData.T0);

        var listed = await Store.ListAsync("exec");

        Assert.Equal(steps.Order(), listed.Select(s => s.Sequence));
        Assert.All(listed, s => Assert.Equal("exec", s.ExecutionId));
        Assert.All(listed, s => Assert.Equal(TestData.T0.AddMinutes(s.Sequence % 1000), s.CreatedAt));
        Assert.All(listed, s => Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(State(s.Sequence)), s.Length));
        Assert.Empty(await Store.ListAsync("nobody"));
    }

    [Fact]
    public async Task AppendAsync_SameDocumentAgain_IsIdempotent()
    {
        var first = await Store.AppendAsync("exec", 4, State(4), TestData.T0);

        var again = await Store.AppendAsync("exec", 4, State(4), TestData.T0.AddHours(1));

        Assert.Equal(first, again);
        Assert.Single(await Store.ListAsync("exec"));
    }

    [Fact]
    public async Task AppendAsync_DifferentDocumentUnderTheSameNumber_ThrowsConflictAndKeepsTheFirst()
    {
        await Store.AppendAsync("exec", 4, State(4), TestData.T0);

        var error = await Assert.ThrowsAsync<StorageConflictException>(() => Store.AppendAsync("exec", 4, State(5), TestData.T0));

        Assert.Equal("snapshot 4 of execution 'exec'", error.Resource);
        Assert.Contains("different document", error.Message, StringComparison.Ordinal);
        Assert.Equal(State(4), (await Store.GetAsync("exec", 4)).Document);
    }

    [Fact]
    public async Task AppendAsync_LargeDifferentDocumentUnderTheSameNumber_LeavesNoChunksBehind()
    {
        await Store.AppendAsync("exec", 1, TestData.Random(1_500_000, 1), TestData.T0);
        var rowsBefore = (await RowsAsync(Store.TableName)).Select(r => r.RowKey).ToList();

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.AppendAsync("exec", 1, TestData.Random(3_000_000, 2), TestData.T0));

        Assert.Equal(rowsBefore, (await RowsAsync(Store.TableName)).Select(r => r.RowKey));
        Assert.Equal(TestData.Random(1_500_000, 1), (await Store.GetAsync("exec", 1)).Document);
    }

    [Fact]
    public async Task DeleteAllAsync_Execution_RemovesItsSnapshotsOnly()
    {
        for (var step = 0; step < 5; step++) await Store.AppendAsync("exec", step, State(step), TestData.T0);
        await Store.AppendAsync("exec", 5, TestData.Random(1_000_000, 9), TestData.T0);
        await Store.AppendAsync("other", 0, State(0), TestData.T0);

        var deleted = await Store.DeleteAllAsync("exec");

        Assert.Equal(6, deleted);
        Assert.Empty(await Store.ListAsync("exec"));
        Assert.Null(await Store.GetLatestAsync("exec"));
        Assert.All(await RowsAsync(Store.TableName), r => Assert.Equal("other", r.PartitionKey));
        Assert.Equal(0, await Store.DeleteAllAsync("exec"));
    }

    [Fact]
    public async Task AppendAsync_InvalidArguments_AreRejected()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.AppendAsync("exec", -1, "{}", TestData.T0));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync("", 0, "{}", TestData.T0));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.AppendAsync("exec", 0, null!, TestData.T0));
    }
}
