namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// One execution of a task on a route (an entry of the reference's <c>state.sequence</c>).
/// A task that runs again (a cycle, a retry, a rerun) gets a new entry; the newest one is the
/// task's current entry.
/// </summary>
public sealed class TaskStateEntry : Machines.ITaskStateForMachines
{
    private string? _status;
    private TransitionSlots<int> _prev;
    private TransitionSlots<bool> _next;

    internal TaskStateEntry(WorkflowState owner, int sequenceIndex, string id, int route, ContextChain inContexts, TransitionSlots<int> prev)
    {
        Owner = owner;
        SequenceIndex = sequenceIndex;
        Id = id;
        Route = route;
        InContexts = inContexts;
        _prev = prev;
    }

    internal WorkflowState Owner { get; }

    /// <summary>The entry's position in the task sequence.</summary>
    public int SequenceIndex { get; }

    /// <summary>The task id.</summary>
    public string Id { get; }

    /// <summary>The route the task runs on.</summary>
    public int Route { get; }

    /// <summary>The contexts the task reads (<c>ctxs.in</c>).</summary>
    public ContextChain InContexts { get; }

    /// <summary>The outgoing context of the last satisfied transition that published (<c>ctxs.out</c>): transition id and context index.</summary>
    public KeyValuePair<string, int>? OutContext
    {
        get => _outTransition is null ? null : new KeyValuePair<string, int>(_outTransition, _outIndex);
        set => (_outTransition, _outIndex) = value is { } pair ? (pair.Key, pair.Value) : (null, 0);
    }

    // OutContext in two fields: a nullable pair would take 24 bytes of every entry a large workflow keeps.
    private string? _outTransition;
    private int _outIndex;

    /// <summary>Inbound transitions that led here: <c>task__tN</c> of the previous task to its sequence index.</summary>
    /// <remarks>The entry keeps one transition in fields of its own; the map is made on first use of this property and holds every transition from then on.</remarks>
    public TransitionMap<int> Prev => _prev.Materialize();

    /// <summary>Outbound transitions evaluated so far: <c>next__tN</c> to whether its criteria held.</summary>
    /// <remarks>The entry keeps one transition in fields of its own; the map is made on first use of this property and holds every transition from then on.</remarks>
    public TransitionMap<bool> Next => _next.Materialize();

    /// <summary>The inbound transitions, to enumerate in order (a copy of the slots: reading only, and no map is made).</summary>
    internal TransitionSlots<int> PrevEntries() => _prev;

    /// <summary>The inbound transitions, sharing nothing with this entry (for a task staged again from it).</summary>
    internal TransitionSlots<int> CopyPrev() => _prev.Copy();

    /// <summary>The evaluated outbound transitions, to enumerate in order (a copy of the slots: reading only, and no map is made).</summary>
    internal TransitionSlots<bool> NextEntries() => _next;

    /// <summary>Records whether an outbound transition's criteria held.</summary>
    internal void SetNext(string transitionId, bool satisfied) => _next.Set(transitionId, satisfied);

    /// <summary>Whether the outbound transition was evaluated, and to what.</summary>
    internal bool TryGetNext(string transitionId, out bool satisfied) => _next.TryGetValue(transitionId, out satisfied);

    /// <summary>Whether any evaluated outbound transition's criteria held.</summary>
    internal bool AnyNextSatisfied()
    {
        foreach (var (_, satisfied) in _next)
        {
            if (satisfied) return true;
        }

        return false;
    }

    /// <summary>The task's status, or <see langword="null"/> before the first event.</summary>
    public string? Status
    {
        get => _status;
        set
        {
            if (string.Equals(_status, value, StringComparison.Ordinal)) return;
            Owner.OnTaskStatusChanged(this, _status, value);
            _status = value;
        }
    }

    /// <summary>Whether this is a terminal task of the workflow.</summary>
    public bool Term
    {
        get => _term;
        set
        {
            if (_term == value) return;
            _term = value;
            Owner.OnTermChanged(this, value);
        }
    }

    private bool _term;

    /// <summary>The retry policy and tally, when the task has a retry spec.</summary>
    public TaskRetryState? Retry { get; set; }

    /// <summary>The reference's <c>task__rN</c> key.</summary>
    public string Key => WorkflowState.TaskKey(Id, Route);

    /// <summary>The task's plan, once the conductor has looked it up.</summary>
    internal TaskPlan? Plan { get; set; }

    /// <summary>Whether a later entry of the same task and route replaced this one as the current entry.</summary>
    internal bool Superseded { get; set; }
}

/// <summary>A task's retry policy, rendered when the task entry is created, and how often it has retried.</summary>
public sealed class TaskRetryState
{
    /// <summary>The condition; <see langword="null"/> retries on any abended status.</summary>
    public object? When { get; set; }

    /// <summary>How many retries are allowed.</summary>
    public object? Count { get; set; }

    /// <summary>The delay before each retry, in seconds; <see langword="null"/> when none was given.</summary>
    public object? Delay { get; set; }

    /// <summary>Whether the spec gave a delay key at all.</summary>
    public bool HasDelay { get; set; }

    /// <summary>How many times the task has retried.</summary>
    public long Tally { get; set; }

    /// <summary>A copy.</summary>
    public TaskRetryState Clone() => (TaskRetryState)MemberwiseClone();
}

/// <summary>A task waiting to run (an entry of the reference's <c>state.staged</c>).</summary>
public sealed class StagedTask
{
    private bool _ready;
    private bool _completed;
    private TransitionSlots<int> _prev;

    internal StagedTask(WorkflowState owner, string id, int route, ContextChain inContexts, TransitionSlots<int> prev, bool ready)
    {
        Owner = owner;
        Id = id;
        Route = route;
        InContexts = inContexts;
        _prev = prev;
        _ready = ready;
    }

    internal WorkflowState Owner { get; }

    // The staged list is linked through the staged tasks themselves (no node object per task).
    internal StagedTask? PreviousStaged { get; set; }

    internal StagedTask? NextStaged { get; set; }

    /// <summary>Whether the task is in its state's staged list.</summary>
    internal bool Linked { get; set; }

    /// <summary>The task id.</summary>
    public string Id { get; }

    /// <summary>The route.</summary>
    public int Route { get; }

    /// <summary>The contexts the task will read; joins extend it as branches arrive.</summary>
    public ContextChain InContexts { get; set; }

    /// <summary>Inbound transitions so far.</summary>
    /// <remarks>The staged task keeps two transitions in fields of its own; the map is made on first use of this property and holds every transition from then on.</remarks>
    public TransitionMap<int> Prev => _prev.Materialize();

    /// <summary>The inbound transitions, to enumerate or hand over (a copy of the slots: a map behind them is shared).</summary>
    internal TransitionSlots<int> PrevSlots => _prev;

    /// <summary>Records an inbound transition and the sequence index of the entry it came from.</summary>
    internal void SetPrev(string transitionKey, int sequenceIndex) => _prev.Set(transitionKey, sequenceIndex);

    /// <summary>Whether the task's inbound criteria are satisfied.</summary>
    public bool Ready
    {
        get => _ready;
        set
        {
            if (_ready == value) return;
            _ready = value;
            Owner.OnStagedChanged(this, !value, _completed);
        }
    }

    /// <summary>Kept for a manual rerun of a with-items task that abended.</summary>
    public bool Completed
    {
        get => _completed;
        set
        {
            if (_completed == value) return;
            _completed = value;
            Owner.OnStagedChanged(this, _ready, !value);
        }
    }

    /// <summary>Set when the task must run even though the workflow failed (remediation with a <c>fail</c> command).</summary>
    public bool RunOnFail { get; set; }

    /// <summary>The retry state, when the task is staged again for a retry.</summary>
    public TaskRetryState? Retry { get; set; }

    /// <summary>What <see cref="WorkflowConductor.GetNextTasks"/> last gave for this task alone, when it had nothing to evaluate.</summary>
    internal IReadOnlyList<NextTask>? Rendered { get; set; }

    /// <summary>The status of each item of a with-items task, or <see langword="null"/> before the items are known.</summary>
    public TaskItemStatusList? Items { get; set; }

    internal bool IsOpen => _ready && !_completed;

    /// <summary>The task's plan, once the conductor has looked it up.</summary>
    internal TaskPlan? Plan { get; set; }
}
