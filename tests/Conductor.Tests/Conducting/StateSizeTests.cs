using System.Globalization;
using System.Text;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>
/// The persisted document grows with the work done, not with its square: each published context
/// is written once and task entries refer to shared context chains (the reference writes every
/// task's whole list of context indexes, which grows quadratically along a sequence).
/// </summary>
public class StateSizeTests
{
    private static string SequenceYaml(int tasks)
    {
        var yaml = new StringBuilder("version: 1.0\nvars:\n  - count: 0\ntasks:\n");
        for (var i = 0; i < tasks; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  t{i}:\n    action: core.echo message=<% ctx(count) %>\n");
            if (i + 1 < tasks)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    next:\n      - when: <% succeeded() %>\n        publish:\n          - count: <% ctx(count) + 1 %>\n          - last: <% result() %>\n        do: t{i + 1}\n");
            }
        }

        yaml.Append("output:\n  - count: <% ctx(count) %>\n");
        return yaml.ToString();
    }

    private static (int Size, int DocumentOnlySize) RunSequence(int tasks)
    {
        var yaml = SequenceYaml(tasks);
        var conductor = Start(yaml);
        for (var i = 0; i < tasks; i++)
        {
            var next = Assert.Single(conductor.GetNextTasks());
            Assert.Equal("t" + i.ToString(CultureInfo.InvariantCulture), next.Id);
            Succeed(conductor, next.Id, "r" + i.ToString(CultureInfo.InvariantCulture));
        }

        conductor.RenderWorkflowOutput();
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal((long)tasks - 1, conductor.GetWorkflowOutput()!["count"]);
        var document = Document(conductor);
        var spec = JsonValues.Serialize(conductor.Serialize()["spec"]);
        return (document.Length, document.Length - spec.Length);
    }

    [Fact]
    public void Serialize_SequenceOf2000Tasks_IsAtMostAboutTwiceTheSizeOf1000()
    {
        var (thousand, thousandState) = RunSequence(1000);
        var (twoThousand, twoThousandState) = RunSequence(2000);

        var ratio = (double)twoThousand / thousand;
        var stateRatio = (double)twoThousandState / thousandState;
        Assert.True(ratio <= 2.2, $"The document of 2,000 tasks is {ratio:F2} times the size of 1,000 ({twoThousand} and {thousand} characters).");
        Assert.True(stateRatio <= 2.2, $"Without the definition, the document of 2,000 tasks is {stateRatio:F2} times the size of 1,000 ({twoThousandState} and {thousandState} characters).");
        Assert.True(ratio >= 1.8, $"The document should grow with the work: ratio {ratio:F2}.");
    }

    [Fact]
    public void Serialize_WithItemsOf2000Items_IsAtMostAboutTwiceTheSizeOf1000()
    {
        static int Size(int items)
        {
            var conductor = Start($$"""
                version: 1.0
                vars:
                  - xs: <% range({{items}}) %>
                tasks:
                  task1:
                    with:
                      items: <% ctx(xs) %>
                      concurrency: 100
                    action: core.echo message=<% item() %>
                """);
            var results = new object?[items];
            while (conductor.GetNextTasks() is [var next])
            {
                foreach (var action in next.Actions)
                {
                    var id = action.ItemId!.Value;
                    results[id] = (long)id;
                    ForwardItem(conductor, "task1", id, (long)id, ListValue.From(results), Statuses.Running, Statuses.Succeeded);
                }
            }

            Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
            return Document(conductor).Length;
        }

        var ratio = (double)Size(2000) / Size(1000);

        Assert.True(ratio <= 2.2, $"The with-items document of 2,000 items is {ratio:F2} times the size of 1,000.");
    }
}
