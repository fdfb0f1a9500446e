using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

public class WorkflowStateTests
{
    private static (WorkflowState State, ContextChain Root) NewState()
    {
        var state = new WorkflowState();
        state.Contexts.Add(DictValue.Empty.Set("a", 1L));
        state.Routes.Add([]);
        return (state, ContextChain.Start(0, state.Contexts[0]));
    }

    [Fact]
    public void StatusCounters_CountOnlyTheCurrentEntryOfEachTask()
    {
        var (state, root) = NewState();
        var first = state.AddTaskEntry("t", 0, root, null);
        first.Status = Statuses.Running;
        Assert.True(state.HasActiveTasks);
        first.Status = Statuses.Succeeded;
        Assert.False(state.HasActiveTasks);

        var second = state.AddTaskEntry("t", 0, root, null);
        second.Status = Statuses.Running;
        Assert.True(state.HasActiveTasks);
        first.Status = Statuses.Running; // an old entry no longer counts
        second.Status = Statuses.Failed;
        Assert.False(state.HasActiveTasks);
        Assert.Single(state.GetTasksByStatus([Statuses.Failed]));
        Assert.Equal(1, state.GetTaskIndex("t", 0));
        Assert.False(state.IsCurrent(first));
        Assert.True(state.IsCurrent(second));

        // An entry of another state is current there, not here.
        var (other, otherRoot) = NewState();
        var foreign = other.AddTaskEntry("t", 0, otherRoot, null);
        Assert.True(other.IsCurrent(foreign));
        Assert.False(state.IsCurrent(foreign));
    }

    [Fact]
    public void Staging_ReadyAndCompletedFlags_DriveHasStagedTasks()
    {
        var (state, root) = NewState();
        var staged = state.AddStagedTask("join", 0, root, ready: false);
        Assert.False(state.HasStagedTasks);
        staged.Ready = true;
        Assert.True(state.HasStagedTasks);
        staged.Completed = true;
        Assert.False(state.HasStagedTasks);
        Assert.Empty(state.GetStagedTasks());
        Assert.Same(staged, state.GetStagedTask("join", 0));
        state.RemoveStagedTask("join", 0);
        Assert.Null(state.GetStagedTask("join", 0));
        Assert.Empty(state.Staged);
    }

    [Fact]
    public void StagedList_RemovedFirstMiddleAndLast_KeepsStagingOrderAndCounts()
    {
        var (state, root) = NewState();
        var tasks = Enumerable.Range(0, 6).Select(i => state.AddStagedTask("t" + i, 0, root)).ToList();
        Assert.Equal(tasks, state.Staged);

        state.RemoveStagedTask(tasks[0]);
        state.RemoveStagedTask(tasks[3]);
        state.RemoveStagedTask(tasks[5]);
        Assert.Equal([tasks[1], tasks[2], tasks[4]], state.Staged);
        Assert.Equal([tasks[1], tasks[2], tasks[4]], state.GetStagedTasks());

        // Removing one again changes nothing; staging again appends.
        state.RemoveStagedTask(tasks[3]);
        var again = state.AddStagedTask("t0", 0, root);
        tasks[2].Ready = false;
        Assert.Equal([tasks[1], tasks[2], tasks[4], again], state.Staged);
        Assert.Equal([tasks[1], tasks[4], again], state.GetStagedTasks());
        var open = new List<StagedTask>();
        foreach (var staged in state.EnumerateOpenStaged()) open.Add(staged);
        Assert.Equal([tasks[1], tasks[4], again], open);
        Assert.Equal(3, state.OpenStagedCount);

        // A task no longer staged no longer counts when its flags change.
        tasks[0].Ready = false;
        tasks[0].Ready = true;
        Assert.Equal(3, state.OpenStagedCount);
        foreach (var staged in state.Staged.ToList()) state.RemoveStagedTask(staged);
        Assert.Empty(state.Staged);
        Assert.False(state.HasStagedTasks);
        Assert.Equal(0, state.OpenStagedCount);
    }

    [Fact]
    public void GetTask_RepeatedAndAfterANewEntry_AlwaysTheCurrentEntry()
    {
        var (state, root) = NewState();
        var first = state.AddTaskEntry("t1", 0, root, null);
        var other = state.AddTaskEntry("t2", 0, root, null);
        // An equal id in another string finds the same entries, before and after the task runs again.
        var id = new string("t1".AsSpan());
        Assert.Same(first, state.GetTask(id, 0));
        Assert.Same(first, state.GetTask("t1", 0));
        Assert.Null(state.GetTask("t1", 1));
        var second = state.AddTaskEntry("t1", 0, root, null);
        Assert.Same(second, state.GetTask(id, 0));
        Assert.Same(other, state.GetTask("t2", 0));
        Assert.Same(second, state.GetTask("t1", 0));
        Assert.Equal(second.SequenceIndex, state.GetTaskIndex("t1", 0));
    }

    [Fact]
    public void GetStagedTask_AfterTheFirstOfTwoIsUnstaged_TheSecond()
    {
        var (state, root) = NewState();
        var first = state.AddStagedTask("t1", 0, root);
        var second = state.AddStagedTask("t1", 0, root);
        Assert.Same(first, state.GetStagedTask("t1", 0));
        Assert.Same(first, state.GetStagedTask(new string("t1".AsSpan()), 0));
        state.RemoveStagedTask(first);
        Assert.Same(second, state.GetStagedTask("t1", 0));
        state.RemoveStagedTask("t1", 0);
        Assert.Null(state.GetStagedTask("t1", 0));
        var third = state.AddStagedTask("t1", 0, root);
        Assert.Same(third, state.GetStagedTask("t1", 0));
        Assert.Null(state.GetStagedTask("t1", 2));
    }

    [Fact]
    public void IsFirstStaged_OneOrTwoEntriesOfATask_OnlyTheFirstLinkedOne()
    {
        var (state, root) = NewState();
        var only = state.AddStagedTask("t0", 0, root);
        Assert.True(state.IsFirstStaged(only));
        var first = state.AddStagedTask("t1", 0, root);
        var second = state.AddStagedTask("t1", 0, root);
        Assert.True(state.IsFirstStaged(only));
        Assert.True(state.IsFirstStaged(first));
        Assert.False(state.IsFirstStaged(second));
        state.RemoveStagedTask(first);
        Assert.False(state.IsFirstStaged(first));
        Assert.True(state.IsFirstStaged(second));
        var (other, otherRoot) = NewState();
        Assert.False(state.IsFirstStaged(other.AddStagedTask("t0", 0, otherRoot)));
    }

    [Fact]
    public void GetTerminalTasks_MarkedOutOfOrderAndUnmarked_InSequenceOrder()
    {
        var (state, root) = NewState();
        var entries = Enumerable.Range(0, 5).Select(i => state.AddTaskEntry("t" + i, 0, root, null)).ToArray();
        Assert.Empty(state.GetTerminalTasks());
        entries[3].Term = true;
        entries[1].Term = true;
        entries[4].Term = true;
        entries[4].Term = true;
        Assert.Equal([1, 3, 4], state.GetTerminalTasks().Select(e => e.SequenceIndex));
        entries[3].Term = false;
        entries[0].Term = true;
        Assert.Equal([0, 1, 4], state.GetTerminalTasks().Select(e => e.SequenceIndex));
        Assert.Equal(entries.Where(e => e.Term), state.GetTerminalTasks());
    }

    [Fact]
    public void RemoveStagedTask_WithActiveItems_KeepsTheEntry()
    {
        var (state, root) = NewState();
        var staged = state.AddStagedTask("items", 0, root);
        staged.Items = new TaskItemStatusList(2);
        staged.Items.SetStatus(0, Statuses.Running);
        state.RemoveStagedTask("items", 0);
        Assert.NotNull(state.GetStagedTask("items", 0));
        staged.Items.SetStatus(0, Statuses.Succeeded);
        state.RemoveStagedTask("items", 0);
        Assert.Null(state.GetStagedTask("items", 0));
    }

    [Fact]
    public void ContextChain_Append_MergesNestedDictsAndKeepsIndexes()
    {
        var (state, root) = NewState();
        state.Contexts.Add(DictValue.Empty.Set("d", DictValue.Empty.Set("x", 1L)));
        state.Contexts.Add(DictValue.Empty.Set("d", DictValue.Empty.Set("y", 2L)).Set("a", 3L));
        var chain = root.Append(1, state.Contexts[1]).Append(2, state.Contexts[2]);
        Assert.Equal([0, 1, 2], chain.ToArray());
        Assert.Equal(JsonValues.Parse("""{"a": 3, "d": {"x": 1, "y": 2}}"""), chain.Merged);
    }

    [Fact]
    public void Serializer_RoundTrip_KeepsEverything()
    {
        var (state, root) = NewState();
        state.Contexts.Add(DictValue.Empty.Set("b", 2L));
        var chain = root.Append(1, state.Contexts[1]);
        var entry = state.AddTaskEntry("t1", 0, root, null);
        entry.Status = Statuses.Succeeded;
        entry.Next["t2__t0"] = true;
        entry.OutContext = new KeyValuePair<string, int>("t2__t0", 1);
        entry.Term = true;
        entry.Retry = new TaskRetryState { When = "<% failed() %>", Count = 3L, Tally = 1 };
        var staged = state.AddStagedTask("t2", 0, chain, new TransitionMap<int> { ["t1__t0"] = 0 }, ready: true);
        staged.Items = new TaskItemStatusList([Statuses.Succeeded, Statuses.Unset]);
        state.Reruns.Add([0]);
        state.Status = Statuses.Running;

        var json = JsonValues.Serialize(WorkflowStateSerializer.Serialize(state));
        var copy = WorkflowStateSerializer.Deserialize((DictValue)JsonValues.Parse(json)!);
        Assert.Equal(json, JsonValues.Serialize(WorkflowStateSerializer.Serialize(copy)));
        Assert.Equal(chain.Merged, copy.GetStagedTask("t2", 0)!.InContexts.Merged);
        Assert.True(copy.HasStagedTasks);
        Assert.False(copy.HasActiveTasks);
    }

    [Fact]
    public void Serializer_LongChain_GrowsLinearly()
    {
        var (state, root) = NewState();
        var chain = root;
        for (var i = 1; i <= 2000; i++)
        {
            state.Contexts.Add(DictValue.Empty.Set("x", (long)i));
            chain = chain.Append(i, state.Contexts[i]);
            var entry = state.AddTaskEntry($"t{i}", 0, chain, null);
            entry.Status = Statuses.Succeeded;
        }

        var small = JsonValues.Serialize(WorkflowStateSerializer.Serialize(state)).Length;
        Assert.True(small < 2000 * 200, $"2,000 chained tasks serialized to {small} characters");
    }

    [Fact]
    public void Deserialize_Malformed_ThrowsConductorStateException() =>
        Assert.Throws<ConductorStateException>(() => WorkflowStateSerializer.Deserialize(DictValue.Empty.Set("status", 3L)));
}
