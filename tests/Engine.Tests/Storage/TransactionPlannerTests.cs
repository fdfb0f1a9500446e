using System.Text;
using Azure.Data.Tables;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

public sealed class TransactionPlannerTests
{
    private static TableEntity Chunk(int index, int parts)
    {
        var entity = new TableEntity("p", "c." + index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)) { ["Parts"] = parts };
        for (var i = 0; i < parts; i++) entity["P" + i] = new byte[StoredDocument.PartSize];
        return entity;
    }

    private static TableTransactionAction Final(string rowKey) => new(TableTransactionActionType.Add, new TableEntity("p", rowKey));

    [Fact]
    public void Plan_NoChunks_IsOneTransactionWithTheFinals()
    {
        var plan = TransactionPlanner.Plan([Final("head"), Final("v1")], []);

        var only = Assert.Single(plan);
        Assert.Equal(["head", "v1"], only.Select(a => a.Entity.RowKey));
    }

    [Fact]
    public void Plan_FullChunks_FillTransactionsWithinThePayloadLimitAndEndWithTheFinals()
    {
        var chunks = Enumerable.Range(0, 9).Select(i => Chunk(i, StoredDocument.PartsPerChunk)).ToList();

        var plan = TransactionPlanner.Plan([Final("owner")], chunks);

        Assert.All(plan, t => Assert.True(t.Sum(a => TransactionPlanner.EstimatePayloadBytes(a.Entity)) <= TransactionPlanner.MaxPayloadBytes));
        Assert.All(plan, t => Assert.InRange(t.Count, 1, TransactionPlanner.MaxActions));
        Assert.Equal("owner", plan[^1][0].Entity.RowKey);
        Assert.Equal(chunks.Select(c => c.RowKey).Order(), plan.SelectMany(t => t).Select(a => a.Entity.RowKey).Where(k => k != "owner").Order());
        Assert.True(plan.Count >= 4, "9 chunks of 768,000 bytes need at least 4 transactions under 3 MB each");
    }

    [Fact]
    public void Plan_ManySmallChunks_AreSplitAtOneHundredActions()
    {
        var chunks = Enumerable.Range(0, 250).Select(i => Chunk(i, 0)).ToList();

        var plan = TransactionPlanner.Plan([Final("owner")], chunks);

        Assert.Equal([100, 51, 100], plan.Select(t => t.Count));
        Assert.Contains(plan[^1], a => a.Entity.RowKey == "owner");
    }

    [Fact]
    public void Plan_OneChunkThatFits_GoesWithTheFinalsInOneTransaction()
    {
        var plan = TransactionPlanner.Plan([Final("owner")], [Chunk(0, 4)]);

        Assert.Equal(2, Assert.Single(plan).Count);
    }

    [Fact]
    public void StoredBytes_FullChunkAndLargestOwner_StayUnderOneMiB()
    {
        var chunk = Chunk(0, StoredDocument.PartsPerChunk);
        var owner = new TableEntity(new string('k', 255), "execution");
        foreach (var field in new[] { "Input", "Output", "Errors" })
        {
            var bytes = new byte[StoredDocument.InlinePartLimit * StoredDocument.PartSize];
            StoredDocument.Place(new StoredDocument.Encoded("utf8", bytes.Length, new string('0', 64), null, bytes), field, owner, "c.", "w");
        }

        Assert.True(TransactionPlanner.StoredBytes(chunk) < TransactionPlanner.MaxEntityBytes);
        Assert.True(TransactionPlanner.StoredBytes(owner) < TransactionPlanner.MaxEntityBytes);
        Assert.True(TransactionPlanner.EstimatePayloadBytes(owner) + TransactionPlanner.EstimatePayloadBytes(chunk) < TransactionPlanner.MaxPayloadBytes);
        Assert.True(owner.Count < TransactionPlanner.MaxCustomProperties);
    }

    [Fact]
    public void StoredBytes_TextDocumentAtTheLimit_FitsOneStringProperty()
    {
        var owner = new TableEntity("p", "r");
        var text = new string('é', StoredDocument.TextLimit);

        StoredDocument.Place(StoredDocument.Encode(text), "Doc", owner, "c.", "w");

        Assert.Equal(text, owner.GetString("Doc"));
        Assert.True(Encoding.Unicode.GetByteCount(text) <= 64 * 1024);
    }
}
