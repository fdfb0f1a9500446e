using Microsoft.DurableTask;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine.Actions;

namespace Orquesta.Azure.Engine.Durable;

/// <summary>
/// One episode of a workflow execution inside the <see cref="OrchestrationNames.Workflow"/>
/// orchestrator: it restores the conductor, then loops (next tasks become activity calls, timers
/// or sub-orchestrations; each completion or control event goes back into the conductor) until
/// the workflow completes, or until the episode has handled enough events and nothing is in
/// flight, when it continues as new with the serialized state so that history stays bounded.
/// </summary>
/// <remarks>
/// Determinism rules (this code is replayed): no clock, randomness, I/O or unordered iteration.
/// Time is <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>; expressions get theirs from
/// <see cref="OrchestrationEnvironment"/>; every collection that is iterated is ordered (lists,
/// <see cref="SortedDictionary{TKey, TValue}"/>); completions are handled one at a time in the
/// order the durable runtime delivers them, which is the order of the history.
/// </remarks>
internal sealed class WorkflowRun : IDisposable
{
    /// <summary>Conductor events per episode before continuing as new, unless the input says otherwise.</summary>
    public const int DefaultEpisodeEvents = 40;

    private static readonly TaskOptions NoRetry = new();

    private readonly TaskOrchestrationContext _context;
    private readonly WorkflowSessionCache _sessions = WorkflowSessionCache.Shared;
    private readonly WorkflowRunInput _input;
    private readonly Queue<Signal> _signals = new();
    private readonly SortedDictionary<int, InFlight> _inFlight = [];
    private readonly SortedDictionary<string, NextTask> _delaying = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, ActionOutcome> _wave = [];
    private readonly CancellationTokenSource _timers = new();
    private readonly List<int> _changed = [];
    private TaskCompletionSource<bool>? _waiter;
    private List<Action<WorkflowRun>> _log = [];
    private long _signalsConsumed;
    private long _skipSignals;
    private bool _atRest;
    private bool _preludeDone;
    private bool _reissuing;
    private (string Id, long Fingerprint) _sessionKey;
    private EngineState _state = null!;
    private WorkflowSpec _spec = null!;
    private int _nextOperation;
    private int _events;
    private int _checkpointedAt;
    private string? _lastStatus;

    public WorkflowRun(TaskOrchestrationContext context, WorkflowRunInput input, WorkflowSessionCache sessions)
    {
        _context = context;
        _input = input;
        _sessions = sessions;
    }

    private WorkflowConductor Conductor => _state.Conductor;

    /// <summary>
    /// Events per episode. Continuing as new costs the size of the state (it is written into the
    /// next input); a longer episode costs more on every replay (its history and the calls an
    /// adopting run issues again). So episodes start short and grow with the state: about one
    /// event per 20 task executions so far, between <see cref="DefaultEpisodeEvents"/> and 1,000.
    /// </summary>
    private int EpisodeEvents => _input.EpisodeEvents > 0
        ? _input.EpisodeEvents
        : Math.Clamp(Conductor.WorkflowState.Sequence.Count / 20, DefaultEpisodeEvents, 1000);

    public async Task<WorkflowRunResult> RunAsync()
    {
        try
        {
            _sessionKey = (_context.InstanceId, Fingerprint(_input));
            if (!AdoptSession())
            {
                var failure = Initialize();
                if (failure is not null) return failure;
            }

            _sessions.Register(_sessionKey.Id, this);
            if (!_preludeDone)
            {
                // The spec's action names are resolved once, in the first episode; later episodes
                // carry them in the state (names rendered from expressions resolve when they run).
                if (_state.Episode == 0) await ResolveActionsAsync(_spec.Tasks.Select(t => t.Action?.Split(' ', 2)[0]).OfType<string>());
                if (_state.Episode == 0 && _input.StateJson is null) await CheckpointAsync(snapshot: false);
                ArmDeadline();
                _preludeDone = true;
            }

            ListenForControls();

            while (true)
            {
                // Continue as new when the episode is long enough and nothing is in flight. In a
                // sequence that moment comes between a completion and the next dispatch, so look
                // before dispatching.
                if (_inFlight.Count == 0 && _delaying.Count == 0 && _events >= EpisodeEvents && !Statuses.Completed.Contains(Conductor.WorkflowStatus))
                {
                    await CheckpointAsync(snapshot: true);
                    return ContinueAsNew();
                }

                await DispatchAsync();
                var status = Conductor.WorkflowStatus;
                var idle = _inFlight.Count == 0 && _delaying.Count == 0;
                if (idle && Statuses.Completed.Contains(status)) break;
                if (idle)
                {
                    if (status is Statuses.Paused || HasPendingAsk())
                    {
                        // Waiting for a person or a resume: keep a snapshot of where it stands.
                        if (_events != _checkpointedAt)
                        {
                            _checkpointedAt = _events;
                            await CheckpointAsync(snapshot: true);
                        }
                    }
                    else if (Statuses.Active.Contains(status) && !Conductor.WorkflowState.HasStagedTasks)
                    {
                        Conductor.LogEntry("error", $"The workflow is {status} but has no task to run or wait for.");
                        Conductor.RequestWorkflowStatus(Statuses.Failed);
                        continue;
                    }
                }

                PublishProgress();
                var signal = await NextSignalAsync();
                await HandleAsync(signal);
            }

            if (Statuses.Completed.Contains(Conductor.WorkflowStatus)) Conductor.RenderWorkflowOutput();
            var result = Result();
            await CheckpointAsync(snapshot: true, result);
            PublishProgress();
            _sessions.Remove(_sessionKey.Id, this);
            return result;
        }
        catch
        {
            _sessions.Remove(_sessionKey.Id, this);
            throw;
        }
        finally
        {
            _timers.Cancel();
        }
    }

    public void Dispose() => _timers.Dispose();

    private WorkflowRunResult? Initialize()
    {
        var stateJson = _input.StateJson ?? EngineState.Decompress(_input.CompressedState);
        if (stateJson is null)
        {
            try
            {
                _spec = DefinitionCache.Load(_input.Definition);
            }
            catch (OrquestaException e)
            {
                return Failed(e.ErrorType, e.Message);
            }

            var inspection = _spec.Inspect();
            if (inspection.HasErrors)
            {
                return new WorkflowRunResult
                {
                    Status = Statuses.Failed,
                    ErrorsJson = JsonValues.Serialize(ListValue.Of(EngineValues.Dict(
                        ("type", "error"),
                        ("message", "The workflow definition failed inspection."),
                        ("data", inspection.ToValue())))),
                };
            }

            var inputs = EngineValues.Parse(_input.InputJson) as DictValue;
            var environment = new OrchestrationEnvironment(_context, 0);
            var conductor = new WorkflowConductor(_spec, inputs, environment: environment);
            _state = new EngineState { Conductor = conductor };
            conductor.RequestWorkflowStatus(Statuses.Running);
        }
        else
        {
            _state = EngineState.Parse(stateJson);
            _spec = Conductor.Spec;
            Conductor.Environment = new OrchestrationEnvironment(_context, _state.Episode);
            if (_input.Rerun is { } rerun)
            {
                try
                {
                    Conductor.RequestWorkflowRerun([.. rerun.Select(r => new TaskRerunRequest(r.TaskId, r.Route, r.ResetItems))]);
                }
                catch (OrquestaException e)
                {
                    return Failed(e.ErrorType, e.Message);
                }

                foreach (var key in _state.Items.Keys.ToList())
                {
                    if (rerun.Any(r => r.ResetItems && WorkflowState.TaskKey(r.TaskId, r.Route) == key)) _state.Items.Remove(key);
                }
            }
        }

        return null;
    }

    private static WorkflowRunResult Failed(string type, string message) => new()
    {
        Status = Statuses.Failed,
        ErrorsJson = JsonValues.Serialize(ListValue.Of(EngineValues.Dict(("type", "error"), ("message", $"{type}: {message}")))),
    };

    private WorkflowRunResult Result() => new()
    {
        Status = Conductor.WorkflowStatus,
        OutputJson = Conductor.GetWorkflowOutput() is { } output ? JsonValues.Serialize(output) : null,
        ErrorsJson = Conductor.Errors.Count > 0 ? JsonValues.Serialize(ListValue.From(Conductor.Errors)) : null,
    };

    private WorkflowRunResult ContinueAsNew()
    {
        _state.Episode++;
        // The state travels compressed and the definition inside it: every replay of the next
        // episode reads this input again.
        var next = _input with { StateJson = null, CompressedState = EngineState.Compress(_state.ToJson()), Definition = string.Empty, Rerun = null };
        _context.ContinueAsNew(next, preserveUnprocessedEvents: true);
        _sessions.Remove(_sessionKey.Id, this);
        _sessions.Register(_sessionKey.Id, WorkflowSessionCache.Carry(_state, Fingerprint(next), _spec, _sessionKey.Id));
        return Result();
    }

    // ---- dispatching -------------------------------------------------------------------------

    private async Task DispatchAsync()
    {
        if (_input.Waves && (_inFlight.Count > 0 || _delaying.Count > 0)) return;

        // The conductor decides what may run: besides a running workflow's next tasks, a failed
        // workflow still runs the tasks staged with run_on_fail (Orquesta's "do: log, fail").
        while (true)
        {
            var next = Conductor.GetNextTasks();
            var started = false;
            foreach (var task in next)
            {
                var key = WorkflowState.TaskKey(task.Id, task.Route);
                if (_delaying.ContainsKey(key)) continue;
                if (DelaySeconds(task) is > 0 and var seconds)
                {
                    _delaying[key] = task;
                    var fireAt = _context.CurrentUtcDateTime.AddSeconds(seconds);
                    Issue(r => r.IssueDelay(key, fireAt));
                    continue;
                }

                if (await StartTaskAsync(task)) started = true;
            }

            if (!started || _input.Waves) return;
        }
    }

    private static double DelaySeconds(NextTask task) => task.Delay switch
    {
        long l => l,
        double d => d,
        int i => i,
        _ => 0,
    };

    /// <returns>Whether the conductor changed so that next tasks may have changed.</returns>
    private async Task<bool> StartTaskAsync(NextTask task)
    {
        if (task.Actions.Count == 0)
        {
            // A task without an action, or a with-items task with no items: it succeeds at once.
            if (task.HasItems && task.ItemsCount is > 0) return false;
            var running = Update(task.Id, task.Route, new ActionExecutionEvent(Statuses.Running));
            object? result = task.HasItems ? ListValue.Empty : null;
            if (_input.Waves && running is not null)
            {
                // In waves the task's completion waits for the wave, as a rehearsal's does.
                var op = _nextOperation++;
                _inFlight[op] = new InFlight(task.Id, task.Route, null);
                var outcome = new ActionOutcome { Status = Statuses.Succeeded, ResultJson = JsonValues.Serialize(result) };
                Issue(r => r.Post(new ActionDone(op, outcome)));
                return true;
            }

            Update(task.Id, task.Route, new ActionExecutionEvent(Statuses.Succeeded, result), result);
            return true;
        }

        // In waves a with-items task runs one item per wave, as orquesta-rehearse does.
        foreach (var action in _input.Waves ? task.Actions.Take(1) : task.Actions)
        {
            var name = action.Action as string ?? string.Empty;
            var entry = action.ItemId is { } itemId
                ? Update(task.Id, task.Route, new TaskItemActionExecutionEvent(itemId, Statuses.Running))
                : Update(task.Id, task.Route, new ActionExecutionEvent(Statuses.Running));
            if (entry is null) return true;

            if (name == ActionNames.Ask && action.ItemId is null)
            {
                Update(task.Id, task.Route, new ActionExecutionEvent(Statuses.Pending));
                continue;
            }

            if (!_state.Actions.ContainsKey(name)) await ResolveActionsAsync([name]);
            var op = _nextOperation++;
            var inputJson = action.Input is null ? null : JsonValues.Serialize(action.Input);
            _inFlight[op] = new InFlight(task.Id, task.Route, action.ItemId);
            if (_state.Actions.TryGetValue(name, out var resolved) && resolved.Kind == ResolvedActionKinds.Workflow)
            {
                var child = new WorkflowRunInput
                {
                    ExecutionId = ChildExecutionId(task, action.ItemId),
                    WorkflowName = name,
                    WorkflowVersion = resolved.Version,
                    Definition = resolved.Definition ?? string.Empty,
                    InputJson = inputJson,
                    Record = _input.Record,
                    ParentExecutionId = _input.ExecutionId,
                    EpisodeEvents = _input.EpisodeEvents,
                    Deadline = _input.Deadline,
                    TimeoutSeconds = _input.TimeoutSeconds,
                };
                Issue(r => r.IssueSubworkflow(op, child));
            }
            else
            {
                var request = new ActionRequest
                {
                    ExecutionId = _input.ExecutionId,
                    TaskId = task.Id,
                    Route = task.Route,
                    ItemId = action.ItemId,
                    Sequence = entry.SequenceIndex,
                    Action = name,
                    InputJson = inputJson,
                };
                Issue(r => r.IssueAction(op, request));
            }
        }

        return true;
    }

    private string ChildExecutionId(NextTask task, int? itemId)
    {
        var count = Conductor.WorkflowState.GetTaskIndex(task.Id, task.Route) ?? 0;
        return itemId is null
            ? $"{_context.InstanceId}.{task.Id}.{task.Route}.{count}"
            : $"{_context.InstanceId}.{task.Id}.{task.Route}.{count}.{itemId}";
    }

    private static ActionOutcome SubworkflowOutcome(WorkflowRunResult result)
    {
        var body = EngineValues.Dict(
            ("output", EngineValues.Parse(result.OutputJson)),
            ("errors", EngineValues.Parse(result.ErrorsJson)));
        var status = result.Status == Statuses.Succeeded ? Statuses.Succeeded : result.Status == Statuses.Canceled ? Statuses.Canceled : Statuses.Failed;
        return new ActionOutcome { Status = status, ResultJson = JsonValues.Serialize(body) };
    }

    private static ActionOutcome FailedOutcome(Exception e)
    {
        var details = e is TaskFailedException { FailureDetails: { } f }
            ? EngineValues.Dict(("error", f.ErrorMessage), ("type", f.ErrorType))
            : EngineValues.Dict(("error", e.Message), ("type", e.GetType().Name));
        return new ActionOutcome { Status = Statuses.Failed, ResultJson = JsonValues.Serialize(details) };
    }

    private async Task ResolveActionsAsync(IEnumerable<string> names)
    {
        var wanted = names
            .Where(n => !string.IsNullOrEmpty(n) && !n.Contains("<%", StringComparison.Ordinal) && !n.Contains("{{", StringComparison.Ordinal) && !_state.Actions.ContainsKey(n))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (wanted.Count == 0) return;
        var local = wanted.Where(ActionNames.IsBuiltIn).ToList();
        foreach (var name in local) _state.Actions[name] = new ResolvedAction { Name = name, Kind = ResolvedActionKinds.Activity };
        var remote = wanted.Where(n => !ActionNames.IsBuiltIn(n)).ToList();
        if (remote.Count == 0) return;
        _log.Add(r => r.Reissue<List<ResolvedAction>>(OrchestrationNames.ResolveActions, remote));
        var resolved = await _context.CallActivityAsync<List<ResolvedAction>>(OrchestrationNames.ResolveActions, remote, NoRetry);
        foreach (var action in resolved) _state.Actions[action.Name] = action;
        foreach (var name in remote)
        {
            if (!_state.Actions.ContainsKey(name)) _state.Actions[name] = new ResolvedAction { Name = name, Kind = ResolvedActionKinds.Activity };
        }
    }

    // ---- completions and controls ------------------------------------------------------------

    private async Task HandleAsync(Signal signal)
    {
        switch (signal)
        {
            case ActionDone done when _input.Waves && _inFlight.ContainsKey(done.Operation):
                _wave[done.Operation] = done.Outcome;
                if (_wave.Count == _inFlight.Count)
                {
                    foreach (var (op, outcome) in _wave) Complete(_inFlight[op], outcome);
                    _wave.Clear();
                    _inFlight.Clear();
                }

                break;
            case ActionDone done when _inFlight.Remove(done.Operation, out var flight):
                Complete(flight, done.Outcome);
                break;
            case DelayDone delay when _delaying.Remove(delay.Key, out var task):
                if (Conductor.WorkflowStatus is Statuses.Running or Statuses.Resuming) await StartTaskAsync(task);
                break;
            case Control control:
                HandleControl(control);
                break;
            case DeadlineReached:
                if (!Statuses.Completed.Contains(Conductor.WorkflowStatus) && !_state.DeadlineReached)
                {
                    _state.DeadlineReached = true;
                    Conductor.LogEntry("error", $"The execution exceeded its timeout of {_input.TimeoutSeconds ?? 0:0.###} seconds and was canceled.");
                    RequestStatus(Statuses.Canceling);
                }

                break;
        }
    }

    private void Complete(InFlight flight, ActionOutcome outcome)
    {
        var result = EngineValues.Parse(outcome.ResultJson);
        var status = outcome.Status is Statuses.Succeeded or Statuses.Failed or Statuses.Canceled or Statuses.Expired or Statuses.Abandoned or Statuses.Pending
            ? outcome.Status
            : Statuses.Failed;
        if (flight.ItemId is { } itemId)
        {
            var key = WorkflowState.TaskKey(flight.TaskId, flight.Route);
            if (!_state.Items.TryGetValue(key, out var items)) _state.Items[key] = items = [];
            while (items.Count <= itemId) items.Add(null);
            items[itemId] = result;
            var accumulated = ListValue.From(items);
            var entry = Update(flight.TaskId, flight.Route, new TaskItemActionExecutionEvent(itemId, status, result, accumulated), accumulated);
            if (entry?.Status is { } s && Statuses.Completed.Contains(s)) _state.Items.Remove(key);
        }
        else
        {
            Update(flight.TaskId, flight.Route, new ActionExecutionEvent(status, result), result);
        }
    }

    private void HandleControl(Control control)
    {
        switch (control.Name)
        {
            case OrchestrationNames.PauseEvent:
                RequestStatus(Statuses.Pausing);
                break;
            case OrchestrationNames.ResumeEvent:
                RequestStatus(Statuses.Resuming);
                break;
            case OrchestrationNames.CancelEvent:
                RequestStatus(Statuses.Canceling);
                break;
            case OrchestrationNames.RespondEvent:
                Respond(control.Payload);
                break;
        }
    }

    private void Respond(string? payload)
    {
        AskResponse? response;
        try
        {
            response = payload is null ? null : System.Text.Json.JsonSerializer.Deserialize<AskResponse>(payload, EngineJson.Options);
        }
        catch (System.Text.Json.JsonException)
        {
            response = null;
        }

        if (response is null) return;
        var entry = Conductor.WorkflowState.Sequence
            .Where(e => e.Id == response.TaskId && (response.Route is null || e.Route == response.Route) && e.Status == Statuses.Pending)
            .LastOrDefault();
        if (entry is null) return;
        if (Conductor.WorkflowStatus is Statuses.Paused or Statuses.Pausing) RequestStatus(Statuses.Resuming);
        var answer = EngineValues.Parse(response.AnswerJson);
        Update(entry.Id, entry.Route, new ActionExecutionEvent(Statuses.Succeeded, answer), answer);
    }

    private void RequestStatus(string status)
    {
        try
        {
            Conductor.RequestWorkflowStatus(status);
            _events++;
        }
        catch (InvalidWorkflowStatusTransition)
        {
            // A request that does not apply in the current status (resume of a running workflow,
            // pause of a completed one) changes nothing, as in Orquesta.
        }
    }

    private TaskStateEntry? Update(string taskId, int route, ExecutionEvent executionEvent, object? result = null)
    {
        _events++;
        TaskStateEntry entry;
        try
        {
            entry = Conductor.UpdateTaskState(taskId, route, executionEvent);
        }
        catch (OrquestaException e)
        {
            Conductor.LogError(e, taskId, route);
            if (!Statuses.Completed.Contains(Conductor.WorkflowStatus)) Conductor.RequestWorkflowStatus(Statuses.Failed);
            return null;
        }

        var index = entry.SequenceIndex;
        while (_state.Tasks.Count <= index) _state.Tasks.Add(null);
        var record = _state.Tasks[index] ??= new TaskRecord { Id = entry.Id, Route = entry.Route };
        record.Status = entry.Status;
        if (executionEvent.Status == Statuses.Running && record.Started is null) record.Started = _context.CurrentUtcDateTime;
        if (entry.Status is { } s && Statuses.Completed.Contains(s))
        {
            record.Ended = _context.CurrentUtcDateTime;
            if (executionEvent is ActionExecutionEvent) record.Result = result;
        }

        Changed(index);
        return entry;
    }

    // The most recently changed task executions, newest last, at most MaxRecentListed: what a
    // client polling the custom status needs to show each task's status as it changes.
    private void Changed(int index)
    {
        _changed.Remove(index);
        _changed.Add(index);
        if (_changed.Count > ExecutionProgress.MaxRecentListed) _changed.RemoveAt(0);
    }

    private bool HasPendingAsk() => Conductor.WorkflowState.CountTasksWithStatus([Statuses.Pending]) > 0;

    // ---- signals ------------------------------------------------------------------------------

    private void ListenForControls()
    {
        Listen(OrchestrationNames.PauseEvent);
        Listen(OrchestrationNames.ResumeEvent);
        Listen(OrchestrationNames.CancelEvent);
        Listen(OrchestrationNames.RespondEvent);
    }

    private void Listen(string name) =>
        Track(_context.WaitForExternalEvent<string?>(name, _timers.Token), payload =>
        {
            Listen(name);
            return new Control(name, payload);
        });

    private void ArmDeadline()
    {
        if (_input.Deadline is not { } deadline || _state.DeadlineReached) return;
        if (deadline <= _context.CurrentUtcDateTime)
        {
            Issue(r => r.Post(new DeadlineReached()));
            return;
        }

        Issue(r => r.IssueDeadline(deadline));
    }

    private void Track(Task task, Func<Signal> onDone) =>
        _ = TrackAsync(task, onDone);

    private async Task TrackAsync(Task task, Func<Signal> onDone)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        Post(onDone());
    }

    private void Track<T>(Task<T> task, Func<T, Signal> onResult, Func<Exception, Signal>? onError = null) =>
        _ = TrackAsync(task, onResult, onError);

    private async Task TrackAsync<T>(Task<T> task, Func<T, Signal> onResult, Func<Exception, Signal>? onError)
    {
        Signal signal;
        try
        {
            signal = onResult(await task);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (TaskFailedException e) when (onError is not null)
        {
            signal = onError(e);
        }

        Post(signal);
    }

    private void Post(Signal signal)
    {
        if (_skipSignals > 0)
        {
            // Replaying what an adopted session already handled.
            _skipSignals--;
            return;
        }

        _signals.Enqueue(signal);
        var waiter = _waiter;
        _waiter = null;
        waiter?.TrySetResult(true);
    }

    private async Task<Signal> NextSignalAsync()
    {
        while (_signals.Count == 0)
        {
            _waiter = new TaskCompletionSource<bool>();
            _atRest = true;
            await _waiter.Task;
            _atRest = false;
        }

        _signalsConsumed++;
        return _signals.Dequeue();
    }

    // ---- durable calls, the replay log and sessions ---------------------------------------------

    /// <summary>Issues a durable call and logs it, so that an adopting run can issue it again.</summary>
    private void Issue(Action<WorkflowRun> call)
    {
        _log.Add(call);
        call(this);
    }

    private void IssueAction(int op, ActionRequest request) =>
        Track(_context.CallActivityAsync<ActionOutcome>(OrchestrationNames.RunAction, request, NoRetry), r => new ActionDone(op, r), e => new ActionDone(op, FailedOutcome(e)));

    private void IssueSubworkflow(int op, WorkflowRunInput child) =>
        Track(
            _context.CallSubOrchestratorAsync<WorkflowRunResult>(OrchestrationNames.Workflow, child, new SubOrchestrationOptions { InstanceId = child.ExecutionId }),
            r => new ActionDone(op, SubworkflowOutcome(r)),
            e => new ActionDone(op, FailedOutcome(e)));

    private void IssueDelay(string key, DateTime fireAt) =>
        Track(_context.CreateTimer(fireAt, _timers.Token), () => new DelayDone(key));

    private void IssueDeadline(DateTime deadline) =>
        Track(_context.CreateTimer(deadline, _timers.Token), () => new DeadlineReached());

    private void Reissue<T>(string name, object input) =>
        _ = _context.CallActivityAsync<T>(name, input, NoRetry);

    /// <summary>
    /// Takes over the state of the previous run of this episode in this process, if it is at rest
    /// in the same place of the same episode: instead of parsing the state and handling every
    /// event of the episode again, the run issues the durable calls the previous one issued (the
    /// runtime matches them against the history) and skips the signals the previous one handled.
    /// Without a session (another process, a restart), the run rebuilds everything from the
    /// input, as durable orchestrations always do.
    /// </summary>
    private bool AdoptSession()
    {
        if (_sessions.Take(_sessionKey) is not { } previous) return false;
        _state = previous._state;
        _spec = previous._spec;
        _log = previous._log;
        _signalsConsumed = previous._signalsConsumed;
        _skipSignals = previous._signalsConsumed;
        _nextOperation = previous._nextOperation;
        _events = previous._events;
        _checkpointedAt = previous._checkpointedAt;
        _lastStatus = previous._lastStatus;
        _preludeDone = previous._preludeDone;
        foreach (var kv in previous._inFlight) _inFlight[kv.Key] = kv.Value;
        foreach (var kv in previous._delaying) _delaying[kv.Key] = kv.Value;
        foreach (var kv in previous._wave) _wave[kv.Key] = kv.Value;
        _changed.AddRange(previous._changed);
        // Within an episode the random stream goes on; a run carried over continue-as-new starts the
        // new episode's stream, as a run that parses the state would.
        _state.Conductor.Environment = previous._context is null
            ? new OrchestrationEnvironment(_context, _state.Episode)
            : new OrchestrationEnvironment(_context, _state.Episode, previous._state.Conductor.Environment);
        _reissuing = true;
        foreach (var call in _log) call(this);
        _reissuing = false;
        return true;
    }

    internal bool IsAdoptable(long fingerprint) => _atRest && !_reissuing && _sessionKey.Fingerprint == fingerprint;

    private static long Fingerprint(WorkflowRunInput input)
    {
        var hash = new HashCode();
        hash.Add(input.ExecutionId);
        hash.Add(input.StateJson);
        hash.Add(input.Definition);
        hash.Add(input.Rerun?.Count ?? -1);
        if (input.CompressedState is { } compressed) hash.AddBytes(compressed);
        return hash.ToHashCode();
    }

    internal static WorkflowRun Carried(EngineState state, long fingerprint, WorkflowSpec spec, string instanceId) => new(state, fingerprint, spec, instanceId);

    private WorkflowRun(EngineState state, long fingerprint, WorkflowSpec spec, string instanceId)
    {
        _context = null!;
        _input = null!;
        _state = state;
        _spec = spec;
        _sessionKey = (instanceId, fingerprint);
        _atRest = true;
    }

    // ---- checkpoints and progress ------------------------------------------------------------

    private async Task CheckpointAsync(bool snapshot, WorkflowRunResult? result = null)
    {
        // The work item may end at this await: let the custom status say where the run stands
        // before the row does. Not for the last checkpoint: until the orchestration completes
        // with its result, a completed status there would come without its output.
        if (result is null) PublishProgress();
        if (!_input.Record) return;

        // The document already counts itself, so that a rerun restored from it (the latest
        // snapshot) writes its snapshots after it instead of over it (writes are idempotent).
        long? sequence = snapshot ? _state.NextSnapshot++ : null;
        var request = new CheckpointRequest
        {
            ExecutionId = _input.ExecutionId,
            Sequence = sequence,
            StateJson = snapshot ? _state.ToJson() : null,
            Status = Conductor.WorkflowStatus,
            OutputJson = result?.OutputJson,
            ErrorsJson = result?.ErrorsJson ?? (Conductor.Errors.Count > 0 ? JsonValues.Serialize(ListValue.From(Conductor.Errors)) : null),
            At = _context.CurrentUtcDateTime,
            WorkflowName = _input.WorkflowName,
            WorkflowVersion = _input.WorkflowVersion,
            ParentExecutionId = _input.ParentExecutionId,
            InputJson = _input.InputJson,
        };
        _log.Add(r => r.Reissue<bool>(OrchestrationNames.Checkpoint, request));
        await _context.CallActivityAsync<bool>(OrchestrationNames.Checkpoint, request, NoRetry);
    }

    private void PublishProgress()
    {
        var status = Conductor.WorkflowStatus;
        var progress = new ExecutionProgress
        {
            Status = status,
            Episode = _state.Episode,
            Tasks = Conductor.WorkflowState.Sequence.Count,
            Running = [.. _inFlight.Values.Select(f => WorkflowState.TaskKey(f.TaskId, f.Route)).Distinct(StringComparer.Ordinal).Take(ExecutionProgress.MaxRunningListed)],
            Pending = [.. Conductor.WorkflowState.GetTasksByStatus([Statuses.Pending]).Select(e => WorkflowState.TaskKey(e.Id, e.Route)).Take(ExecutionProgress.MaxRunningListed)],
            Recent = [.. _changed.Select(i => (Index: i, Record: _state.Tasks[i]!)).Select(c => new TaskProgress(c.Index, c.Record.Id, c.Record.Route, c.Record.Status, c.Record.Started, c.Record.Ended))],
        };
        if (_lastStatus == status && _inFlight.Count > ExecutionProgress.MaxRunningListed) return;
        _lastStatus = status;
        _context.SetCustomStatus(progress);
    }

    private abstract record Signal;

    private sealed record ActionDone(int Operation, ActionOutcome Outcome) : Signal;

    private sealed record DelayDone(string Key) : Signal;

    private sealed record Control(string Name, string? Payload) : Signal;

    private sealed record DeadlineReached : Signal;

    private sealed record InFlight(string TaskId, int Route, int? ItemId);
}

/// <summary>The orchestration's custom status: where the execution is, for status queries and the CLI.</summary>
public sealed record ExecutionProgress
{
    /// <summary>The most running tasks listed.</summary>
    public const int MaxRunningListed = 50;

    /// <summary>The most recent task executions listed in <see cref="Recent"/>.</summary>
    public const int MaxRecentListed = 32;

    /// <summary>The workflow status.</summary>
    public required string Status { get; init; }

    /// <summary>Episodes completed before the current one.</summary>
    public long Episode { get; init; }

    /// <summary>Task executions so far.</summary>
    public int Tasks { get; init; }

    /// <summary>Keys of tasks with an action in flight (at most <see cref="MaxRunningListed"/>).</summary>
    public IReadOnlyList<string> Running { get; init; } = [];

    /// <summary>Keys of tasks waiting for an answer (<c>core.ask</c>), at most <see cref="MaxRunningListed"/>: what the API's respond route accepts.</summary>
    public IReadOnlyList<string> Pending { get; init; } = [];
    /// <summary>
    /// The task executions changed most recently in this episode, oldest change first (at most
    /// <see cref="MaxRecentListed"/>): a client that polls merges them by <see cref="TaskProgress.Index"/>.
    /// Changes between two polls beyond the window are missed; the final snapshot has every task.
    /// </summary>
    public IReadOnlyList<TaskProgress> Recent { get; init; } = [];
}

/// <summary>One task execution in <see cref="ExecutionProgress.Recent"/> (a <see cref="TaskRecord"/> without its result).</summary>
/// <param name="Index">Its index in the workflow's task sequence.</param>
/// <param name="Id">The task id.</param>
/// <param name="Route">The route.</param>
/// <param name="Status">The task status.</param>
/// <param name="Started">When its action started (orchestration time).</param>
/// <param name="Ended">When it reached a completed status.</param>
public sealed record TaskProgress(int Index, string Id, int Route, string? Status, DateTime? Started, DateTime? Ended);

/// <summary>Kinds of <see cref="ResolvedAction"/>.</summary>
public static class ResolvedActionKinds
{
    /// <summary>Run by the <see cref="OrchestrationNames.RunAction"/> activity.</summary>
    public const string Activity = "activity";

    /// <summary>A saved workflow, run as a sub-orchestration.</summary>
    public const string Workflow = "workflow";
}
