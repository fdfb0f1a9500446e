using Azure.Data.Tables;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>
/// Groups the actions of one write into entity-group transactions (each billed as one storage
/// transaction): at most 100 actions and a payload well under the 4 MiB limit each. The final
/// actions (the ones that make the write visible) go in the last transaction, with as many of the
/// leading chunk writes as fit, so that a write of a small or medium document costs one transaction.
/// </summary>
internal static class TransactionPlanner
{
    /// <summary>Actions per transaction (the service's limit).</summary>
    internal const int MaxActions = 100;

    /// <summary>Estimated request payload per transaction: under 4 MiB (4,194,304 bytes) with room for the framing.</summary>
    internal const long MaxPayloadBytes = 3_000_000;

    /// <summary>The size limit of one entity (1 MiB), by the service's documented formula.</summary>
    internal const long MaxEntityBytes = 1024 * 1024;

    /// <summary>The most properties one entity may have besides PartitionKey, RowKey and Timestamp.</summary>
    internal const int MaxCustomProperties = 252;

    /// <summary>Transactions in order: the last holds every final action.</summary>
    public static List<List<TableTransactionAction>> Plan(IReadOnlyList<TableTransactionAction> finals, IReadOnlyList<TableEntity> leading)
    {
        var last = new List<TableTransactionAction>(finals);
        var lastBytes = finals.Sum(a => EstimatePayloadBytes(a.Entity));
        var remaining = leading.Count;
        while (remaining > 0 && last.Count < MaxActions && lastBytes + EstimatePayloadBytes(leading[remaining - 1]) <= MaxPayloadBytes)
        {
            remaining--;
            last.Add(new TableTransactionAction(TableTransactionActionType.Add, leading[remaining]));
            lastBytes += EstimatePayloadBytes(leading[remaining]);
        }

        var transactions = new List<List<TableTransactionAction>>();
        var current = new List<TableTransactionAction>();
        long currentBytes = 0;
        for (var i = 0; i < remaining; i++)
        {
            var bytes = EstimatePayloadBytes(leading[i]);
            if (current.Count > 0 && (current.Count == MaxActions || currentBytes + bytes > MaxPayloadBytes))
            {
                transactions.Add(current);
                current = [];
                currentBytes = 0;
            }

            current.Add(new TableTransactionAction(TableTransactionActionType.Add, leading[i]));
            currentBytes += bytes;
        }

        if (current.Count > 0) transactions.Add(current);
        transactions.Add(last);
        return transactions;
    }

    /// <summary>An upper estimate of an entity's bytes in a request (JSON: binary as base64, strings escaped).</summary>
    public static long EstimatePayloadBytes(ITableEntity entity)
    {
        long bytes = 512 + (6L * (entity.PartitionKey.Length + entity.RowKey.Length));
        if (entity is not TableEntity properties) return bytes;
        foreach (var (name, value) in properties)
        {
            bytes += 64 + name.Length + value switch
            {
                byte[] b => (b.LongLength + 2) / 3 * 4,
                BinaryData d => (d.ToMemory().Length + 2L) / 3 * 4,
                string s => 6L * s.Length,
                _ => 48,
            };
        }

        return bytes;
    }

    /// <summary>An entity's size by the service's documented formula (the 1 MiB limit applies to it).</summary>
    public static long StoredBytes(TableEntity entity)
    {
        long bytes = 4 + (2L * (entity.PartitionKey.Length + entity.RowKey.Length));
        foreach (var (name, value) in entity)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") continue;
            bytes += 8 + (2L * name.Length) + value switch
            {
                byte[] b => 4 + b.LongLength,
                BinaryData d => 4L + d.ToMemory().Length,
                string s => 4 + (2L * s.Length),
                bool => 1,
                int => 4,
                Guid => 16,
                _ => 8,
            };
        }

        return bytes;
    }
}
