using System.Collections.Frozen;

namespace Orquesta.Azure.Conductor.Machines;

/// <summary>
/// The event names of Orquesta's state machines, spelled as the reference spells them
/// (<c>orquesta/events.py</c>). An event is named after its kind and status
/// (<c>action_succeeded</c>); the state machines append what they learn from the workflow
/// state (<c>task_succeeded_workflow_dormant_completed</c>) before looking the name up in
/// <see cref="StateMachineData"/>.
/// </summary>
public static class EventNames
{
    /// <summary><c>workflow_requested</c>.</summary>
    public const string WorkflowRequested = "workflow_requested";

    /// <summary><c>workflow_scheduled</c>.</summary>
    public const string WorkflowScheduled = "workflow_scheduled";

    /// <summary><c>workflow_delayed</c>.</summary>
    public const string WorkflowDelayed = "workflow_delayed";

    /// <summary><c>workflow_running</c>.</summary>
    public const string WorkflowRunning = "workflow_running";

    /// <summary><c>workflow_running_workflow_completed</c>.</summary>
    public const string WorkflowRunningWorkflowCompleted = "workflow_running_workflow_completed";

    /// <summary><c>workflow_pausing</c>.</summary>
    public const string WorkflowPausing = "workflow_pausing";

    /// <summary><c>workflow_pausing_task_active_items_incomplete</c>.</summary>
    public const string WorkflowPausingTaskActiveItemsIncomplete = "workflow_pausing_task_active_items_incomplete";

    /// <summary><c>workflow_pausing_task_dormant_items_incomplete</c>.</summary>
    public const string WorkflowPausingTaskDormantItemsIncomplete = "workflow_pausing_task_dormant_items_incomplete";

    /// <summary><c>workflow_pausing_workflow_active</c>.</summary>
    public const string WorkflowPausingWorkflowActive = "workflow_pausing_workflow_active";

    /// <summary><c>workflow_pausing_workflow_dormant</c>.</summary>
    public const string WorkflowPausingWorkflowDormant = "workflow_pausing_workflow_dormant";

    /// <summary><c>workflow_paused</c>.</summary>
    public const string WorkflowPaused = "workflow_paused";

    /// <summary><c>workflow_paused_task_active_items_incomplete</c>.</summary>
    public const string WorkflowPausedTaskActiveItemsIncomplete = "workflow_paused_task_active_items_incomplete";

    /// <summary><c>workflow_paused_task_dormant_items_incomplete</c>.</summary>
    public const string WorkflowPausedTaskDormantItemsIncomplete = "workflow_paused_task_dormant_items_incomplete";

    /// <summary><c>workflow_paused_workflow_active</c>.</summary>
    public const string WorkflowPausedWorkflowActive = "workflow_paused_workflow_active";

    /// <summary><c>workflow_paused_workflow_dormant</c>.</summary>
    public const string WorkflowPausedWorkflowDormant = "workflow_paused_workflow_dormant";

    /// <summary><c>workflow_resuming</c>.</summary>
    public const string WorkflowResuming = "workflow_resuming";

    /// <summary><c>workflow_resuming_workflow_completed</c>.</summary>
    public const string WorkflowResumingWorkflowCompleted = "workflow_resuming_workflow_completed";

    /// <summary><c>workflow_succeeded</c>.</summary>
    public const string WorkflowSucceeded = "workflow_succeeded";

    /// <summary><c>workflow_failed</c>.</summary>
    public const string WorkflowFailed = "workflow_failed";

    /// <summary><c>workflow_canceling</c>.</summary>
    public const string WorkflowCanceling = "workflow_canceling";

    /// <summary><c>workflow_canceling_task_active_items_incomplete</c>.</summary>
    public const string WorkflowCancelingTaskActiveItemsIncomplete = "workflow_canceling_task_active_items_incomplete";

    /// <summary><c>workflow_canceling_task_dormant_items_incomplete</c>.</summary>
    public const string WorkflowCancelingTaskDormantItemsIncomplete = "workflow_canceling_task_dormant_items_incomplete";

    /// <summary><c>workflow_canceling_workflow_active</c>.</summary>
    public const string WorkflowCancelingWorkflowActive = "workflow_canceling_workflow_active";

    /// <summary><c>workflow_canceling_workflow_dormant</c>.</summary>
    public const string WorkflowCancelingWorkflowDormant = "workflow_canceling_workflow_dormant";

    /// <summary><c>workflow_canceled</c>.</summary>
    public const string WorkflowCanceled = "workflow_canceled";

    /// <summary><c>workflow_canceled_task_active_items_incomplete</c>.</summary>
    public const string WorkflowCanceledTaskActiveItemsIncomplete = "workflow_canceled_task_active_items_incomplete";

    /// <summary><c>workflow_canceled_task_dormant_items_incomplete</c>.</summary>
    public const string WorkflowCanceledTaskDormantItemsIncomplete = "workflow_canceled_task_dormant_items_incomplete";

    /// <summary><c>workflow_canceled_workflow_active</c>.</summary>
    public const string WorkflowCanceledWorkflowActive = "workflow_canceled_workflow_active";

    /// <summary><c>workflow_canceled_workflow_dormant</c>.</summary>
    public const string WorkflowCanceledWorkflowDormant = "workflow_canceled_workflow_dormant";

    /// <summary><c>task_requested</c>.</summary>
    public const string TaskRequested = "task_requested";

    /// <summary><c>task_scheduled</c>.</summary>
    public const string TaskScheduled = "task_scheduled";

    /// <summary><c>task_delayed</c>.</summary>
    public const string TaskDelayed = "task_delayed";

    /// <summary><c>task_running</c>.</summary>
    public const string TaskRunning = "task_running";

    /// <summary><c>task_pending</c>.</summary>
    public const string TaskPending = "task_pending";

    /// <summary><c>task_pending_workflow_active</c>.</summary>
    public const string TaskPendingWorkflowActive = "task_pending_workflow_active";

    /// <summary><c>task_pending_workflow_dormant</c>.</summary>
    public const string TaskPendingWorkflowDormant = "task_pending_workflow_dormant";

    /// <summary><c>task_pausing</c>.</summary>
    public const string TaskPausing = "task_pausing";

    /// <summary><c>task_paused</c>.</summary>
    public const string TaskPaused = "task_paused";

    /// <summary><c>task_paused_workflow_active</c>.</summary>
    public const string TaskPausedWorkflowActive = "task_paused_workflow_active";

    /// <summary><c>task_paused_workflow_dormant</c>.</summary>
    public const string TaskPausedWorkflowDormant = "task_paused_workflow_dormant";

    /// <summary><c>task_resuming</c>.</summary>
    public const string TaskResuming = "task_resuming";

    /// <summary><c>task_succeeded</c>.</summary>
    public const string TaskSucceeded = "task_succeeded";

    /// <summary><c>task_succeeded_workflow_active_incomplete</c>.</summary>
    public const string TaskSucceededWorkflowActiveIncomplete = "task_succeeded_workflow_active_incomplete";

    /// <summary><c>task_succeeded_workflow_active_completed</c>.</summary>
    public const string TaskSucceededWorkflowActiveCompleted = "task_succeeded_workflow_active_completed";

    /// <summary><c>task_succeeded_workflow_active_paused</c>.</summary>
    public const string TaskSucceededWorkflowActivePaused = "task_succeeded_workflow_active_paused";

    /// <summary><c>task_succeeded_workflow_active_canceled</c>.</summary>
    public const string TaskSucceededWorkflowActiveCanceled = "task_succeeded_workflow_active_canceled";

    /// <summary><c>task_succeeded_workflow_dormant_incomplete</c>.</summary>
    public const string TaskSucceededWorkflowDormantIncomplete = "task_succeeded_workflow_dormant_incomplete";

    /// <summary><c>task_succeeded_workflow_dormant_completed</c>.</summary>
    public const string TaskSucceededWorkflowDormantCompleted = "task_succeeded_workflow_dormant_completed";

    /// <summary><c>task_succeeded_workflow_dormant_paused</c>.</summary>
    public const string TaskSucceededWorkflowDormantPaused = "task_succeeded_workflow_dormant_paused";

    /// <summary><c>task_succeeded_workflow_dormant_canceled</c>.</summary>
    public const string TaskSucceededWorkflowDormantCanceled = "task_succeeded_workflow_dormant_canceled";

    /// <summary><c>task_failed</c>.</summary>
    public const string TaskFailed = "task_failed";

    /// <summary><c>task_failed_workflow_active</c>.</summary>
    public const string TaskFailedWorkflowActive = "task_failed_workflow_active";

    /// <summary><c>task_failed_workflow_dormant</c>.</summary>
    public const string TaskFailedWorkflowDormant = "task_failed_workflow_dormant";

    /// <summary><c>task_remediated</c>.</summary>
    public const string TaskRemediated = "task_remediated";

    /// <summary><c>task_remediated_workflow_active_incomplete</c>.</summary>
    public const string TaskRemediatedWorkflowActiveIncomplete = "task_remediated_workflow_active_incomplete";

    /// <summary><c>task_remediated_workflow_active_completed</c>.</summary>
    public const string TaskRemediatedWorkflowActiveCompleted = "task_remediated_workflow_active_completed";

    /// <summary><c>task_remediated_workflow_active_paused</c>.</summary>
    public const string TaskRemediatedWorkflowActivePaused = "task_remediated_workflow_active_paused";

    /// <summary><c>task_remediated_workflow_active_canceled</c>.</summary>
    public const string TaskRemediatedWorkflowActiveCanceled = "task_remediated_workflow_active_canceled";

    /// <summary><c>task_remediated_workflow_dormant_incomplete</c>.</summary>
    public const string TaskRemediatedWorkflowDormantIncomplete = "task_remediated_workflow_dormant_incomplete";

    /// <summary><c>task_remediated_workflow_dormant_completed</c>.</summary>
    public const string TaskRemediatedWorkflowDormantCompleted = "task_remediated_workflow_dormant_completed";

    /// <summary><c>task_remediated_workflow_dormant_paused</c>.</summary>
    public const string TaskRemediatedWorkflowDormantPaused = "task_remediated_workflow_dormant_paused";

    /// <summary><c>task_remediated_workflow_dormant_canceled</c>.</summary>
    public const string TaskRemediatedWorkflowDormantCanceled = "task_remediated_workflow_dormant_canceled";

    /// <summary><c>task_canceling</c>.</summary>
    public const string TaskCanceling = "task_canceling";

    /// <summary><c>task_canceled</c>.</summary>
    public const string TaskCanceled = "task_canceled";

    /// <summary><c>task_canceled_workflow_active</c>.</summary>
    public const string TaskCanceledWorkflowActive = "task_canceled_workflow_active";

    /// <summary><c>task_canceled_workflow_dormant</c>.</summary>
    public const string TaskCanceledWorkflowDormant = "task_canceled_workflow_dormant";

    /// <summary><c>task_retrying</c>.</summary>
    public const string TaskRetrying = "task_retrying";

    /// <summary><c>task_retrying_workflow_active</c>.</summary>
    public const string TaskRetryingWorkflowActive = "task_retrying_workflow_active";

    /// <summary><c>task_retrying_workflow_dormant</c>.</summary>
    public const string TaskRetryingWorkflowDormant = "task_retrying_workflow_dormant";

    /// <summary><c>action_requested</c>.</summary>
    public const string ActionRequested = "action_requested";

    /// <summary><c>action_scheduled</c>.</summary>
    public const string ActionScheduled = "action_scheduled";

    /// <summary><c>action_delayed</c>.</summary>
    public const string ActionDelayed = "action_delayed";

    /// <summary><c>action_running</c>.</summary>
    public const string ActionRunning = "action_running";

    /// <summary><c>action_pending</c>.</summary>
    public const string ActionPending = "action_pending";

    /// <summary><c>action_pending_task_active_items_incomplete</c>.</summary>
    public const string ActionPendingTaskActiveItemsIncomplete = "action_pending_task_active_items_incomplete";

    /// <summary><c>action_pending_task_dormant_items_incomplete</c>.</summary>
    public const string ActionPendingTaskDormantItemsIncomplete = "action_pending_task_dormant_items_incomplete";

    /// <summary><c>action_pending_task_dormant_items_completed</c>.</summary>
    public const string ActionPendingTaskDormantItemsCompleted = "action_pending_task_dormant_items_completed";

    /// <summary><c>action_pending_task_dormant_items_paused</c>.</summary>
    public const string ActionPendingTaskDormantItemsPaused = "action_pending_task_dormant_items_paused";

    /// <summary><c>action_pending_task_dormant_items_canceled</c>.</summary>
    public const string ActionPendingTaskDormantItemsCanceled = "action_pending_task_dormant_items_canceled";

    /// <summary><c>action_pending_task_dormant_items_failed</c>.</summary>
    public const string ActionPendingTaskDormantItemsFailed = "action_pending_task_dormant_items_failed";

    /// <summary><c>action_pausing</c>.</summary>
    public const string ActionPausing = "action_pausing";

    /// <summary><c>action_paused</c>.</summary>
    public const string ActionPaused = "action_paused";

    /// <summary><c>action_paused_task_active_items_incomplete</c>.</summary>
    public const string ActionPausedTaskActiveItemsIncomplete = "action_paused_task_active_items_incomplete";

    /// <summary><c>action_paused_task_dormant_items_incomplete</c>.</summary>
    public const string ActionPausedTaskDormantItemsIncomplete = "action_paused_task_dormant_items_incomplete";

    /// <summary><c>action_paused_task_dormant_items_completed</c>.</summary>
    public const string ActionPausedTaskDormantItemsCompleted = "action_paused_task_dormant_items_completed";

    /// <summary><c>action_paused_task_dormant_items_paused</c>.</summary>
    public const string ActionPausedTaskDormantItemsPaused = "action_paused_task_dormant_items_paused";

    /// <summary><c>action_paused_task_dormant_items_canceled</c>.</summary>
    public const string ActionPausedTaskDormantItemsCanceled = "action_paused_task_dormant_items_canceled";

    /// <summary><c>action_paused_task_dormant_items_failed</c>.</summary>
    public const string ActionPausedTaskDormantItemsFailed = "action_paused_task_dormant_items_failed";

    /// <summary><c>action_resuming</c>.</summary>
    public const string ActionResuming = "action_resuming";

    /// <summary><c>action_succeeded</c>.</summary>
    public const string ActionSucceeded = "action_succeeded";

    /// <summary><c>action_succeeded_task_active_items_incomplete</c>.</summary>
    public const string ActionSucceededTaskActiveItemsIncomplete = "action_succeeded_task_active_items_incomplete";

    /// <summary><c>action_succeeded_task_dormant_items_incomplete</c>.</summary>
    public const string ActionSucceededTaskDormantItemsIncomplete = "action_succeeded_task_dormant_items_incomplete";

    /// <summary><c>action_succeeded_task_dormant_items_completed</c>.</summary>
    public const string ActionSucceededTaskDormantItemsCompleted = "action_succeeded_task_dormant_items_completed";

    /// <summary><c>action_succeeded_task_dormant_items_paused</c>.</summary>
    public const string ActionSucceededTaskDormantItemsPaused = "action_succeeded_task_dormant_items_paused";

    /// <summary><c>action_succeeded_task_dormant_items_canceled</c>.</summary>
    public const string ActionSucceededTaskDormantItemsCanceled = "action_succeeded_task_dormant_items_canceled";

    /// <summary><c>action_succeeded_task_dormant_items_failed</c>.</summary>
    public const string ActionSucceededTaskDormantItemsFailed = "action_succeeded_task_dormant_items_failed";

    /// <summary><c>action_failed</c>.</summary>
    public const string ActionFailed = "action_failed";

    /// <summary><c>action_failed_task_active_items_incomplete</c>.</summary>
    public const string ActionFailedTaskActiveItemsIncomplete = "action_failed_task_active_items_incomplete";

    /// <summary><c>action_failed_task_dormant_items_incomplete</c>.</summary>
    public const string ActionFailedTaskDormantItemsIncomplete = "action_failed_task_dormant_items_incomplete";

    /// <summary><c>action_failed_task_dormant_items_completed</c>.</summary>
    public const string ActionFailedTaskDormantItemsCompleted = "action_failed_task_dormant_items_completed";

    /// <summary><c>action_failed_task_dormant_items_paused</c>.</summary>
    public const string ActionFailedTaskDormantItemsPaused = "action_failed_task_dormant_items_paused";

    /// <summary><c>action_failed_task_dormant_items_canceled</c>.</summary>
    public const string ActionFailedTaskDormantItemsCanceled = "action_failed_task_dormant_items_canceled";

    /// <summary><c>action_failed_task_dormant_items_failed</c>.</summary>
    public const string ActionFailedTaskDormantItemsFailed = "action_failed_task_dormant_items_failed";

    /// <summary><c>action_timeout</c>.</summary>
    public const string ActionExpired = "action_timeout";

    /// <summary><c>action_timeout_task_active_items_incomplete</c>.</summary>
    public const string ActionExpiredTaskActiveItemsIncomplete = "action_timeout_task_active_items_incomplete";

    /// <summary><c>action_timeout_task_dormant_items_incomplete</c>.</summary>
    public const string ActionExpiredTaskDormantItemsIncomplete = "action_timeout_task_dormant_items_incomplete";

    /// <summary><c>action_timeout_task_dormant_items_completed</c>.</summary>
    public const string ActionExpiredTaskDormantItemsCompleted = "action_timeout_task_dormant_items_completed";

    /// <summary><c>action_timeout_task_dormant_items_paused</c>.</summary>
    public const string ActionExpiredTaskDormantItemsPaused = "action_timeout_task_dormant_items_paused";

    /// <summary><c>action_timeout_task_dormant_items_canceled</c>.</summary>
    public const string ActionExpiredTaskDormantItemsCanceled = "action_timeout_task_dormant_items_canceled";

    /// <summary><c>action_timeout_task_dormant_items_failed</c>.</summary>
    public const string ActionExpiredTaskDormantItemsFailed = "action_timeout_task_dormant_items_failed";

    /// <summary><c>action_abandoned</c>.</summary>
    public const string ActionAbandoned = "action_abandoned";

    /// <summary><c>action_abandoned_task_active_items_incomplete</c>.</summary>
    public const string ActionAbandonedTaskActiveItemsIncomplete = "action_abandoned_task_active_items_incomplete";

    /// <summary><c>action_abandoned_task_dormant_items_incomplete</c>.</summary>
    public const string ActionAbandonedTaskDormantItemsIncomplete = "action_abandoned_task_dormant_items_incomplete";

    /// <summary><c>action_abandoned_task_dormant_items_completed</c>.</summary>
    public const string ActionAbandonedTaskDormantItemsCompleted = "action_abandoned_task_dormant_items_completed";

    /// <summary><c>action_abandoned_task_dormant_items_paused</c>.</summary>
    public const string ActionAbandonedTaskDormantItemsPaused = "action_abandoned_task_dormant_items_paused";

    /// <summary><c>action_abandoned_task_dormant_items_canceled</c>.</summary>
    public const string ActionAbandonedTaskDormantItemsCanceled = "action_abandoned_task_dormant_items_canceled";

    /// <summary><c>action_abandoned_task_dormant_items_failed</c>.</summary>
    public const string ActionAbandonedTaskDormantItemsFailed = "action_abandoned_task_dormant_items_failed";

    /// <summary><c>action_canceling</c>.</summary>
    public const string ActionCanceling = "action_canceling";

    /// <summary><c>action_canceled</c>.</summary>
    public const string ActionCanceled = "action_canceled";

    /// <summary><c>action_canceled_task_active_items_incomplete</c>.</summary>
    public const string ActionCanceledTaskActiveItemsIncomplete = "action_canceled_task_active_items_incomplete";

    /// <summary><c>action_canceled_task_dormant_items_incomplete</c>.</summary>
    public const string ActionCanceledTaskDormantItemsIncomplete = "action_canceled_task_dormant_items_incomplete";

    /// <summary><c>action_canceled_task_dormant_items_completed</c>.</summary>
    public const string ActionCanceledTaskDormantItemsCompleted = "action_canceled_task_dormant_items_completed";

    /// <summary><c>action_canceled_task_dormant_items_paused</c>.</summary>
    public const string ActionCanceledTaskDormantItemsPaused = "action_canceled_task_dormant_items_paused";

    /// <summary><c>action_canceled_task_dormant_items_canceled</c>.</summary>
    public const string ActionCanceledTaskDormantItemsCanceled = "action_canceled_task_dormant_items_canceled";

    /// <summary><c>action_canceled_task_dormant_items_failed</c>.</summary>
    public const string ActionCanceledTaskDormantItemsFailed = "action_canceled_task_dormant_items_failed";

    /// <summary><c>task_continue_requested</c>.</summary>
    public const string TaskContinueRequested = "task_continue_requested";

    /// <summary><c>task_fail_requested</c>.</summary>
    public const string TaskFailRequested = "task_fail_requested";

    /// <summary><c>task_noop_requested</c>.</summary>
    public const string TaskNoopRequested = "task_noop_requested";

    /// <summary><c>task_retry_requested</c>.</summary>
    public const string TaskRetryRequested = "task_retry_requested";


    /// <summary>Every workflow event name, with its context suffixes, in the reference's order.</summary>
    public static readonly IReadOnlyList<string> WorkflowExecutionEvents =
    [
        WorkflowRequested,
        WorkflowScheduled,
        WorkflowDelayed,
        WorkflowRunning,
        WorkflowRunningWorkflowCompleted,
        WorkflowPausing,
        WorkflowPausingTaskActiveItemsIncomplete,
        WorkflowPausingTaskDormantItemsIncomplete,
        WorkflowPausingWorkflowActive,
        WorkflowPausingWorkflowDormant,
        WorkflowPaused,
        WorkflowPausedTaskActiveItemsIncomplete,
        WorkflowPausedTaskDormantItemsIncomplete,
        WorkflowPausedWorkflowActive,
        WorkflowPausedWorkflowDormant,
        WorkflowResuming,
        WorkflowResumingWorkflowCompleted,
        WorkflowSucceeded,
        WorkflowFailed,
        WorkflowCanceling,
        WorkflowCancelingTaskActiveItemsIncomplete,
        WorkflowCancelingTaskDormantItemsIncomplete,
        WorkflowCancelingWorkflowActive,
        WorkflowCancelingWorkflowDormant,
        WorkflowCanceled,
        WorkflowCanceledTaskActiveItemsIncomplete,
        WorkflowCanceledTaskDormantItemsIncomplete,
        WorkflowCanceledWorkflowActive,
        WorkflowCanceledWorkflowDormant,
    ];

    /// <summary>Task events that the workflow state machine suffixes with whether the workflow is still active.</summary>
    public static readonly IReadOnlyList<string> TaskConditionalEvents =
    [
        TaskPending,
        TaskPaused,
        TaskSucceeded,
        TaskFailed,
        TaskRemediated,
        TaskCanceled,
        TaskRetrying,
    ];

    /// <summary>Every task event name, with its context suffixes, in the reference's order.</summary>
    public static readonly IReadOnlyList<string> TaskExecutionEvents =
    [
        TaskRequested,
        TaskScheduled,
        TaskDelayed,
        TaskRunning,
        TaskPending,
        TaskPendingWorkflowActive,
        TaskPendingWorkflowDormant,
        TaskPausing,
        TaskPaused,
        TaskPausedWorkflowActive,
        TaskPausedWorkflowDormant,
        TaskResuming,
        TaskSucceeded,
        TaskSucceededWorkflowActiveIncomplete,
        TaskSucceededWorkflowActiveCompleted,
        TaskSucceededWorkflowActivePaused,
        TaskSucceededWorkflowActiveCanceled,
        TaskSucceededWorkflowDormantIncomplete,
        TaskSucceededWorkflowDormantCompleted,
        TaskSucceededWorkflowDormantPaused,
        TaskSucceededWorkflowDormantCanceled,
        TaskFailed,
        TaskFailedWorkflowActive,
        TaskFailedWorkflowDormant,
        TaskRemediated,
        TaskRemediatedWorkflowActiveIncomplete,
        TaskRemediatedWorkflowActiveCompleted,
        TaskRemediatedWorkflowActivePaused,
        TaskRemediatedWorkflowActiveCanceled,
        TaskRemediatedWorkflowDormantIncomplete,
        TaskRemediatedWorkflowDormantCompleted,
        TaskRemediatedWorkflowDormantPaused,
        TaskRemediatedWorkflowDormantCanceled,
        TaskCanceling,
        TaskCanceled,
        TaskCanceledWorkflowActive,
        TaskCanceledWorkflowDormant,
        TaskRetrying,
        TaskRetryingWorkflowActive,
        TaskRetryingWorkflowDormant,
    ];

    /// <summary>Every action event name, with its context suffixes, in the reference's order.</summary>
    public static readonly IReadOnlyList<string> ActionExecutionEvents =
    [
        ActionRequested,
        ActionScheduled,
        ActionDelayed,
        ActionRunning,
        ActionPending,
        ActionPendingTaskActiveItemsIncomplete,
        ActionPendingTaskDormantItemsIncomplete,
        ActionPendingTaskDormantItemsCompleted,
        ActionPendingTaskDormantItemsPaused,
        ActionPendingTaskDormantItemsCanceled,
        ActionPendingTaskDormantItemsFailed,
        ActionPausing,
        ActionPaused,
        ActionPausedTaskActiveItemsIncomplete,
        ActionPausedTaskDormantItemsIncomplete,
        ActionPausedTaskDormantItemsCompleted,
        ActionPausedTaskDormantItemsPaused,
        ActionPausedTaskDormantItemsCanceled,
        ActionPausedTaskDormantItemsFailed,
        ActionResuming,
        ActionSucceeded,
        ActionSucceededTaskActiveItemsIncomplete,
        ActionSucceededTaskDormantItemsIncomplete,
        ActionSucceededTaskDormantItemsCompleted,
        ActionSucceededTaskDormantItemsPaused,
        ActionSucceededTaskDormantItemsCanceled,
        ActionSucceededTaskDormantItemsFailed,
        ActionFailed,
        ActionFailedTaskActiveItemsIncomplete,
        ActionFailedTaskDormantItemsIncomplete,
        ActionFailedTaskDormantItemsCompleted,
        ActionFailedTaskDormantItemsPaused,
        ActionFailedTaskDormantItemsCanceled,
        ActionFailedTaskDormantItemsFailed,
        ActionExpired,
        ActionExpiredTaskActiveItemsIncomplete,
        ActionExpiredTaskDormantItemsIncomplete,
        ActionExpiredTaskDormantItemsCompleted,
        ActionExpiredTaskDormantItemsPaused,
        ActionExpiredTaskDormantItemsCanceled,
        ActionExpiredTaskDormantItemsFailed,
        ActionAbandoned,
        ActionAbandonedTaskActiveItemsIncomplete,
        ActionAbandonedTaskDormantItemsIncomplete,
        ActionAbandonedTaskDormantItemsCompleted,
        ActionAbandonedTaskDormantItemsPaused,
        ActionAbandonedTaskDormantItemsCanceled,
        ActionAbandonedTaskDormantItemsFailed,
        ActionCanceling,
        ActionCanceled,
        ActionCanceledTaskActiveItemsIncomplete,
        ActionCanceledTaskDormantItemsIncomplete,
        ActionCanceledTaskDormantItemsCompleted,
        ActionCanceledTaskDormantItemsPaused,
        ActionCanceledTaskDormantItemsCanceled,
        ActionCanceledTaskDormantItemsFailed,
    ];

    /// <summary>The engine command events (continue, fail, noop, retry), in the reference's order.</summary>
    public static readonly IReadOnlyList<string> EngineOperationEvents =
    [
        TaskContinueRequested,
        TaskFailRequested,
        TaskNoopRequested,
        TaskRetryRequested,
    ];

    private static readonly FrozenSet<string> WorkflowExecutionSet = WorkflowExecutionEvents.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> TaskConditionalSet = TaskConditionalEvents.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> TaskExecutionSet = TaskExecutionEvents.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> ActionOrEngineSet = ActionExecutionEvents.Concat(EngineOperationEvents).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TaskExecutionByChars = TaskExecutionSet.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// <paramref name="name"/> with <paramref name="first"/> and <paramref name="second"/> appended:
    /// the task event's own string when the result is one of <see cref="TaskExecutionEvents"/>, so
    /// that naming the event of every task step allocates nothing; a new string otherwise.
    /// </summary>
    internal static string JoinTaskEvent(string name, string first, string second = "")
    {
        var length = name.Length + first.Length + second.Length;
        if (length <= 128)
        {
            Span<char> chars = stackalloc char[length];
            name.AsSpan().CopyTo(chars);
            first.AsSpan().CopyTo(chars[name.Length..]);
            second.AsSpan().CopyTo(chars[(name.Length + first.Length)..]);
            if (TaskExecutionByChars.TryGetValue(chars, out var known)) return known;
        }

        return string.Concat(name, first, second);
    }

    /// <summary>Whether <paramref name="name"/> is one of <see cref="WorkflowExecutionEvents"/>.</summary>
    public static bool IsWorkflowExecutionEvent(string? name) => name is not null && WorkflowExecutionSet.Contains(name);

    /// <summary>Whether <paramref name="name"/> is one of <see cref="TaskConditionalEvents"/>.</summary>
    public static bool IsTaskConditionalEvent(string? name) => name is not null && TaskConditionalSet.Contains(name);

    /// <summary>Whether <paramref name="name"/> is one of <see cref="TaskExecutionEvents"/>.</summary>
    public static bool IsTaskExecutionEvent(string? name) => name is not null && TaskExecutionSet.Contains(name);

    /// <summary>Whether <paramref name="name"/> is one of <see cref="ActionExecutionEvents"/> or <see cref="EngineOperationEvents"/>.</summary>
    public static bool IsActionOrEngineEvent(string? name) => name is not null && ActionOrEngineSet.Contains(name);
}
