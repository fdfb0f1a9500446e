using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

public sealed class ExecutionStoreTests(AzuriteFixture azurite) : StorageTest(azurite)
{
    private ExecutionStore Store => Storage.Executions;

    private static NewExecution Execution(string id, string workflow = "wf", int version = 1, string status = "requested", string? parent = null) => new()
    {
        Id = id,
        WorkflowName = workflow,
        WorkflowVersion = version,
        Status = status,
        CreatedAt = TestData.T0,
        InputJson = """{"who": "world"}""",
        ParentId = parent,
    };

    [Fact]
    public async Task CreateAsync_ThenGetAsync_RoundTripsEveryField()
    {
        var created = await Store.CreateAsync(new NewExecution
        {
            Id = "exec-1",
            WorkflowName = "examples.mistral",
            WorkflowVersion = 7,
            Status = "running",
            CreatedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)).AddTicks(1234567),
            InputJson = """{"a": [1, 2.5, "x"]}""",
            OutputJson = """{"b": null}""",
            ErrorsJson = """[{"message": "boom"}]""",
            ParentId = "parent-9",
        });

        var read = await Store.GetAsync("exec-1");

        Assert.Equal(created, read);
        Assert.Equal("examples.mistral", read.WorkflowName);
        Assert.Equal(7, read.WorkflowVersion);
        Assert.Equal("running", read.Status);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)).AddTicks(1234567), read.CreatedAt);
        Assert.Equal(read.CreatedAt, read.UpdatedAt);
        Assert.Equal("""{"a": [1, 2.5, "x"]}""", read.InputJson);
        Assert.Equal("""{"b": null}""", read.OutputJson);
        Assert.Equal("""[{"message": "boom"}]""", read.ErrorsJson);
        Assert.Equal("parent-9", read.ParentId);
        Assert.False(string.IsNullOrEmpty(read.ETag));
    }

    [Fact]
    public async Task CreateAsync_WithoutDocumentsOrParent_ReadsBackNulls()
    {
        await Store.CreateAsync(Execution("bare") with { InputJson = null });

        var read = await Store.GetAsync("bare");

        Assert.Null(read.InputJson);
        Assert.Null(read.OutputJson);
        Assert.Null(read.ErrorsJson);
        Assert.Null(read.ParentId);
    }

    [Fact]
    public async Task CreateAsync_ExistingId_ThrowsConflict()
    {
        await Store.CreateAsync(Execution("dup"));

        var error = await Assert.ThrowsAsync<StorageConflictException>(() => Store.CreateAsync(Execution("dup", status: "running")));

        Assert.Equal("execution 'dup'", error.Resource);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("requested", (await Store.GetAsync("dup")).Status);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ThrowsNotFoundWithTheId()
    {
        var error = await Assert.ThrowsAsync<ExecutionNotFoundException>(() => Store.GetAsync("missing-42"));

        Assert.Equal("missing-42", error.ExecutionId);
        Assert.Equal("Execution 'missing-42' was not found.", error.Message);
    }

    [Fact]
    public async Task UpdateAsync_StatusOnly_ChangesStatusTimeAndETagAndKeepsTheRest()
    {
        var created = await Store.CreateAsync(Execution("e") with { OutputJson = "[1]" });

        var etag = await Store.UpdateAsync("e", created.ETag, new ExecutionChanges { Status = "running", UpdatedAt = TestData.T0.AddSeconds(5) });

        var read = await Store.GetAsync("e");
        Assert.Equal("running", read.Status);
        Assert.Equal(TestData.T0.AddSeconds(5), read.UpdatedAt);
        Assert.Equal(TestData.T0, read.CreatedAt);
        Assert.Equal(etag, read.ETag);
        Assert.NotEqual(created.ETag, etag);
        Assert.Equal(created.InputJson, read.InputJson);
        Assert.Equal("[1]", read.OutputJson);
    }

    [Fact]
    public async Task UpdateAsync_OutputAndErrors_ReplacesThemAndKeepsStatusWhenNotGiven()
    {
        var created = await Store.CreateAsync(Execution("e"));

        var etag = await Store.UpdateAsync("e", created.ETag, new ExecutionChanges { UpdatedAt = TestData.T0.AddMinutes(1), OutputJson = """{"x": 1}""", ErrorsJson = "[]" });

        var read = await Store.GetAsync("e");
        Assert.Equal("requested", read.Status);
        Assert.Equal("""{"x": 1}""", read.OutputJson);
        Assert.Equal("[]", read.ErrorsJson);
        Assert.Equal(created.InputJson, read.InputJson);
        Assert.Equal(etag, read.ETag);
    }

    [Fact]
    public async Task UpdateAsync_Output_KeepsAnInlineBinaryInputAsItWas()
    {
        var input = TestData.Random(100_000, 8);
        var created = await Store.CreateAsync(Execution("e") with { InputJson = input, ErrorsJson = "[\"kept\"]" });
        var before = Assert.Single(await RowsAsync(Store.TableName));
        Assert.Equal(2, before.GetInt32("InputParts"));

        await Store.UpdateAsync("e", created.ETag, new ExecutionChanges { OutputJson = TestData.Random(150_000, 9), UpdatedAt = TestData.T0 });

        var read = await Store.GetAsync("e");
        Assert.Equal(input, read.InputJson);
        Assert.Equal("[\"kept\"]", read.ErrorsJson);
        Assert.Equal(TestData.Random(150_000, 9), read.OutputJson);
        Assert.Equal(TestData.T0, read.CreatedAt);
        var after = Assert.Single(await RowsAsync(Store.TableName));
        Assert.Equal(before.GetBinary("Input0"), after.GetBinary("Input0"));
        Assert.Equal(before.GetInt64("InputLen"), after.GetInt64("InputLen"));
    }

    [Fact]
    public async Task UpdateAsync_StaleETag_ThrowsConflictAndChangesNothing()
    {
        var created = await Store.CreateAsync(Execution("e"));
        var current = await Store.UpdateAsync("e", created.ETag, new ExecutionChanges { Status = "running", UpdatedAt = TestData.T0 });

        var statusOnly = await Assert.ThrowsAsync<StorageConflictException>(
            () => Store.UpdateAsync("e", created.ETag, new ExecutionChanges { Status = "failed", UpdatedAt = TestData.T0 }));
        var withOutput = await Assert.ThrowsAsync<StorageConflictException>(
            () => Store.UpdateAsync("e", created.ETag, new ExecutionChanges { Status = "succeeded", OutputJson = "1", UpdatedAt = TestData.T0 }));

        Assert.Equal("execution 'e'", statusOnly.Resource);
        Assert.Contains("changed by another writer", withOutput.Message, StringComparison.Ordinal);
        var read = await Store.GetAsync("e");
        Assert.Equal("running", read.Status);
        Assert.Null(read.OutputJson);
        Assert.Equal(current, read.ETag);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentWritersWithTheSameETag_ExactlyOneWins()
    {
        var created = await Store.CreateAsync(Execution("race"));
        var writers = Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                await Store.UpdateAsync("race", created.ETag, new ExecutionChanges { Status = "s" + i, OutputJson = i.ToString(System.Globalization.CultureInfo.InvariantCulture), UpdatedAt = TestData.T0 });
                return i;
            }
            catch (StorageConflictException)
            {
                return -1;
            }
        });

        var results = await Task.WhenAll(writers);

        var winner = Assert.Single(results, r => r >= 0);
        var read = await Store.GetAsync("race");
        Assert.Equal("s" + winner, read.Status);
        Assert.Equal(winner.ToString(System.Globalization.CultureInfo.InvariantCulture), read.OutputJson);
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_ThrowsNotFound()
    {
        await Store.CreateAsync(Execution("other"));
        var etag = (await Store.GetAsync("other")).ETag;

        var statusOnly = await Assert.ThrowsAsync<ExecutionNotFoundException>(
            () => Store.UpdateAsync("ghost", etag, new ExecutionChanges { Status = "running", UpdatedAt = TestData.T0 }));
        var withOutput = await Assert.ThrowsAsync<ExecutionNotFoundException>(
            () => Store.UpdateAsync("ghost", etag, new ExecutionChanges { OutputJson = "{}", UpdatedAt = TestData.T0 }));

        Assert.Equal("ghost", statusOnly.ExecutionId);
        Assert.Equal("ghost", withOutput.ExecutionId);
    }

    [Fact]
    public async Task ListAsync_Filters_SelectByStatusWorkflowVersionAndParent()
    {
        await Store.CreateAsync(Execution("e1", workflow: "a", status: "running"));
        await Store.CreateAsync(Execution("e2", workflow: "a", status: "succeeded"));
        await Store.CreateAsync(Execution("e3", workflow: "b", status: "running", version: 2));
        await Store.CreateAsync(Execution("e4", workflow: "b", status: "failed", parent: "e3"));
        await Store.CreateAsync(Execution("e5", workflow: "it's \"quoted\"", status: "paused"));

        async Task<string[]> Ids(ExecutionFilter? filter) =>
            [.. (await Store.ListAsync(filter).ToListAsync()).Select(e => e.Id).Order(StringComparer.Ordinal)];

        Assert.Equal(["e1", "e2", "e3", "e4", "e5"], await Ids(null));
        Assert.Equal(["e1", "e2", "e3", "e4", "e5"], await Ids(new ExecutionFilter()));
        Assert.Equal(["e1", "e3"], await Ids(new ExecutionFilter { Statuses = ["running"] }));
        Assert.Equal(["e1", "e3", "e4"], await Ids(new ExecutionFilter { Statuses = ["running", "failed"] }));
        Assert.Equal(["e1", "e2"], await Ids(new ExecutionFilter { WorkflowName = "a" }));
        Assert.Equal(["e3"], await Ids(new ExecutionFilter { WorkflowName = "b", Statuses = ["running"] }));
        Assert.Equal(["e3"], await Ids(new ExecutionFilter { WorkflowName = "b", WorkflowVersion = 2 }));
        Assert.Equal(["e4"], await Ids(new ExecutionFilter { ParentId = "e3" }));
        Assert.Equal(["e5"], await Ids(new ExecutionFilter { WorkflowName = "it's \"quoted\"" }));
        Assert.Empty(await Ids(new ExecutionFilter { WorkflowName = "a", Statuses = ["failed"] }));
    }

    [Fact]
    public async Task ListAsync_Summaries_CarryTheMetadataAndAUsableETag()
    {
        await Store.CreateAsync(Execution("e1", parent: "p") with { OutputJson = TestData.Random(100_000, 3) });

        var summary = Assert.Single(await Store.ListAsync().ToListAsync());

        Assert.Equal("e1", summary.Id);
        Assert.Equal("wf", summary.WorkflowName);
        Assert.Equal(1, summary.WorkflowVersion);
        Assert.Equal("requested", summary.Status);
        Assert.Equal(TestData.T0, summary.CreatedAt);
        Assert.Equal("p", summary.ParentId);
        Assert.IsNotType<ExecutionRecord>(summary);
        await Store.UpdateAsync("e1", summary.ETag, new ExecutionChanges { Status = "running", UpdatedAt = TestData.T0 });
    }

    [Fact]
    public async Task ListPageAsync_SmallPages_ReturnEveryMatchOnceThenNoToken()
    {
        for (var i = 0; i < 7; i++) await Store.CreateAsync(Execution("e" + i, status: i % 2 == 0 ? "running" : "succeeded"));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListPageAsync(new ExecutionFilter { Statuses = ["running"] }, 2, token);
            Assert.InRange(page.Items.Count, 1, 2);
            seen.AddRange(page.Items.Select(e => e.Id));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(["e0", "e2", "e4", "e6"], seen.Order(StringComparer.Ordinal));
        Assert.Null(token);
    }

    [Fact]
    public async Task DeleteAsync_Execution_RemovesItsRowAndChunks()
    {
        await Store.CreateAsync(Execution("gone") with { InputJson = TestData.Random(2_000_000, 5) });
        await Store.CreateAsync(Execution("kept"));

        await Store.DeleteAsync("gone");

        await Assert.ThrowsAsync<ExecutionNotFoundException>(() => Store.GetAsync("gone"));
        Assert.All(await RowsAsync(Store.TableName), r => Assert.Equal("kept", r.PartitionKey));
        var error = await Assert.ThrowsAsync<ExecutionNotFoundException>(() => Store.DeleteAsync("gone"));
        Assert.Equal("gone", error.ExecutionId);
    }

    [Fact]
    public async Task CreateAsync_InvalidArguments_AreRejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(Execution("")));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(Execution("x", workflow: "")));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(Execution("x", status: "")));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(Execution("x", parent: "")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListPageAsync(null, 0));
    }
}
