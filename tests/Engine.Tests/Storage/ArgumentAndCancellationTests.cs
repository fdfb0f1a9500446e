using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

public sealed class ArgumentAndCancellationTests(AzuriteFixture azurite) : StorageTest(azurite)
{
    private static readonly NewExecution Execution = new() { Id = "e", WorkflowName = "wf", WorkflowVersion = 1, Status = "running", CreatedAt = TestData.T0 };

    [Fact]
    public async Task EveryStore_TooLongNameOrId_IsRejectedBeforeAnyWrite()
    {
        var longest = new string('n', StorageArguments.MaxTextLength);
        var tooLong = longest + "n";

        await Storage.Workflows.SaveAsync(longest, "", "", TestData.T0);
        await Storage.Executions.CreateAsync(Execution with { Id = longest, WorkflowName = longest, ParentId = longest });
        await Storage.Snapshots.AppendAsync(longest, 0, "", TestData.T0);

        var errors = new List<ArgumentException>
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Workflows.SaveAsync(tooLong, "", "", TestData.T0)),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Executions.CreateAsync(Execution with { Id = tooLong })),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Executions.CreateAsync(Execution with { Status = tooLong })),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Snapshots.AppendAsync(tooLong, 0, "", TestData.T0)),
        };
        Assert.All(errors, e => Assert.Contains("has 1025 characters; at most 1024 are stored", e.Message, StringComparison.Ordinal));
        Assert.Equal(longest, (await Storage.Executions.GetAsync(longest)).ParentId);
    }

    [Fact]
    public async Task EveryStore_TimeBeforeTableStorageRange_IsRejected()
    {
        var tooEarly = new DateTimeOffset(1600, 12, 31, 0, 0, 0, TimeSpan.Zero);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.Workflows.SaveAsync("wf", "", "", tooEarly));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.Executions.CreateAsync(Execution with { CreatedAt = tooEarly }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.Executions.UpdateAsync("e", "*", new ExecutionChanges { UpdatedAt = tooEarly }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.Snapshots.AppendAsync("e", 0, "", tooEarly));
        await Storage.Snapshots.AppendAsync("e", 0, "", StorageArguments.MinTime);
        Assert.Equal(StorageArguments.MinTime, (await Storage.Snapshots.GetAsync("e", 0)).CreatedAt);
    }

    [Fact]
    public async Task EveryStore_CancelledToken_ThrowsOperationCanceledNotAStorageError()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.Workflows.SaveAsync("wf", "", "", TestData.T0, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.Workflows.GetLatestAsync("wf", token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Storage.Workflows.ListAsync(token).ToListAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.Executions.CreateAsync(Execution, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.Executions.ListPageAsync(null, 10, null, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.Snapshots.AppendAsync("e", 0, TestData.Random(2_000_000, 1), TestData.T0, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.Snapshots.GetLatestAsync("e", token));
        Assert.Empty(await RowsAsync(Storage.Snapshots.TableName));
        Assert.Empty(await RowsAsync(Storage.Executions.TableName));
    }
}
