using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conformance;

/// <summary>
/// A mock action result of a rehearsal spec (<c>mock_action_executions</c>), with the
/// reference's bookkeeping of how often it has been used.
/// </summary>
public sealed class MockActionExecution
{
    /// <summary>The task the mock answers for.</summary>
    public required string TaskId { get; init; }

    /// <summary>Only for the task execution at this sequence index.</summary>
    public long? SeqId { get; init; }

    /// <summary>For a with-items task: which item; set on first use when absent, as the reference does.</summary>
    public long? ItemId { get; set; }

    /// <summary>The first iteration this mock applies to.</summary>
    public long IterId { get; init; }

    /// <summary>How many executions it applies to.</summary>
    public long NumIter { get; init; } = 1;

    /// <summary>The status the action ends in.</summary>
    public string Status { get; init; } = Statuses.Succeeded;

    /// <summary>The action's result.</summary>
    public object? Result { get; init; }

    /// <summary>The reference's <c>iter_pos</c>: starts at <c>iter_id - 1</c> and moves on at each use.</summary>
    public long IterPos { get; set; }

    /// <summary>Reads one entry of <c>mock_action_executions</c>.</summary>
    /// <exception cref="RehearsalSpecException">The entry is malformed.</exception>
    public static MockActionExecution Parse(DictValue entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var taskId = entry.GetValueOrDefault("task_id") as string;
        if (string.IsNullOrEmpty(taskId)) throw new RehearsalSpecException("A mock action execution has no task_id.");
        var iterId = entry.GetValueOrDefault("iter_id") is long i ? i : 0;
        return new MockActionExecution
        {
            TaskId = taskId,
            SeqId = entry.GetValueOrDefault("seq_id") as long?,
            ItemId = entry.GetValueOrDefault("item_id") as long?,
            IterId = iterId,
            NumIter = entry.GetValueOrDefault("num_iter") is long n ? n : 1,
            Status = entry.GetValueOrDefault("status") as string ?? Statuses.Succeeded,
            Result = entry.GetValueOrDefault("result"),
            IterPos = iterId - 1,
        };
    }

    /// <summary>
    /// The reference's <c>get_mock_action_execution</c>: the candidates are the mocks of the task
    /// not yet used up; with a sequence index keep those with that <c>seq_id</c>; without one, the
    /// first candidate, unless it is bound to a <c>seq_id</c>.
    /// </summary>
    public static MockActionExecution? Find(IReadOnlyList<MockActionExecution> mocks, string taskId, long? seqId = null, long? itemId = null)
    {
        ArgumentNullException.ThrowIfNull(mocks);
        IEnumerable<MockActionExecution> candidates = mocks.Where(m => m.TaskId == taskId && m.IterPos < m.IterId + m.NumIter - 1).ToList();
        if (candidates.Any() && seqId is not null) candidates = candidates.Where(m => m.SeqId == seqId).ToList();
        if (candidates.Any() && itemId is not null) candidates = candidates.Where(m => m.ItemId == itemId).ToList();
        var first = candidates.FirstOrDefault();
        if (first is not null && first.SeqId is not null && seqId is null) return null;
        return first;
    }
}

/// <summary>A rehearsal spec is malformed or names something that does not exist (the reference's <c>WorkflowRehearsalError</c> at load time).</summary>
public sealed class RehearsalSpecException : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public RehearsalSpecException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorType => "WorkflowRehearsalError";
}
