using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Graphing;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

public sealed partial class WorkflowConductor
{
    /// <summary>
    /// Applies an event to a task (the reference's <c>update_task_state</c>): records the task's
    /// execution, moves it through the task state machine, on completion evaluates its
    /// transitions, publishes, stages the next tasks, runs engine commands and retries, and moves
    /// the workflow through its state machine.
    /// </summary>
    /// <remarks>
    /// Bad input is refused before anything changes, so the conductor stays usable and
    /// serializable: every exception listed leaves the state as it was. A result must be JSON
    /// data in the value model (<see langword="null"/>, <see cref="bool"/>, <see cref="long"/>,
    /// finite <see cref="double"/>, <see cref="string"/>, <see cref="ListValue"/>,
    /// <see cref="DictValue"/> with string keys) nested at most 200 levels; it is checked without
    /// recursion, so a result nested 10,000 or 1,000,000 levels deep is refused with
    /// <see cref="InvalidWorkflowValue"/>, never a stack overflow. Size is not limited: a result
    /// of a 10 MB string is published, persisted and read back.
    /// </remarks>
    /// <exception cref="InvalidEventType">The event is a workflow or task event, not an action or engine command event.</exception>
    /// <exception cref="InvalidTask">The task is not in the workflow.</exception>
    /// <exception cref="InvalidTaskStateEntry">The task is neither staged nor recorded, or it completed and is not staged to run again.</exception>
    /// <exception cref="InvalidExecutionEvent">An item event for a task without items, for a task whose items are not known yet, or for an item the task does not have; a retry command for a task without retry.</exception>
    /// <exception cref="InvalidWorkflowValue">The result (or accumulated result) is not a workflow value, or is nested too deeply.</exception>
    /// <exception cref="InvalidEvent">The action event reports a status no action event has (<c>retrying</c>, <c>null</c>).</exception>
    /// <exception cref="InvalidTaskStatusTransition">The task has not started and the event does not start it (a completion reported before <c>running</c>, for example), or the task is in a status that takes no event (<c>timeout</c>, <c>abandoned</c>).</exception>
    public TaskStateEntry UpdateTaskState(string taskId, int route, ExecutionEvent executionEvent)
    {
        ArgumentNullException.ThrowIfNull(executionEvent);
        if (executionEvent is not (ActionExecutionEvent or EngineOperationEvent)) throw new InvalidEventType(executionEvent.ReferenceTypeName, executionEvent.Name);
        var state = WorkflowState;
        Queue<(string Id, int Route)>? engineQueue = null;

        // A staged or recorded task is a task of the graph: its plan comes with it.
        var staged = state.GetStagedTask(taskId, route);
        var entry = state.GetTask(taskId, route);
        if (staged is null && entry is null)
        {
            if (!Graph.HasTask(taskId)) throw new InvalidTask(taskId);
            throw new InvalidTaskStateEntry(taskId);
        }

        var plan = staged is not null ? PlanOf(staged) : PlanOf(entry!);
        var hasItems = plan.HasItems;
        CheckTaskEvent(taskId, route, executionEvent, staged, entry, plan);

        if (entry is null || plan.IsCommand)
        {
            entry = AddTaskState(plan, staged!.Route, staged.InContexts, InboundForEntry(staged));
        }

        // The entry found or made is the current one of the task and route.
        var entryIndex = entry.SequenceIndex;

        // A completed task that starts again is in a cycle: it gets a new entry.
        if (entry.Status is not null && Statuses.Completed.Contains(entry.Status) && Statuses.Starting.Contains(executionEvent.Status))
        {
            entry = AddTaskState(plan, staged!.Route, staged.InContexts, InboundForEntry(staged));
            entryIndex = entry.SequenceIndex;
        }

        if (staged is not null && staged.Items is null) state.RemoveStagedTask(staged);

        if (staged is not null && executionEvent is TaskItemActionExecutionEvent itemEvent) staged.Items!.SetStatus(itemEvent.ItemId, itemEvent.Status);

        if (executionEvent.Status == Statuses.Failed)
        {
            LogEntry("error", "Execution failed. See result for details.", taskId, result: executionEvent.Result);
        }

        var oldStatus = entry.Status ?? Statuses.Unset;
        TaskStateMachine.ProcessEvent(this, entry, executionEvent);
        var newStatus = entry.Status ?? Statuses.Unset;

        if (newStatus == Statuses.Retrying)
        {
            entry.Retry!.Tally++;
            state.RemoveStagedTask(taskId, route);
            state.AddStagedTask(taskId, route, entry.InContexts, entry.CopyPrev(), ready: true, retry: entry.Retry.Clone());
        }

        // The completed task's scope is made when an expression needs it: a branch with no
        // condition, no publish and no retry evaluates nothing.
        ExpressionScope? currentScope = null;
        object? taskResult = null;
        ExpressionScope CurrentScope() => currentScope ??= Scope(entry.InContexts.Merged, new CurrentTask(entry.Id, entry.Route, HasResult: true, Result: taskResult));
        if (Statuses.Completed.Contains(newStatus))
        {
            // Nothing has staged this task and route since this call began (a retry stages it again,
            // but a retrying task has not completed): the staged entry found then is the one to
            // unstage, or to keep for a rerun of a with-items task that abended.
            if (staged is { Linked: true })
            {
                if (!(hasItems && Statuses.Abended.Contains(newStatus))) state.RemoveStagedTask(staged);
                else staged.Completed = true;
            }

            var result = MakeTaskResult(hasItems, executionEvent);
            taskResult = result;

            if (Statuses.Active.Contains(state.Status) && entry.Retry is not null && EvaluateTaskRetry(entry, CurrentScope()))
            {
                // The retry command comes back here, as in the reference, and evaluates the
                // condition again with its own result (none). For a task the command cannot move
                // (canceled), a condition that holds then holds on every later command too.
                if (ReferenceEquals(executionEvent, EngineOperationEvent.TaskRetry) && RetryLeavesCompleted(newStatus)) throw EndlessRetry(entry);
                return UpdateTaskState(taskId, route, EngineOperationEvent.TaskRetry);
            }
        }

        if (Statuses.Completed.Contains(newStatus) && newStatus != oldStatus)
        {
            var hasManualFail = false;
            List<StagedTask>? stagedNextTasks = null;
            var transitions = plan.Next;
            if (transitions.Length == 0) entry.Term = true;

            // The staged tasks are kept only to mark them when a fail command is staged beside them.
            var mayFail = plan.MayFail;

            for (var ti = 0; ti < transitions.Length; ti++)
            {
                var t = transitions[ti];
                var transitionId = t.TransitionId;
                try
                {
                    var all = true;
                    var criteria = t.Criteria;
                    for (var ci = 0; ci < criteria.Count; ci++)
                    {
                        // Every criterion is evaluated, as the reference's list comprehension does.
                        all &= PyOps.IsTruthy(ExpressionEvaluator.Evaluate(criteria[ci], CurrentScope()));
                    }

                    entry.SetNext(transitionId, all);
                    RefreshInbound(plan, entry.Route, t);
                }
                catch (OrquestaException e)
                {
                    LogError(e, taskId, route, transitionId);
                    RequestWorkflowStatus(Statuses.Failed);
                    continue;
                }

                if (!entry.TryGetNext(transitionId, out var satisfied) || !satisfied) continue;

                var nextPlan = t.Destination;
                var nextTaskId = nextPlan.Id;
                var (newContext, errors) = FinalizeContext(plan, t, t.Publishes ? CurrentScope() : null);
                if (errors.Count > 0)
                {
                    LogErrors(errors, taskId, route, transitionId);
                    RequestWorkflowStatus(Statuses.Failed);
                    continue;
                }

                var outChain = entry.InContexts;
                var outIndex = -1;
                if (newContext.Count > 0)
                {
                    state.Contexts.Add(newContext);
                    outIndex = state.Contexts.Count - 1;
                    outChain = outChain.Append(outIndex, newContext);
                    entry.OutContext = new KeyValuePair<string, int>(transitionId, outIndex);
                }

                var nextRoute = EvaluateRoute(t, route);
                state.RememberOrdinal(nextTaskId, nextPlan.Ordinal);
                var stagedNext = state.GetStagedTask(nextTaskId, nextRoute);
                var backref = t.PrevKey;
                if (stagedNext is not null)
                {
                    // Extend with this task's contexts, all but the root one (its first 0), then
                    // the one it published.
                    var extended = stagedNext.InContexts;
                    var rootSkipped = false;
                    // A chain of one is the root context alone (the common case): nothing to add.
                    if (entry.InContexts.Count > 1 || entry.InContexts.Index != 0)
                    {
                        foreach (var i in entry.InContexts.ToArray())
                        {
                            if (!rootSkipped && i == 0)
                            {
                                rootSkipped = true;
                                continue;
                            }

                            extended = extended.Append(i, state.Contexts[i]);
                        }
                    }

                    if (outIndex >= 0) extended = extended.Append(outIndex, state.Contexts[outIndex]);
                    stagedNext.InContexts = extended;
                    stagedNext.SetPrev(backref, entryIndex);
                    stagedNext.Items = null;
                    stagedNext.Completed = false;
                }
                else
                {
                    // A join with more inbound transitions than the slots hold collects them in a map sized once for all of them.
                    var prev = default(TransitionSlots<int>);
                    if (nextPlan.HasBarrier && nextPlan.Prev.Count > 2)
                    {
                        var map = new TransitionMap<int>();
                        map.EnsureCapacity(nextPlan.Prev.Count);
                        prev = TransitionSlots<int>.Over(map);
                    }

                    prev.Set(backref, entryIndex);
                    stagedNext = state.AddStagedTask(nextTaskId, nextRoute, outChain, prev, ready: false);
                    stagedNext.Plan = nextPlan;
                }

                // The original route identifies the inbound transitions. A task without a barrier
                // needs one inbound transition that held, and this one did.
                stagedNext.Ready = !nextPlan.HasBarrier || GetInboundCriteriaStatus(nextPlan, route) == InboundSatisfied;

                if (nextPlan.IsCommand)
                {
                    (engineQueue ??= new Queue<(string Id, int Route)>()).Enqueue((stagedNext.Id, stagedNext.Route));
                    if (!hasManualFail) hasManualFail = nextTaskId == "fail";
                }
                else if (stagedNext.Ready && mayFail)
                {
                    (stagedNextTasks ??= []).Add(stagedNext);
                }
            }

            // A remediation task staged beside a fail command still runs after the workflow failed.
            if (hasManualFail && stagedNextTasks is not null)
            {
                foreach (var s in stagedNextTasks) s.RunOnFail = true;
            }
        }

        // The reference's workflow state machine has no event for a task that ends expired
        // (timeout) or abandoned without a transition to take: it raises InvalidEvent
        // ("task_timeout") after the task's state has changed, and the workflow never completes.
        // The workflow sees such a task as failed, as it already does when the task is remediated.
        var taskStatus = entry.Status ?? Statuses.Unset;
        if (taskStatus is Statuses.Expired or Statuses.Abandoned) taskStatus = Statuses.Failed;
        WorkflowStateMachine.ProcessTaskEvent(this, taskId, route, taskStatus);

        while (engineQueue is { Count: > 0 })
        {
            var (commandId, commandRoute) = engineQueue.Dequeue();
            EngineOperationEvent.TryGetCommand(commandId, out var command);
            UpdateTaskState(commandId, commandRoute, command!);
        }

        if (Statuses.Completed.Contains(state.Status)) entry.Term = true;
        return entry;
    }

    // Whether the retry command leaves a task of this status completed: the task state machine
    // has no retry transition for it (canceled has none), so the retry tally never grows, and a
    // retry command that finds the condition holding (with the command's empty result) sends
    // another that finds the same.
    private static bool RetryLeavesCompleted(string status)
    {
        var after = StateMachineData.Task.TryGetValue(status, out var row) && row.TryGetValue(EngineOperationEvent.TaskRetry.Name, out var next) ? next : status;
        return Statuses.Completed.Contains(after);
    }

    // The reference sends the retry command again and again to a task that cannot retry while the
    // condition holds without a result, until Python's recursion limit stops it: most of its stack is the retry condition's evaluation,
    // so Jinja reports the limit wrapped as its evaluation error, and YAQL (whose wrapper is
    // outside) as a bare RecursionError. Here the same error comes at once, before the call stack
    // can overflow, and with the task and workflow as the reference leaves them (the retry
    // commands change nothing).
    private static OrquestaException EndlessRetry(TaskStateEntry entry)
    {
        var when = entry.Retry!.When as string;
        var message = $"maximum recursion depth exceeded: task \"{entry.Id}\" (route {entry.Route}) is {entry.Status} and cannot retry, but its retry condition holds, so the reference sends the retry command until its recursion limit";
        return when is not null && Expressions.Jinja.JinjaLanguage.Instance.HasExpressions(when) && !Expressions.Yaql.YaqlLanguage.Instance.HasExpressions(when)
            ? new JinjaEvaluationException($"Unable to evaluate expression '{when}'. RecursionError: {message}")
            : new ExpressionRuntimeError("RecursionError", message);
    }

    // The inbound transitions of a new entry made from a staged task. A staged task without items
    // is unstaged right after (and nothing changes a map once it is unstaged), so the entry takes
    // its transitions over; a with-items task stays staged, and joins may still add to it: a copy.
    private static TransitionSlots<int> InboundForEntry(StagedTask staged) =>
        staged.Items is null ? staged.PrevSlots : staged.PrevSlots.Copy();

    // Everything UpdateTaskState would trip over later, checked while nothing has changed yet.
    private void CheckTaskEvent(string taskId, int route, ExecutionEvent executionEvent, StagedTask? staged, TaskStateEntry? entry, TaskPlan plan)
    {
        var hasItems = plan.HasItems;
        // A new entry is made from the staged task: for a first event, for an engine command, and
        // for a completed task that starts again (a cycle). Without a staged task there is none.
        var needsNewEntry = entry is null
            || plan.IsCommand
            || (entry.Status is not null && Statuses.Completed.Contains(entry.Status) && Statuses.Starting.Contains(executionEvent.Status));
        if (needsNewEntry && staged is null) throw new InvalidTaskStateEntry(taskId);
        if (executionEvent is ActionExecutionEvent && !EventNames.IsActionOrEngineEvent(executionEvent.Name)) throw new InvalidEvent(executionEvent.Name);

        // The conductor sends the retry command itself, to a task whose retry policy says so.
        if (ReferenceEquals(executionEvent, EngineOperationEvent.TaskRetry) && !needsNewEntry && entry!.Retry is null)
        {
            throw new InvalidExecutionEvent($"Task \"{taskId}\" (route {route}) has no retry; the retry command does not apply to it.", taskId, route);
        }

        if (executionEvent is TaskItemActionExecutionEvent item)
        {
            if (!hasItems)
            {
                throw new InvalidExecutionEvent($"Task \"{taskId}\" has no items; the event for item {item.ItemId} does not apply to it.", taskId, route);
            }

            // The event is recorded against the staged task's items, and an item status that
            // reads the other items' statuses needs them. A task no longer staged (it completed,
            // or was canceled) takes any other item event as the reference does: the task state
            // machine has no transition for it, and nothing changes.
            if (staged is not null || MachineRules.IsItemContextStatus(item.Status))
            {
                if (staged?.Items is not { } items)
                {
                    throw new InvalidExecutionEvent($"The items of task \"{taskId}\" (route {route}) are not known yet, or the task is no longer staged: the event for item {item.ItemId} does not apply. Items are known once the task is returned by GetNextTasks.", taskId, route);
                }

                if (item.ItemId < 0 || item.ItemId >= items.Count)
                {
                    throw new InvalidExecutionEvent($"Item {item.ItemId} is not one of the {items.Count} items of task \"{taskId}\" (route {route}).", taskId, route);
                }
            }

            CheckResult(taskId, route, item.AccumulatedResult, "accumulated_result", "accumulated result");
        }

        CheckResult(taskId, route, executionEvent.Result, "result", "result");

        // A task that has not started (a new entry, or one a rerun made) must be started by the
        // event: the task state machine has no other way out of "null", and the workflow state
        // machine has no event for a task left there. A task in a status the task state machine
        // has no row for (timeout, abandoned) takes no event at all; the machine would say so
        // after the event had been recorded.
        var statusBefore = needsNewEntry ? Statuses.Unset : entry!.Status ?? Statuses.Unset;
        var hasRow = StateMachineData.Task.TryGetValue(statusBefore, out var row);
        if (!hasRow || statusBefore == Statuses.Unset)
        {
            var eventName = executionEvent is TaskItemActionExecutionEvent itemEvent
                ? TaskStateMachine.AddContextToTaskItemEvent(this, taskId, route, itemEvent)
                : executionEvent.Name;
            if (!hasRow || !row!.ContainsKey(eventName)) throw new InvalidTaskStatusTransition(statusBefore, eventName);
        }
    }

    private static void CheckResult(string taskId, int route, object? value, string root, string what)
    {
        if (WorkflowValueCheck.FindProblem(value, root) is { } problem)
        {
            throw new InvalidWorkflowValue($"The {what} of task \"{taskId}\" (route {route}) is refused: {problem}.", taskId, route);
        }
    }

    private static object? MakeTaskResult(bool hasItems, ExecutionEvent executionEvent)
    {
        if (!hasItems) return executionEvent.Result;
        var result = executionEvent is TaskItemActionExecutionEvent item ? item.AccumulatedResult : executionEvent.Result;
        return PyOps.IsTruthy(result) ? result : ListValue.Empty;
    }

    private TaskStateEntry AddTaskState(TaskPlan plan, int route, ContextChain inContexts, TransitionSlots<int> prev)
    {
        WorkflowState.RememberOrdinal(plan.Id, plan.Ordinal);
        var entry = WorkflowState.AddTaskEntry(plan.Id, route, inContexts, prev);
        entry.Plan = plan;
        // Every transition is evaluated once the task completes: a wide split's map is sized once.
        if (plan.WideNext) entry.Next.EnsureCapacity(plan.Next.Length);
        RefreshInbound(plan, route);
        if (plan.Retry is { } retry) SetupRetry(entry, retry);
        return entry;
    }

    private void SetupRetry(TaskStateEntry entry, DictValue spec)
    {
        var retry = new TaskRetryState
        {
            When = spec.GetValueOrDefault("when"),
            Count = spec.GetValueOrDefault("count"),
            HasDelay = spec.ContainsKey("delay"),
            Delay = spec.GetValueOrDefault("delay"),
            Tally = 0,
        };
        entry.Retry = retry;
        var scope = Scope(entry.InContexts.Merged);
        if (retry.HasDelay && retry.Delay is string delayExpression)
        {
            var value = ExpressionEvaluator.Evaluate(delayExpression, scope);
            if (value is not (long or bool)) throw ExpressionRuntimeError.ValueError($"The retry delay for task \"{entry.Id}\" is not an integer.");
            retry.Delay = value;
        }

        if (retry.Count is string countExpression)
        {
            var value = ExpressionEvaluator.Evaluate(countExpression, scope);
            if (value is not (long or bool)) throw ExpressionRuntimeError.ValueError($"The retry count for task \"{entry.Id}\" is not an integer.");
            retry.Count = value;
        }
    }

    private static bool EvaluateTaskRetry(TaskStateEntry entry, ExpressionScope scope)
    {
        if (entry.Retry is null) return false;
        var status = entry.Status ?? Statuses.Unset;
        if (entry.Retry.Tally >= PyOps.ToLong(entry.Retry.Count)) return false;
        if (Statuses.Abended.Contains(status) && entry.Retry.When is null) return true;
        return PyOps.IsTruthy(ExpressionEvaluator.Evaluate(entry.Retry.When, scope));
    }

    private int EvaluateRoute(TransitionPlan transition, int previousRoute)
    {
        if (!transition.Destination.StartsRoute) return previousRoute;
        var previousTransitionId = transition.PrevKey;
        var old = WorkflowState.Routes[previousRoute];
        if (old.Contains(previousTransitionId)) return previousRoute;
        WorkflowState.Routes.Add([.. old, previousTransitionId]);
        return WorkflowState.Routes.Count - 1;
    }

    // ----- rerun ---------------------------------------------------------------------------

    /// <summary>
    /// Reruns a completed workflow: the failed terminal tasks, or the tasks named in
    /// <paramref name="taskRequests"/>; the workflow becomes <c>resuming</c>.
    /// </summary>
    /// <exception cref="WorkflowIsActiveAndNotRerunableError">The workflow has not completed.</exception>
    /// <exception cref="InvalidTaskRerunRequest">A requested task has no entry.</exception>
    public void RequestWorkflowRerun(IReadOnlyList<TaskRerunRequest>? taskRequests = null)
    {
        var state = WorkflowState;
        if (!Statuses.Completed.Contains(state.Status)) throw new WorkflowIsActiveAndNotRerunableError();
        var tasks = new OrderedDictionary<string, TaskRerunRequest>(StringComparer.Ordinal);
        foreach (var request in taskRequests ?? [])
        {
            if (request is null) throw new ArgumentException("A task rerun request is null.", nameof(taskRequests));
            tasks[request.Key] = request;
        }

        var invalid = tasks.Values.Where(t => !state.HasTask(t.TaskId, t.Route)).ToList();
        if (invalid.Count > 0) throw new InvalidTaskRerunRequest(invalid);

        List<TaskStateEntry> candidates;
        if (tasks.Count == 0)
        {
            candidates = state.GetTerminalTasks()
                .Where(t => t.Status is not null && Statuses.Abended.Contains(t.Status))
                .GroupBy(t => t.Key, StringComparer.Ordinal)
                .Select(g => g.Last())
                .ToList();
        }
        else
        {
            var collapsed = CollapseTaskRerunRequests(tasks);
            candidates = tasks.Where(kv => collapsed.Contains(kv.Key)).Select(kv => state.GetTask(kv.Value.TaskId, kv.Value.Route)!).ToList();
        }

        state.Reruns.Add(candidates.Select(c => c.SequenceIndex).ToArray());
        foreach (var task in candidates.OrderBy(c => c.Id, StringComparer.Ordinal).ThenBy(c => c.Route))
        {
            var resetItems = tasks.TryGetValue(task.Key, out var request) && request.ResetItems;
            RequestTaskRerun(task.Id, task.Route, resetItems);
        }

        foreach (var task in state.GetTerminalTasks().Where(t => t.AnyNextSatisfied()).ToList()) task.Term = false;
        ResetWorkflowOutput();
        state.Status = Statuses.Resuming;
    }

    private HashSet<string> CollapseTaskRerunRequests(OrderedDictionary<string, TaskRerunRequest> tasks)
    {
        var sequences = tasks.ToDictionary(kv => kv.Key, kv => WorkflowState.GetTaskSequence(kv.Value.TaskId, kv.Value.Route).Select(e => e.SequenceIndex).ToHashSet(), StringComparer.Ordinal);
        if (tasks.Count <= 1) return sequences.Keys.ToHashSet(StringComparer.Ordinal);
        return sequences.Where(kv => sequences.Values.Any(other => kv.Value.Except(other).Any())).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
    }

    private void RequestTaskRerun(string taskId, int route, bool resetItems)
    {
        var state = WorkflowState;
        var task = state.GetTask(taskId, route)!;
        task.Term = false;
        var staged = state.GetStagedTask(taskId, route);
        if (staged is not null) staged.Completed = false;
        Errors.RemoveAll(e => e.GetValueOrDefault("task_id") is string id && id == taskId);

        if (TaskHasItems(taskId))
        {
            var itemsTask = state.GetStagedTask(taskId, route);
            if (itemsTask?.Items is { } items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (resetItems || Statuses.Abended.Contains(items.GetStatus(i))) items.SetStatus(i, Statuses.Unset);
                }
            }
        }
        else
        {
            AddTaskState(FindPlan(taskId) ?? throw new InvalidTask(taskId), route, task.InContexts, task.CopyPrev());
            state.AddStagedTask(taskId, route, task.InContexts, task.CopyPrev());
        }

        foreach (var next in state.GetTaskSequence(taskId, route)) next.Term = false;
    }
}
