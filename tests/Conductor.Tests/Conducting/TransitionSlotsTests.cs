using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Specs;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

public class TransitionSlotsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(9)]
    public void Set_KeysSetAndReset_BehavesAsAnOrderedDictionary(int count)
    {
        var slots = default(TransitionSlots<int>);
        var expected = new OrderedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            slots.Set("t" + i + "__t0", i);
            expected["t" + i + "__t0"] = i;
        }

        // Setting a key again keeps its position, inline or in the map.
        for (var i = 0; i < count; i += 2)
        {
            slots.Set("t" + i + "__t0", -i);
            expected["t" + i + "__t0"] = -i;
        }

        Assert.Equal(expected.Count, slots.Count);
        Assert.Equal(expected.ToList(), Entries(slots));
        foreach (var (key, value) in expected)
        {
            Assert.True(slots.TryGetValue(key, out var found));
            Assert.Equal(value, found);
        }

        Assert.False(slots.TryGetValue("missing__t0", out _));
        Assert.Equal(expected.ToList(), slots.Materialize().ToList());
    }

    [Fact]
    public void Materialize_OneInlineKey_TheMapHoldsItAndTakesLaterKeys()
    {
        var slots = default(TransitionSlots<bool>);
        slots.Set("a__t0", true);
        var map = slots.Materialize();
        Assert.Same(map, slots.Materialize());
        Assert.Equal([new KeyValuePair<string, bool>("a__t0", true)], map.ToList());

        // The map is the one place from now on: what it is given, the slots answer, and back.
        map["b__t1"] = false;
        slots.Set("a__t0", false);
        Assert.Equal(2, slots.Count);
        Assert.True(slots.TryGetValue("b__t1", out var b) && !b);
        Assert.False(map["a__t0"]);
        Assert.Equal(map.ToList(), Entries(slots));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void From_Map_HoldsItsEntriesAndSharesOnlyAMapOfMoreThanTwo(int count)
    {
        var map = new TransitionMap<int>();
        for (var i = 0; i < count; i++) map["t" + i + "__t0"] = i * 10;
        var slots = TransitionSlots<int>.From(map);
        Assert.Equal(map.ToList(), Entries(slots));
        Assert.Equal(count > 2, ReferenceEquals(map, slots.Materialize()));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    [InlineData(true, 5)]
    public void Copy_ThenSetOnEither_ChangesOnlyThatOne(bool overMap, int count)
    {
        var slots = overMap ? TransitionSlots<int>.Over(new TransitionMap<int>()) : default;
        for (var i = 0; i < count; i++) slots.Set("t" + i + "__t0", i);
        var copy = slots.Copy();
        copy.Set("t0__t0", 100);
        copy.Set("extra__t0", 7);
        Assert.True(slots.TryGetValue("t0__t0", out var original) && original == 0);
        Assert.False(slots.TryGetValue("extra__t0", out _));
        Assert.Equal(count, slots.Count);
        Assert.Equal(count + 1, copy.Count);
    }

    [Fact]
    public void Over_EmptyMap_KeysGoToThatMap()
    {
        var map = new TransitionMap<int>();
        var slots = TransitionSlots<int>.Over(map);
        slots.Set("a__t0", 1);
        Assert.Equal([new KeyValuePair<string, int>("a__t0", 1)], map.ToList());
        Assert.Same(map, slots.Materialize());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(12)]
    public void StagedJoin_InboundSoFar_PublicMapAnswersAsTheSlots(int branches)
    {
        var yaml = new System.Text.StringBuilder("version: 1.0\ntasks:\n  start:\n    action: core.noop\n    next:\n      - do:\n");
        for (var i = 0; i < branches; i++) yaml.Append("          - b").Append(i).Append('\n');
        for (var i = 0; i < branches; i++) yaml.Append("  b").Append(i).Append(":\n    action: core.noop\n    next:\n      - do: join\n");
        yaml.Append("  join:\n    join: all\n    action: core.noop\n");
        var conductor = new WorkflowConductor(WorkflowSpec.Load(yaml.ToString()));
        conductor.RequestWorkflowStatus(Statuses.Running);
        ConductorDriver.Succeed(conductor, "start");
        for (var i = 0; i < branches - 1; i++) ConductorDriver.Succeed(conductor, "b" + i);

        var join = conductor.WorkflowState.GetStagedTask("join", 0)!;
        Assert.False(join.Ready);
        Assert.Equal(branches - 1, join.PrevSlots.Count);
        var document = conductor.SerializeToJson();
        var expected = Enumerable.Range(0, branches - 1).Select(i => new KeyValuePair<string, int>($"b{i}__t0", i + 1)).ToList();
        Assert.Equal(expected, join.Prev.ToList());
        Assert.Equal(document, conductor.SerializeToJson());

        // The last branch arrives through the slots, whether or not the public map was made first.
        ConductorDriver.Succeed(conductor, "b" + (branches - 1));
        Assert.True(conductor.WorkflowState.GetStagedTask("join", 0)!.Ready);
        ConductorDriver.Succeed(conductor, "join");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        var entry = conductor.WorkflowState.GetTask("join", 0)!;
        Assert.Equal(branches, entry.PrevEntries().Count);
        Assert.Equal($"b{branches - 1}__t0", entry.Prev.Keys.Last());
    }

    [Fact]
    public void Entry_PublicMapsAfterInlineUse_AnswerAsTheConductorAndSerializeTheSame()
    {
        // task1 has two transitions (succeeded to task2, failed to task3): both evaluated, both inline.
        var yaml = Scenarios.Get("remediation-then-fail").Scenario.Yaml;
        var conductor = new WorkflowConductor(WorkflowSpec.Load(yaml));
        conductor.RequestWorkflowStatus(Statuses.Running);
        ConductorDriver.Succeed(conductor, "task1");
        ConductorDriver.Succeed(conductor, "task2");
        var before = conductor.SerializeToJson();
        var values = conductor.Serialize();

        var task1 = conductor.WorkflowState.GetTask("task1", 0)!;
        var task2 = conductor.WorkflowState.GetTask("task2", 0)!;
        Assert.Equal([new("task2__t0", true), new("task3__t0", false)], task1.Next.ToList());
        Assert.Empty(task1.Prev);
        Assert.Equal([new KeyValuePair<string, int>("task1__t0", 0)], task2.Prev.ToList());
        Assert.Empty(task2.Next);

        // Reading the public maps makes them; the document does not change.
        Assert.Equal(before, conductor.SerializeToJson());
        Assert.Equal(values, conductor.Serialize());
        Assert.Equal(before, WorkflowConductor.DeserializeFromJson(before).SerializeToJson());
        Assert.Equal(values, WorkflowConductor.Deserialize(values).Serialize());

        // What is set through the public map is what the conductor reads.
        task2.Next["task9__t0"] = true;
        Assert.True(task2.TryGetNext("task9__t0", out var satisfied) && satisfied);
        Assert.Contains("\"task9__t0\":true", conductor.SerializeToJson(), StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, TValue>> Entries<TValue>(TransitionSlots<TValue> slots)
    {
        var list = new List<KeyValuePair<string, TValue>>();
        foreach (var entry in slots) list.Add(entry);
        return list;
    }
}
