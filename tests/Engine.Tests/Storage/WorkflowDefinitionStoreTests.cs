using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

public sealed class WorkflowDefinitionStoreTests(AzuriteFixture azurite) : StorageTest(azurite)
{
    private const string Yaml = "version: 1.0\n\ntasks:\n  task1:\n    action: core.noop\n";
    private const string Inspection = """{"errors": {}}""";

    private WorkflowDefinitionStore Store => Storage.Workflows;

    [Fact]
    public async Task SaveAsync_FirstSave_IsVersionOneAndReadsBack()
    {
        var saved = await Store.SaveAsync("examples.sequential", Yaml, Inspection, TestData.T0);

        Assert.Equal(1, saved.Version);
        var latest = await Store.GetLatestAsync("examples.sequential");
        Assert.Equal(saved, latest);
        Assert.Equal(Yaml, latest.Yaml);
        Assert.Equal(Inspection, latest.InspectionJson);
        Assert.Equal(TestData.T0, latest.SavedAt);
        Assert.Equal(saved, await Store.GetAsync("examples.sequential", 1));
    }

    [Fact]
    public async Task SaveAsync_EachSave_AddsTheNextVersionAndKeepsTheOlderOnes()
    {
        for (var i = 1; i <= 12; i++)
        {
            var saved = await Store.SaveAsync("wf", Yaml + "# " + i, Inspection, TestData.T0.AddMinutes(i));
            Assert.Equal(i, saved.Version);
        }

        var latest = await Store.GetLatestAsync("wf");
        Assert.Equal(12, latest.Version);
        Assert.Equal(Yaml + "# 12", latest.Yaml);
        for (var i = 1; i <= 12; i++)
        {
            var version = await Store.GetAsync("wf", i);
            Assert.Equal(Yaml + "# " + i, version.Yaml);
            Assert.Equal(TestData.T0.AddMinutes(i), version.SavedAt);
        }
    }

    [Fact]
    public async Task ListVersionsAsync_ManyVersions_ListsThemOldestFirstWithTheirSizes()
    {
        for (var i = 1; i <= 11; i++) await Store.SaveAsync("wf", new string('y', i), Inspection, TestData.T0.AddDays(i));

        var versions = await Store.ListVersionsAsync("wf");

        Assert.Equal(Enumerable.Range(1, 11), versions.Select(v => v.Version));
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), versions.Select(v => v.YamlLength));
        Assert.Equal(Enumerable.Range(1, 11).Select(i => TestData.T0.AddDays(i)), versions.Select(v => v.SavedAt));
        Assert.All(versions, v => Assert.Equal("wf", v.Name));
    }

    [Fact]
    public async Task ListAsync_SeveralWorkflows_ListsEachWithItsLatestVersionButNotDeletedOnes()
    {
        await Store.SaveAsync("alpha", Yaml, Inspection, TestData.T0);
        await Store.SaveAsync("beta", Yaml, Inspection, TestData.T0);
        await Store.SaveAsync("beta", Yaml, Inspection, TestData.T0.AddHours(1));
        await Store.SaveAsync("gamma", Yaml, Inspection, TestData.T0);
        await Store.DeleteAsync("gamma");

        var listed = await Store.ListAsync().ToListAsync();

        Assert.Equal(["alpha", "beta"], listed.Select(w => w.Name).Order(StringComparer.Ordinal));
        var beta = Assert.Single(listed, w => w.Name == "beta");
        Assert.Equal(2, beta.LatestVersion);
        Assert.Equal(TestData.T0.AddHours(1), beta.UpdatedAt);
    }

    [Fact]
    public async Task ListAsync_NoWorkflows_IsEmpty()
    {
        Assert.Empty(await Store.ListAsync().ToListAsync());
    }

    [Fact]
    public async Task GetLatestAsync_UnknownWorkflow_ThrowsNotFoundWithTheName()
    {
        var error = await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Store.GetLatestAsync("no.such.workflow"));

        Assert.Equal("no.such.workflow", error.WorkflowName);
        Assert.Null(error.Version);
        Assert.Equal("Workflow 'no.such.workflow' was not found.", error.Message);
    }

    [Fact]
    public async Task GetAsync_UnknownVersion_ThrowsNotFoundWithNameAndVersion()
    {
        await Store.SaveAsync("wf", Yaml, Inspection, TestData.T0);

        var error = await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Store.GetAsync("wf", 2));

        Assert.Equal("wf", error.WorkflowName);
        Assert.Equal(2, error.Version);
        Assert.Equal("Version 2 of workflow 'wf' was not found.", error.Message);
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Store.GetAsync("other", 1));
    }

    [Fact]
    public async Task ListVersionsAsync_UnknownWorkflow_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Store.ListVersionsAsync("nope"));
        Assert.Equal("nope", error.WorkflowName);
    }

    [Fact]
    public async Task DeleteAsync_Workflow_RemovesEveryVersionAndItsChunks()
    {
        await Store.SaveAsync("wf", Yaml, Inspection, TestData.T0);
        await Store.SaveAsync("wf", TestData.Random(300_000, 1), Inspection, TestData.T0);
        await Store.SaveAsync("kept", Yaml, Inspection, TestData.T0);

        await Store.DeleteAsync("wf");

        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Store.GetLatestAsync("wf"));
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Store.GetAsync("wf", 1));
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Store.ListVersionsAsync("wf"));
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Store.DeleteAsync("wf"));
        var rows = await RowsAsync(Store.TableName);
        Assert.Equal(["head"], rows.Where(r => r.PartitionKey == "wf").Select(r => r.RowKey));
        Assert.Equal(Yaml, (await Store.GetLatestAsync("kept")).Yaml);
    }

    [Fact]
    public async Task DeleteAsync_UnknownWorkflow_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Store.DeleteAsync("ghost"));
        Assert.Equal("ghost", error.WorkflowName);
    }

    [Fact]
    public async Task SaveAsync_AfterDelete_ContinuesTheNumberingSoOldVersionsNeverChangeMeaning()
    {
        await Store.SaveAsync("wf", "one", Inspection, TestData.T0);
        await Store.SaveAsync("wf", "two", Inspection, TestData.T0);
        await Store.DeleteAsync("wf");

        var saved = await Store.SaveAsync("wf", "three", Inspection, TestData.T0);

        Assert.Equal(3, saved.Version);
        Assert.Equal("three", (await Store.GetLatestAsync("wf")).Yaml);
        Assert.Equal([3], (await Store.ListVersionsAsync("wf")).Select(v => v.Version));
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Store.GetAsync("wf", 1));
    }

    [Fact]
    public async Task SaveAsync_ConcurrentSaves_EachGetsItsOwnVersion()
    {
        var saves = Enumerable.Range(0, 8).Select(i => Store.SaveAsync("busy", "text " + i, Inspection, TestData.T0)).ToList();
        var saved = await Task.WhenAll(saves);

        Assert.Equal(Enumerable.Range(1, 8), saved.Select(s => s.Version).Order());
        foreach (var s in saved) Assert.Equal(s.Yaml, (await Store.GetAsync("busy", s.Version)).Yaml);
        Assert.Equal(8, (await Store.GetLatestAsync("busy")).Version);
    }

    [Fact]
    public async Task SaveAsync_EmptyTexts_RoundTrip()
    {
        await Store.SaveAsync("empty", "", "", TestData.T0);

        var latest = await Store.GetLatestAsync("empty");

        Assert.Equal("", latest.Yaml);
        Assert.Equal("", latest.InspectionJson);
    }

    [Fact]
    public async Task SaveAsync_EmptyOrNullName_IsRejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync("", Yaml, Inspection, TestData.T0));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.SaveAsync(null!, Yaml, Inspection, TestData.T0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.GetAsync("wf", 0));
    }
}
