namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>An event names a task that has neither a staged nor a task state entry (the reference's <c>InvalidTaskStateEntry</c>).</summary>
public sealed class InvalidTaskStateEntryException : OrquestaException
{
    /// <summary>Creates the error.</summary>
    public InvalidTaskStateEntryException(string taskId)
        : base($"Unable to find task state entry for \"{taskId}\".")
    {
        TaskId = taskId;
    }

    /// <summary>The task.</summary>
    public string TaskId { get; }

    /// <inheritdoc />
    public override string ErrorType => "InvalidTaskStateEntry";
}
