namespace Orquesta.Azure.Conductor.Inspection;

/// <summary>
/// A workflow definition failed inspection (the reference's <c>WorkflowInspectionError</c>);
/// <see cref="Result"/> holds every problem found.
/// </summary>
public sealed class WorkflowInspectionError : OrquestaException
{
    /// <summary>The reference's message.</summary>
    public const string DefaultMessage = "Workflow definition failed inspection.";

    /// <summary>Creates the error.</summary>
    public WorkflowInspectionError(InspectionResult result)
        : base(DefaultMessage)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    /// <summary>What inspection found.</summary>
    public InspectionResult Result { get; }

    /// <inheritdoc />
    public override string ErrorType => "WorkflowInspectionError";
}
