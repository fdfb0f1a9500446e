using System.Net;
using System.Net.Sockets;
using Azure.Core;
using Azure.Data.Tables;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

/// <summary>Service failures reach callers as the store's own errors, never as the client's RequestFailedException.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class StorageFailureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EveryOperation_TablesNotCreated_ThrowsStorageFailureNamingTheTable()
    {
        var storage = azurite.NewStorage();

        var errors = new List<StorageFailureException>
        {
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Workflows.SaveAsync("wf", "", "", TestData.T0)),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Workflows.GetLatestAsync("wf")),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Workflows.GetAsync("wf", 1)),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Workflows.ListVersionsAsync("wf")),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Workflows.DeleteAsync("wf")),
            await Assert.ThrowsAsync<StorageFailureException>(async () => await storage.Workflows.ListAsync().ToListAsync()),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Executions.CreateAsync(new NewExecution { Id = "e", WorkflowName = "wf", WorkflowVersion = 1, Status = "s", CreatedAt = TestData.T0 })),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Executions.GetAsync("e")),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Executions.UpdateAsync("e", "*", new ExecutionChanges { Status = "s", UpdatedAt = TestData.T0 })),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Executions.UpdateAsync("e", "*", new ExecutionChanges { OutputJson = "1", UpdatedAt = TestData.T0 })),
            await Assert.ThrowsAsync<StorageFailureException>(async () => await storage.Executions.ListAsync().ToListAsync()),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Executions.ListPageAsync(null, 10)),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Executions.DeleteAsync("e")),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Snapshots.AppendAsync("e", 0, "{}", TestData.T0)),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Snapshots.GetAsync("e", 0)),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Snapshots.GetLatestAsync("e")),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Snapshots.ListAsync("e")),
            await Assert.ThrowsAsync<StorageFailureException>(() => storage.Snapshots.DeleteAllAsync("e")),
        };

        Assert.All(errors, e =>
        {
            Assert.Equal(404, e.Status);
            Assert.Equal("TableNotFound", e.ErrorCode);
            Assert.Contains("does not exist: create the tables first", e.Message, StringComparison.Ordinal);
            Assert.Contains(storage.TablePrefix, e.Message, StringComparison.Ordinal);
        });
        Assert.StartsWith("Storage failed while reading execution 'e': the storage service answered 404 TableNotFound.", errors[7].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_ServiceUnreachable_ThrowStorageFailureWithStatusZero()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var connection = azurite.ConnectionString.Replace(new Uri(azurite.ConnectionString.Split("TableEndpoint=")[1].Split(';')[0]).Authority, $"127.0.0.1:{port}", StringComparison.Ordinal);
        var options = new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5) } };
        var storage = EngineStorage.FromConnectionString(connection, "Unreachable", options);

        var read = await Assert.ThrowsAsync<StorageFailureException>(() => storage.Executions.GetAsync("e"));
        var create = await Assert.ThrowsAsync<StorageFailureException>(() => storage.CreateTablesAsync());

        Assert.Equal(0, read.Status);
        Assert.Contains("could not be reached", read.Message, StringComparison.Ordinal);
        Assert.Equal(0, create.Status);
    }

    [Fact]
    public void EngineStorage_InvalidPrefix_IsRejected()
    {
        var service = new TableServiceClient(azurite.ConnectionString);

        Assert.Throws<ArgumentException>(() => new EngineStorage(service, ""));
        Assert.Throws<ArgumentException>(() => new EngineStorage(service, "1abc"));
        Assert.Throws<ArgumentException>(() => new EngineStorage(service, "with-dash"));
        Assert.Throws<ArgumentException>(() => new EngineStorage(service, new string('a', 41)));
        Assert.Equal(["Orquesta2Workflows", "Orquesta2Executions", "Orquesta2Snapshots"], new EngineStorage(service, "Orquesta2").TableNames);
        Assert.Equal("Orquesta", new EngineStorage(service).TablePrefix);
    }

    [Fact]
    public async Task CreateTablesAsync_Twice_IsHarmlessAndDeleteRemovesThem()
    {
        var storage = azurite.NewStorage();

        await storage.CreateTablesAsync();
        await storage.CreateTablesAsync();
        await storage.DeleteTablesAsync();
        await storage.DeleteTablesAsync();

        var service = new TableServiceClient(azurite.ConnectionString);
        var remaining = new List<string>();
        await foreach (var table in service.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {storage.TablePrefix}"))) remaining.Add(table.Name);
        Assert.DoesNotContain(remaining, n => n.StartsWith(storage.TablePrefix, StringComparison.Ordinal));
    }
}
