using Azure.Data.Tables;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests;

[CollectionDefinition(Name)]
public sealed class AzuriteGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>Each test gets its own tables (xunit makes a new instance per test) and deletes them after.</summary>
[Collection(AzuriteGroup.Name)]
public abstract class StorageTest(AzuriteFixture azurite) : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected EngineStorage Storage { get; } = azurite.NewStorage();

    public Task InitializeAsync() => Storage.CreateTablesAsync();

    public Task DisposeAsync() => Storage.DeleteTablesAsync();

    /// <summary>Every entity of a table, as stored.</summary>
    protected async Task<List<TableEntity>> RowsAsync(string tableName)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Azurite.RawTable(tableName).QueryAsync<TableEntity>()) rows.Add(row);
        return rows;
    }
}
