using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>
/// Long seeded sequences of calls, sensible and not, against the scenario workflows: every
/// failure is an Orquesta error, a refused event changes nothing, and the conductor can always be
/// written, read back and written again identically.
/// </summary>
public class EventFuzzTests
{
    // A small deterministic generator (xorshift), so that a failure can be replayed.
    private sealed class Dice(ulong seed)
    {
        private ulong _state = seed * 0x9E3779B97F4A7C15UL + 1;

        public int Next(int max)
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return (int)(_state % (ulong)max);
        }

        public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
    }

    private static readonly object?[] Results = [null, 1L, "x", 2.5, Dict("""{"code": 400, "items": [1, 2]}"""), ListValue.Of("a", "b")];

    public static TheoryData<string, int> Runs()
    {
        var data = new TheoryData<string, int>();
        foreach (var (scenario, _, _) in Scenarios.All)
        {
            for (var seed = 1; seed <= 3; seed++) data.Add(scenario.Name, seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void UpdateTaskState_AnySequenceOfCalls_FailsOnlyWithOrquestaErrorsAndAlwaysRoundTrips(string scenarioName, int seed)
    {
        var scenario = Scenarios.Get(scenarioName).Scenario;
        var conductor = new WorkflowConductor(Orquesta.Azure.Conductor.Specs.WorkflowSpec.Load(scenario.Yaml), scenario.Inputs is null ? null : Dict(scenario.Inputs));
        var dice = new Dice((ulong)seed);
        var tasks = conductor.Graph.TaskIds.Append("nope").ToList();
        var problems = new List<string>();

        for (var step = 0; step < 400 && problems.Count == 0; step++)
        {
            var roll = dice.Next(100);
            string what;
            Action call;
            var mustNotChangeOnError = true;
            if (roll < 45)
            {
                // Mostly the tasks the conductor asks for, sometimes any task.
                var next = conductor.GetNextTasks();
                var (task, route) = next.Count > 0 && dice.Next(4) > 0 ? (dice.Pick(next).Id, dice.Pick(next).Route) : (dice.Pick(tasks), dice.Next(3));
                var status = dice.Next(3) == 0 ? dice.Pick(Statuses.All) : dice.Pick([Statuses.Running, Statuses.Succeeded, Statuses.Failed]);
                var result = dice.Pick(Results);
                what = $"UpdateTaskState({task}, {route}, {status}, {JsonValues.Serialize(result)})";
                call = () => conductor.UpdateTaskState(task, route, new ActionExecutionEvent(status, result));
            }
            else if (roll < 70)
            {
                var next = conductor.GetNextTasks().Where(t => t.HasItems).ToList();
                var task = next.Count > 0 ? next[0].Id : dice.Pick(tasks);
                var item = next.Count > 0 && next[0].Actions.Count > 0 && dice.Next(4) > 0 ? dice.Pick(next[0].Actions).ItemId!.Value : dice.Next(8) - 1;
                var status = dice.Next(3) == 0 ? dice.Pick(Statuses.All) : dice.Pick([Statuses.Running, Statuses.Succeeded, Statuses.Failed]);
                var result = dice.Pick(Results);
                what = $"item {task}.{item} {status}";
                call = () => conductor.UpdateTaskState(task, 0, new TaskItemActionExecutionEvent(item, status, result, ListValue.Of(result)));
            }
            else if (roll < 78)
            {
                var status = dice.Pick(Statuses.All);
                what = $"RequestWorkflowStatus({status})";
                call = () => conductor.RequestWorkflowStatus(status);
                // The reference pushes the request to the active tasks before the workflow
                // refuses it; that part stays.
                mustNotChangeOnError = false;
            }
            else if (roll < 84)
            {
                var task = dice.Pick(tasks);
                var requests = dice.Next(2) == 0 ? null : new[] { new TaskRerunRequest(task, dice.Next(2), dice.Next(2) == 0) };
                what = $"RequestWorkflowRerun({task})";
                call = () => conductor.RequestWorkflowRerun(requests);
            }
            else if (roll < 88)
            {
                var command = dice.Pick(EngineOperationEvent.CommandNames);
                var task = dice.Pick(tasks);
                EngineOperationEvent.TryGetCommand(command, out var engineEvent);
                what = $"UpdateTaskState({task}, {command} command)";
                call = () => conductor.UpdateTaskState(task, 0, engineEvent!);
            }
            else if (roll < 94)
            {
                what = "RenderWorkflowOutput";
                call = conductor.RenderWorkflowOutput;
            }
            else
            {
                what = "GetNextTasks";
                call = () => conductor.GetNextTasks();
            }

            // Taken after the call is chosen: choosing asks for the next tasks, which may stage items.
            var before = Document(conductor);
            try
            {
                call();
            }
            catch (OrquestaException e)
            {
                if (mustNotChangeOnError && Document(conductor) != before) problems.Add($"step {step}: {what} threw {e.ErrorType} ({e.Message}) after changing the state");
            }
            catch (Exception e)
            {
                problems.Add($"step {step}: {what} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                break;
            }

            try
            {
                var document = Document(conductor);
                var copy = WorkflowConductor.Deserialize(Dict(document));
                if (Document(copy) != document) problems.Add($"step {step}: after {what} the document does not round-trip");
                // Go on with the copy, as a host that persists the conductor would.
                conductor = copy;
            }
            catch (Exception e)
            {
                problems.Add($"step {step}: after {what} the document could not be written or read: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
