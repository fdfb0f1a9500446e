namespace Orquesta.Azure.Engine.Storage;

/// <summary>One saved version of a workflow definition.</summary>
public sealed record WorkflowDefinition
{
    /// <summary>The workflow's name, as given when it was saved.</summary>
    public required string Name { get; init; }

    /// <summary>The version number: 1 for the first save, one more for each save after it.</summary>
    public required int Version { get; init; }

    /// <summary>The definition's YAML text, exactly as saved.</summary>
    public required string Yaml { get; init; }

    /// <summary>The inspection result as JSON text, exactly as saved.</summary>
    public required string InspectionJson { get; init; }

    /// <summary>When the caller saved this version.</summary>
    public required DateTimeOffset SavedAt { get; init; }
}

/// <summary>A workflow in a listing: its name and latest version.</summary>
public sealed record WorkflowSummary
{
    /// <summary>The workflow's name.</summary>
    public required string Name { get; init; }

    /// <summary>The newest version number.</summary>
    public required int LatestVersion { get; init; }

    /// <summary>When the newest version was saved.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One version of a workflow in a listing, without its texts.</summary>
public sealed record WorkflowVersionInfo
{
    /// <summary>The workflow's name.</summary>
    public required string Name { get; init; }

    /// <summary>The version number.</summary>
    public required int Version { get; init; }

    /// <summary>When the caller saved this version.</summary>
    public required DateTimeOffset SavedAt { get; init; }

    /// <summary>The length of the YAML text in UTF-8 bytes.</summary>
    public required long YamlLength { get; init; }
}

/// <summary>A new execution, as the engine creates it.</summary>
public sealed record NewExecution
{
    /// <summary>The execution's id (for example the durable orchestration's instance id); any non-empty string.</summary>
    public required string Id { get; init; }

    /// <summary>The name of the workflow it runs.</summary>
    public required string WorkflowName { get; init; }

    /// <summary>The version of the workflow it runs.</summary>
    public required int WorkflowVersion { get; init; }

    /// <summary>Its status (an Orquesta status such as <c>requested</c> or <c>running</c>).</summary>
    public required string Status { get; init; }

    /// <summary>When the caller created it; also its first update time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Its input as JSON text, or null.</summary>
    public string? InputJson { get; init; }

    /// <summary>Its output as JSON text, or null.</summary>
    public string? OutputJson { get; init; }

    /// <summary>Its errors as JSON text, or null.</summary>
    public string? ErrorsJson { get; init; }

    /// <summary>The id of the execution that started it (a subworkflow's parent), or null.</summary>
    public string? ParentId { get; init; }
}

/// <summary>An execution in a listing: everything but its input, output and errors.</summary>
public record ExecutionSummary
{
    /// <summary>The execution's id.</summary>
    public required string Id { get; init; }

    /// <summary>The name of the workflow it runs.</summary>
    public required string WorkflowName { get; init; }

    /// <summary>The version of the workflow it runs.</summary>
    public required int WorkflowVersion { get; init; }

    /// <summary>Its status.</summary>
    public required string Status { get; init; }

    /// <summary>When the caller created it.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the caller last updated it.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The id of the execution that started it, or null.</summary>
    public string? ParentId { get; init; }

    /// <summary>The stored version's ETag: pass it to <see cref="ExecutionStore.UpdateAsync"/> to update exactly this version.</summary>
    public required string ETag { get; init; }
}

/// <summary>An execution with its input, output and errors.</summary>
public sealed record ExecutionRecord : ExecutionSummary
{
    /// <summary>Its input as JSON text, or null.</summary>
    public string? InputJson { get; init; }

    /// <summary>Its output as JSON text, or null.</summary>
    public string? OutputJson { get; init; }

    /// <summary>Its errors as JSON text, or null.</summary>
    public string? ErrorsJson { get; init; }
}

/// <summary>
/// What an update changes. <see cref="UpdatedAt"/> is always set; a null <see cref="Status"/>,
/// <see cref="OutputJson"/> or <see cref="ErrorsJson"/> leaves that field as it is (to clear
/// output or errors, store the JSON text <c>null</c>).
/// </summary>
public sealed record ExecutionChanges
{
    /// <summary>When the caller made the change.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The new status, or null to keep it.</summary>
    public string? Status { get; init; }

    /// <summary>The new output as JSON text, or null to keep it.</summary>
    public string? OutputJson { get; init; }

    /// <summary>The new errors as JSON text, or null to keep them.</summary>
    public string? ErrorsJson { get; init; }
}

/// <summary>Which executions a listing returns; every condition given must hold.</summary>
public sealed record ExecutionFilter
{
    /// <summary>Executions with one of these statuses (null or empty: any status).</summary>
    public IReadOnlyCollection<string>? Statuses { get; init; }

    /// <summary>Executions of this workflow (null: any workflow).</summary>
    public string? WorkflowName { get; init; }

    /// <summary>Executions of this workflow version (null: any version).</summary>
    public int? WorkflowVersion { get; init; }

    /// <summary>Executions started by this parent execution (null: any).</summary>
    public string? ParentId { get; init; }
}

/// <summary>One page of a listing, with the token that continues it.</summary>
public sealed record ExecutionPage
{
    /// <summary>The executions on this page.</summary>
    public required IReadOnlyList<ExecutionSummary> Items { get; init; }

    /// <summary>Pass it to get the next page; null when this is the last page.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>A stored snapshot, without its document.</summary>
public record SnapshotInfo
{
    /// <summary>The execution it belongs to.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>Its sequence number (the conductor step it follows).</summary>
    public required long Sequence { get; init; }

    /// <summary>When the caller took it.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The document's length in bytes (UTF-8, or UTF-16 for text with unpaired surrogates).</summary>
    public required long Length { get; init; }
}

/// <summary>A stored snapshot with its document.</summary>
public sealed record Snapshot : SnapshotInfo
{
    /// <summary>The snapshot document (the conductor's serialized state), exactly as appended.</summary>
    public required string Document { get; init; }
}
