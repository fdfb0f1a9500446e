using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

/// <summary>Names and ids that Table Storage keys cannot hold as they are still work, in every store.</summary>
public sealed class KeyEscapingTests(AzuriteFixture azurite) : StorageTest(azurite)
{
    public static TheoryData<string> Names() =>
    [
        "pack/workflow",
        "back\\slash",
        "hash#tag",
        "what?",
        "tab\tnew\nline\u0000nul\u001f\u007f\u0085\u009f",
        "~tilde~007E",
        "100% 'quoted' \"double\"",
        "spaces  and + & = ; : @ , $ ! * ( ) [ ] { } < > |",
        "ünïcødé 漢字 😀",
        ".",
        "..",
        " ",
        new string('a', 300),
        new string('/', 300),
        new string('a', 179) + "😀" + new string('b', 200),
    ];

    [Theory]
    [MemberData(nameof(Names), DisableDiscoveryEnumeration = true)]
    public async Task Workflows_NameWithAnyCharacters_SavesReadsListsAndDeletes(string name)
    {
        await Storage.Workflows.SaveAsync(name, "v1", "{}", TestData.T0);
        await Storage.Workflows.SaveAsync(name, "v2", "{}", TestData.T0);

        Assert.Equal("v2", (await Storage.Workflows.GetLatestAsync(name)).Yaml);
        Assert.Equal("v1", (await Storage.Workflows.GetAsync(name, 1)).Yaml);
        Assert.Equal(name, Assert.Single(await Storage.Workflows.ListAsync().ToListAsync()).Name);
        Assert.Equal(2, (await Storage.Workflows.ListVersionsAsync(name)).Count);
        await Storage.Workflows.DeleteAsync(name);
        var error = await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Storage.Workflows.GetLatestAsync(name));
        Assert.Equal(name, error.WorkflowName);
    }

    [Theory]
    [MemberData(nameof(Names), DisableDiscoveryEnumeration = true)]
    public async Task Executions_IdWithAnyCharacters_CreatesReadsUpdatesListsAndDeletes(string id)
    {
        var created = await Storage.Executions.CreateAsync(new NewExecution
        {
            Id = id,
            WorkflowName = id,
            WorkflowVersion = 1,
            Status = "running",
            CreatedAt = TestData.T0,
            ParentId = id,
            InputJson = TestData.Random(300_000, 1),
        });
        await Storage.Executions.UpdateAsync(id, created.ETag, new ExecutionChanges { Status = "succeeded", OutputJson = "1", UpdatedAt = TestData.T0 });

        var read = await Storage.Executions.GetAsync(id);
        Assert.Equal(id, read.Id);
        Assert.Equal("succeeded", read.Status);
        Assert.Equal(TestData.Random(300_000, 1), read.InputJson);
        var listed = Assert.Single(await Storage.Executions.ListAsync(new ExecutionFilter { WorkflowName = id, ParentId = id }).ToListAsync());
        Assert.Equal(id, listed.Id);
        await Storage.Executions.DeleteAsync(id);
        Assert.Equal(id, (await Assert.ThrowsAsync<ExecutionNotFoundException>(() => Storage.Executions.GetAsync(id))).ExecutionId);
    }

    [Theory]
    [MemberData(nameof(Names), DisableDiscoveryEnumeration = true)]
    public async Task Snapshots_ExecutionIdWithAnyCharacters_AppendsReadsAndLists(string id)
    {
        await Storage.Snapshots.AppendAsync(id, 0, "zero", TestData.T0);
        await Storage.Snapshots.AppendAsync(id, 1, TestData.Random(1_000_000, 2), TestData.T0);

        Assert.Equal("zero", (await Storage.Snapshots.GetAsync(id, 0)).Document);
        Assert.Equal(1, (await Storage.Snapshots.GetLatestAsync(id))!.Sequence);
        Assert.Equal([0L, 1L], (await Storage.Snapshots.ListAsync(id)).Select(s => s.Sequence));
        Assert.Equal(2, await Storage.Snapshots.DeleteAllAsync(id));
    }

    [Fact]
    public async Task EveryStore_NameOrIdWithAnUnpairedSurrogate_IsRejectedClearly()
    {
        const string bad = "lone \ud800 surrogate";
        var execution = new NewExecution { Id = "e", WorkflowName = "wf", WorkflowVersion = 1, Status = "running", CreatedAt = TestData.T0 };

        var errors = new List<ArgumentException>
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Workflows.SaveAsync(bad, "", "", TestData.T0)),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Workflows.GetLatestAsync(bad)),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Executions.CreateAsync(execution with { Id = bad })),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Executions.CreateAsync(execution with { WorkflowName = bad })),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Executions.CreateAsync(execution with { Status = bad })),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Executions.CreateAsync(execution with { ParentId = bad })),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Executions.GetAsync(bad)),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Executions.ListPageAsync(new ExecutionFilter { WorkflowName = bad }, 10)),
            await Assert.ThrowsAsync<ArgumentException>(() => Storage.Snapshots.AppendAsync(bad, 0, "{}", TestData.T0)),
        };

        Assert.All(errors, e => Assert.Contains("unpaired surrogate (U+D800 at index 5)", e.Message, StringComparison.Ordinal));
        Assert.Empty(await RowsAsync(Storage.Executions.TableName));
    }

    [Fact]
    public async Task Workflows_NameThatLooksLikeAnEscape_IsNotConfusedWithTheEscapedName()
    {
        await Storage.Workflows.SaveAsync("a/b", "slash", "{}", TestData.T0);
        await Storage.Workflows.SaveAsync("a~002Fb", "tilde", "{}", TestData.T0);
        await Storage.Workflows.SaveAsync(new string('x', 400) + "1", "long 1", "{}", TestData.T0);
        await Storage.Workflows.SaveAsync(new string('x', 400) + "2", "long 2", "{}", TestData.T0);

        Assert.Equal("slash", (await Storage.Workflows.GetLatestAsync("a/b")).Yaml);
        Assert.Equal("tilde", (await Storage.Workflows.GetLatestAsync("a~002Fb")).Yaml);
        Assert.Equal("long 1", (await Storage.Workflows.GetLatestAsync(new string('x', 400) + "1")).Yaml);
        Assert.Equal("long 2", (await Storage.Workflows.GetLatestAsync(new string('x', 400) + "2")).Yaml);
        Assert.Equal(4, (await Storage.Workflows.ListAsync().ToListAsync()).Count);
    }
}
