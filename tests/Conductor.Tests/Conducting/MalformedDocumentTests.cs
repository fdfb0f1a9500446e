using System.Globalization;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>
/// A malformed conductor document gives <see cref="ConductorStateException"/> with a message
/// naming the problem; a document that is read goes on without raw .NET exceptions. Checked by
/// breaking golden documents at every place, in every way.
/// </summary>
public class MalformedDocumentTests
{
    private static readonly object?[] Replacements =
    [
        null, "x", "", -1L, 0L, 1L, 1_000_000L, 1.5, true, ListValue.Empty, DictValue.Empty,
        ListValue.Of("x"), ListValue.Of(-1L, 5L), DictValue.Empty.Set("x", 1L),
    ];

    private sealed record Mutation(string Path, string What, DictValue Document);

    // Every node of the document, each replaced by every value above, and every dict key removed.
    private static IEnumerable<Mutation> Mutations(DictValue document)
    {
        var pending = new Stack<(List<object> Path, object? Value)>();
        pending.Push(([], document));
        while (pending.Count > 0)
        {
            var (path, value) = pending.Pop();
            if (path.Count > 0)
            {
                foreach (var replacement in Replacements)
                {
                    if (Equals(replacement, value) && replacement?.GetType() == value?.GetType()) continue;
                    yield return new Mutation(Text(path), "= " + JsonValues.Serialize(replacement), (DictValue)SetAt(document, path, 0, replacement, remove: false)!);
                }

                if (path[^1] is string) yield return new Mutation(Text(path), "removed", (DictValue)SetAt(document, path, 0, null, remove: true)!);
            }

            if (value is DictValue dict)
            {
                foreach (var (key, item) in dict) pending.Push(([.. path, key], item));
            }
            else if (value is ListValue list)
            {
                for (var i = 0; i < list.Count; i++) pending.Push(([.. path, (long)i], list[i]));
            }
        }
    }

    private static object? SetAt(object? node, List<object> path, int depth, object? replacement, bool remove)
    {
        var key = path[depth];
        var last = depth == path.Count - 1;
        if (node is DictValue dict)
        {
            if (last) return remove ? dict.Remove(key) : dict.Set(key, replacement);
            return dict.Set(key, SetAt(dict[key], path, depth + 1, replacement, remove));
        }

        var list = (ListValue)node!;
        var index = (int)(long)key;
        if (last) return remove ? ListValue.From(list.Where((_, i) => i != index)) : list.SetItem(index, replacement);
        return list.SetItem(index, SetAt(list[index], path, depth + 1, replacement, remove));
    }

    private static string Text(List<object> path) =>
        string.Concat(path.Select(k => k is long i ? "[" + i.ToString(CultureInfo.InvariantCulture) + "]" : "." + k));

    // What a host does with a conductor it has just read.
    private static void Continue(WorkflowConductor conductor)
    {
        _ = conductor.WorkflowStatus;
        Document(conductor);
        foreach (var task in conductor.GetNextTasks())
        {
            foreach (var action in task.HasItems && task.Actions.Count > 0 ? task.Actions : [new TaskAction(null, null)])
            {
                ExecutionEvent running = action.ItemId is { } item ? new TaskItemActionExecutionEvent(item, Statuses.Running) : new ActionExecutionEvent(Statuses.Running);
                ExecutionEvent done = action.ItemId is { } id ? new TaskItemActionExecutionEvent(id, Statuses.Succeeded, "r", ListValue.Of("r")) : new ActionExecutionEvent(Statuses.Succeeded, "r");
                conductor.UpdateTaskState(task.Id, task.Route, running);
                conductor.UpdateTaskState(task.Id, task.Route, done);
            }
        }

        foreach (var entry in conductor.WorkflowState.Sequence.ToList())
        {
            if (entry.Status == Statuses.Running) conductor.UpdateTaskState(entry.Id, entry.Route, new ActionExecutionEvent(Statuses.Succeeded, "r"));
        }

        conductor.RenderWorkflowOutput();
        _ = conductor.GetWorkflowOutput();
        if (Statuses.Completed.Contains(conductor.WorkflowStatus)) conductor.RequestWorkflowRerun();
        Document(conductor);
    }

    public static TheoryData<string> GoldenNames() => GoldenTests.CaseNames();

    [Theory]
    [MemberData(nameof(GoldenNames))]
    public void Deserialize_EveryPlaceBrokenEveryWay_GivesConductorStateExceptionOrAWorkingConductor(string name)
    {
        var golden = GoldenTests.ReadGolden(name);
        var failures = new List<string>();
        var refused = 0;
        var total = 0;

        foreach (var mutation in Mutations(golden))
        {
            total++;
            WorkflowConductor conductor;
            try
            {
                conductor = WorkflowConductor.Deserialize(mutation.Document);
            }
            catch (ConductorStateException e)
            {
                refused++;
                if (!e.Message.StartsWith("The conductor document", StringComparison.Ordinal)) failures.Add($"{mutation.Path} {mutation.What}: unclear message: {e.Message}");
                continue;
            }
            catch (Exception e)
            {
                failures.Add($"{mutation.Path} {mutation.What}: Deserialize threw {e.GetType().Name}: {e.Message}");
                continue;
            }

            try
            {
                Continue(conductor);
            }
            catch (OrquestaException)
            {
                // A clear error for a document that reads but cannot go on is acceptable.
            }
            catch (Exception e)
            {
                failures.Add($"{mutation.Path} {mutation.What}: continuing threw {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {total} broken documents crashed:\n" + string.Join("\n", failures.Take(60)));
        Assert.True(refused > total / 4, $"Only {refused} of {total} broken documents were refused.");
    }

    // What reading a document gives: the document the conductor writes back, or the error.
    private static string Outcome(Func<WorkflowConductor> read)
    {
        try
        {
            return "read: " + Document(read());
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    [Theory]
    [MemberData(nameof(GoldenNames))]
    public void DeserializeFromJson_EveryPlaceBrokenEveryWay_AgreesWithDeserialize(string name)
    {
        var golden = GoldenTests.ReadGolden(name);
        var differences = new List<string>();
        var total = 0;

        foreach (var mutation in Mutations(golden))
        {
            total++;
            var expected = Outcome(() => WorkflowConductor.Deserialize(mutation.Document));
            var actual = Outcome(() => WorkflowConductor.DeserializeFromJson(JsonValues.Serialize(mutation.Document)));
            if (expected != actual) differences.Add($"{mutation.Path} {mutation.What}:\n  Deserialize:         {expected}\n  DeserializeFromJson: {actual}");
        }

        Assert.True(differences.Count == 0, $"{differences.Count} of {total} documents read differently:\n" + string.Join("\n", differences.Take(20)));
    }

    [Theory]
    [InlineData("", "The conductor document is not JSON: ")]
    [InlineData("{\"schema_version\": 1", "The conductor document is not JSON: ")]
    [InlineData("[]", "The conductor document is malformed: the document: expected a dict, found a list.")]
    [InlineData("{}", "The conductor document has no integer schema_version.")]
    public void DeserializeFromJson_NotAConductorDocument_ThrowsConductorStateException(string json, string message)
    {
        var e = Assert.Throws<ConductorStateException>(() => WorkflowConductor.DeserializeFromJson(json));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"conductor\"")]
    [InlineData("{}")]
    [InlineData("""{"schema_version": 1}""")]
    public void Deserialize_NotAConductorDocument_ThrowsConductorStateException(string json)
    {
        var value = JsonValues.Parse(json);

        var e = Assert.Throws<ConductorStateException>(() => WorkflowConductor.Deserialize(value as DictValue ?? DictValue.Empty.Set("schema_version", value)));

        Assert.StartsWith("The conductor document", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("state.status", "\"sleeping\"", "The conductor document is malformed: state.status: \"sleeping\" is not a status.")]
    [InlineData("state.sequence[0].id", "\"nope\"", "The conductor document is malformed: state.sequence[0].id: the task \"nope\" is not in the workflow.")]
    [InlineData("state.chains[0]", "[-1]", "The conductor document is malformed: state.chains[0]: a chain node is not [parent, index].")]
    [InlineData("state.sequence[1].prev", """{"init__t0": 9}""", "The conductor document is malformed: state.sequence[1].prev.init__t0: 9 is not an earlier entry of the sequence (0 to 0).")]
    [InlineData("state.sequence[0].route", "3", "The conductor document is malformed: state.sequence[0].route: 3 is not a route index (0 to 0).")]
    [InlineData("state.sequence[0].next", """{"left__t0": "yes"}""", "The conductor document is malformed: state.sequence[0].next.left__t0: expected true or false, found the string \"yes\".")]
    [InlineData("state.staged", """[{"id": "join", "route": 0, "in": 0, "prev": {}, "ready": false, "later": 1}]""", "The conductor document is malformed: state.staged[0]: the key \"later\" is not one this version writes.")]
    [InlineData("state.contexts[0]", """{"x": 1.5, "y": [1, {"z": []}]}""", null)]
    [InlineData("spec", "[]", "The conductor document is malformed: spec: expected a dict, found a list.")]
    [InlineData("input", "{\"x\": null}", null)]
    [InlineData("output", "[]", "The conductor document is malformed: output: expected a dict, found a list.")]
    public void Deserialize_BrokenPlace_NamesThePlaceAndTheProblem(string path, string json, string? message)
    {
        var golden = GoldenTests.ReadGolden("join-mid-run");
        var keys = path.Replace("[", ".[", StringComparison.Ordinal).Split('.').Select(k => k.StartsWith('[') ? (object)long.Parse(k.Trim('[', ']'), CultureInfo.InvariantCulture) : k).ToList();

        var document = (DictValue)SetAt(golden, keys, 0, JsonValues.Parse(json), remove: false)!;
        if (message is null)
        {
            // A change that keeps the document well formed is read.
            Assert.Equal(JsonValues.Serialize(document), Document(WorkflowConductor.Deserialize(document)));
            return;
        }

        var e = Assert.Throws<ConductorStateException>(() => WorkflowConductor.Deserialize(document));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void WorkflowStateSerializerDeserialize_MalformedState_NamesThePlaceWithoutTheConductorPrefix()
    {
        var state = (DictValue)GoldenTests.ReadGolden("paused")["state"]!;

        var e = Assert.Throws<ConductorStateException>(() => WorkflowStateSerializer.Deserialize(state.Set("status", 3L)));

        Assert.Equal("The workflow state document is malformed: status: expected a string, found the integer 3.", e.Message);
        Assert.Equal(JsonValues.Serialize(state), JsonValues.Serialize(WorkflowStateSerializer.Serialize(WorkflowStateSerializer.Deserialize(state))));
    }
}
