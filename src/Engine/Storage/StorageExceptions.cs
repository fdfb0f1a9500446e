using System.Globalization;

namespace Orquesta.Azure.Engine.Storage;

/// <summary>
/// The one base of every error the engine's stores raise. Callers never see the storage client's
/// own exceptions: a missing workflow, execution or snapshot, a concurrency conflict, unreadable
/// stored data and a failing storage service each have their own sealed type.
/// </summary>
public abstract class StorageException : Exception
{
    /// <summary>Creates the error.</summary>
    protected StorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>No workflow definition has the name (or the name has no such version).</summary>
public sealed class WorkflowNotFoundException : StorageException
{
    /// <summary>Creates the error for the workflow <paramref name="workflowName"/>, or one of its versions.</summary>
    public WorkflowNotFoundException(string workflowName, int? version = null)
        : base(version is null
            ? $"Workflow '{workflowName}' was not found."
            : string.Create(CultureInfo.InvariantCulture, $"Version {version} of workflow '{workflowName}' was not found."))
    {
        WorkflowName = workflowName;
        Version = version;
    }

    /// <summary>The name that was looked up.</summary>
    public string WorkflowName { get; }

    /// <summary>The version that was looked up, or <see langword="null"/> for the workflow itself.</summary>
    public int? Version { get; }
}

/// <summary>No execution has the id.</summary>
public sealed class ExecutionNotFoundException : StorageException
{
    /// <summary>Creates the error for the execution <paramref name="executionId"/>.</summary>
    public ExecutionNotFoundException(string executionId)
        : base($"Execution '{executionId}' was not found.")
    {
        ExecutionId = executionId;
    }

    /// <summary>The id that was looked up.</summary>
    public string ExecutionId { get; }
}

/// <summary>The execution has no snapshot with the sequence number.</summary>
public sealed class SnapshotNotFoundException : StorageException
{
    /// <summary>Creates the error for snapshot <paramref name="sequence"/> of execution <paramref name="executionId"/>.</summary>
    public SnapshotNotFoundException(string executionId, long sequence)
        : base(string.Create(CultureInfo.InvariantCulture, $"Snapshot {sequence} of execution '{executionId}' was not found."))
    {
        ExecutionId = executionId;
        Sequence = sequence;
    }

    /// <summary>The execution whose snapshot was looked up.</summary>
    public string ExecutionId { get; }

    /// <summary>The sequence number that was looked up.</summary>
    public long Sequence { get; }
}

/// <summary>
/// A write lost a race: the stored item changed since the caller read it (its ETag no longer
/// matches), or an item that must be new already exists. Read it again and decide.
/// </summary>
public sealed class StorageConflictException : StorageException
{
    /// <summary>Creates the error for <paramref name="resource"/> (for example <c>execution 'abc'</c>).</summary>
    public StorageConflictException(string resource, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Resource = resource;
    }

    /// <summary>What the write was about, for example <c>execution 'abc'</c>.</summary>
    public string Resource { get; }
}

/// <summary>
/// Stored data cannot be read back: it was written by a newer schema version, a chunk is missing,
/// or its length or checksum does not match what was written.
/// </summary>
public sealed class StoredDataException : StorageException
{
    /// <summary>Creates the error for <paramref name="resource"/>.</summary>
    public StoredDataException(string resource, string message, Exception? innerException = null)
        : base($"The stored {resource} cannot be read: {message}", innerException)
    {
        Resource = resource;
    }

    /// <summary>What was being read, for example <c>snapshot 3 of execution 'abc'</c>.</summary>
    public string Resource { get; }
}

/// <summary>The storage service failed or could not be reached (the operation may be retried).</summary>
public sealed class StorageFailureException : StorageException
{
    /// <summary>Creates the error for the failed <paramref name="operation"/>.</summary>
    public StorageFailureException(string operation, int status, string? errorCode, string detail, Exception? innerException = null)
        : base(Describe(operation, status, errorCode, detail), innerException)
    {
        Operation = operation;
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>What the store was doing, for example <c>reading execution 'abc'</c>.</summary>
    public string Operation { get; }

    /// <summary>The HTTP status the service answered, or 0 when it could not be reached.</summary>
    public int Status { get; }

    /// <summary>The service's error code (for example <c>TableNotFound</c>), when it gave one.</summary>
    public string? ErrorCode { get; }

    private static string Describe(string operation, int status, string? errorCode, string detail)
    {
        var what = status == 0
            ? "the storage service could not be reached"
            : string.Create(CultureInfo.InvariantCulture, $"the storage service answered {status}{(errorCode is null ? "" : " " + errorCode)}");
        return $"Storage failed while {operation}: {what}. {detail}".TrimEnd();
    }
}
