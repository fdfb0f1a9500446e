namespace Orquesta.Azure.Conductor;

/// <summary>Orquesta's workflow and task status words, exactly as the reference spells them.</summary>
public static class Statuses
{
    /// <summary>Requested.</summary>
    public const string Requested = "requested";
    /// <summary>Scheduled.</summary>
    public const string Scheduled = "scheduled";
    /// <summary>Delayed.</summary>
    public const string Delayed = "delayed";
    /// <summary>Running.</summary>
    public const string Running = "running";
    /// <summary>Pending (for example an inquiry waiting for a person).</summary>
    public const string Pending = "pending";
    /// <summary>Pausing.</summary>
    public const string Pausing = "pausing";
    /// <summary>Paused.</summary>
    public const string Paused = "paused";
    /// <summary>Resuming.</summary>
    public const string Resuming = "resuming";
    /// <summary>Succeeded.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>Failed.</summary>
    public const string Failed = "failed";
    /// <summary>Expired; the reference's word is <c>timeout</c>.</summary>
    public const string Expired = "timeout";
    /// <summary>Abandoned.</summary>
    public const string Abandoned = "abandoned";
    /// <summary>Retrying.</summary>
    public const string Retrying = "retrying";
    /// <summary>Canceling.</summary>
    public const string Canceling = "canceling";
    /// <summary>Canceled.</summary>
    public const string Canceled = "canceled";
    /// <summary>No status; the reference's word is <c>null</c>.</summary>
    public const string Unset = "null";

    /// <summary>Every status, in the reference's order.</summary>
    public static readonly IReadOnlyList<string> All =
        [Requested, Scheduled, Delayed, Running, Pending, Pausing, Paused, Resuming, Succeeded, Failed, Expired, Abandoned, Retrying, Canceling, Canceled, Unset];

    /// <summary>Statuses of work that has not started running yet or just did.</summary>
    public static readonly IReadOnlyList<string> Starting = [Requested, Scheduled, Delayed, Running, Pending];

    /// <summary>Running statuses.</summary>
    public static readonly IReadOnlyList<string> RunningStatuses = [Requested, Scheduled, Delayed, Running, Resuming, Retrying];

    /// <summary>Active statuses.</summary>
    public static readonly IReadOnlyList<string> Active = [Requested, Scheduled, Delayed, Running, Resuming, Pausing, Canceling];

    /// <summary>Pause statuses.</summary>
    public static readonly IReadOnlyList<string> Pause = [Pausing, Paused];

    /// <summary>Cancel statuses.</summary>
    public static readonly IReadOnlyList<string> Cancel = [Canceling, Canceled];

    /// <summary>Abended statuses.</summary>
    public static readonly IReadOnlyList<string> Abended = [Failed, Expired, Abandoned];

    /// <summary>Completed statuses.</summary>
    public static readonly IReadOnlyList<string> Completed = [Succeeded, Failed, Expired, Abandoned, Canceled];

    /// <summary>Whether <paramref name="status"/> is a status word (or absent).</summary>
    public static bool IsValid(string? status) => status is null || All.Contains(status);
}
