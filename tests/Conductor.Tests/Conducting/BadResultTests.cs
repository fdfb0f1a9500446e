using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.BadInput;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>
/// Values from outside (action results, input, parent context) that are not workflow values, or
/// are nested too deeply, are refused with a clear error before they reach the state; large
/// values work.
/// </summary>
public class BadResultTests
{
    public static TheoryData<string, object> NotWorkflowValues() => new()
    {
        { "result is a System.Object, which is not a workflow value", new object() },
        { "result is a System.Int32, which is not a workflow value", 5 },
        { "result is a System.Decimal, which is not a workflow value", 1.5m },
        { "result is a System.Single, which is not a workflow value", 1.5f },
        { "result is a System.String[], which is not a workflow value", new[] { "a" } },
        { "result is a System.Collections.Generic.Dictionary`2[System.String,System.Object], which is not a workflow value", new Dictionary<string, object>() },
        { "result['when'] is a System.DateTimeOffset, which is not a workflow value", DictValue.Empty.Set("when", DateTimeOffset.UnixEpoch) },
        { "result[1]['a'][0] is a System.Guid, which is not a workflow value", ListValue.Of(1L, DictValue.Empty.Set("a", ListValue.Of(Guid.Empty))) },
        { "result is the float nan, which has no JSON form", double.NaN },
        { "result['x'] is the float inf, which has no JSON form", DictValue.Empty.Set("x", double.PositiveInfinity) },
        { "result[0] is the float -inf, which has no JSON form", ListValue.Of(double.NegativeInfinity) },
        { "result has the key 3 of type System.Int64; keys must be strings", DictValue.Empty.Set(3L, "x") },
        { "result is a string with a lone surrogate, which has no UTF-8 form", "a\uD800b" },
        { "result has a key with a lone surrogate, which has no UTF-8 form", DictValue.Empty.Set("\uDC00", 1L) },
    };

    [Theory]
    [MemberData(nameof(NotWorkflowValues))]
    public void UpdateTaskState_ResultNotAWorkflowValue_ThrowsInvalidWorkflowValueNamingTheTask(string problem, object result)
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);

        var e = AssertRefusedWithoutChange<InvalidWorkflowValue>(conductor, () => Forward(conductor, "task1", 0, result, Statuses.Succeeded));

        Assert.StartsWith($"The result of task \"task1\" (route 0) is refused: {problem}", e.Message, StringComparison.Ordinal);
        Assert.Equal("task1", e.TaskId);
        Assert.Equal(0, e.Route);
        FinishSequential(conductor, "fine");
    }

    [Fact]
    public void UpdateTaskState_FailedWithAResultThatIsNotAWorkflowValue_IsRefusedBeforeItIsLogged()
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);

        AssertRefusedWithoutChange<InvalidWorkflowValue>(conductor, () => Forward(conductor, "task1", 0, new object(), Statuses.Failed));

        Assert.Empty(conductor.Errors);
        FinishSequential(conductor, "fine");
    }

    [Fact]
    public void UpdateTaskState_AccumulatedResultNotAWorkflowValue_ThrowsInvalidWorkflowValue()
    {
        var conductor = Start(Items);
        Assert.Single(conductor.GetNextTasks());
        ForwardItem(conductor, "task1", 0, null, null, Statuses.Running);

        var e = AssertRefusedWithoutChange<InvalidWorkflowValue>(conductor, () => ForwardItem(conductor, "task1", 0, 1L, new List<object> { 1L }, Statuses.Succeeded));

        Assert.StartsWith("The accumulated result of task \"task1\" (route 0) is refused: accumulated_result is a System.Collections.Generic.List`1[System.Object]", e.Message, StringComparison.Ordinal);
    }

    private static object Nested(int depth, bool dicts)
    {
        object value = "leaf";
        for (var i = 0; i < depth; i++) value = dicts ? DictValue.Empty.Set("k", value) : ListValue.Of(value);
        return value;
    }

    [Theory]
    [InlineData(10_000, false)]
    [InlineData(10_000, true)]
    [InlineData(100_000, false)]
    [InlineData(201, true)]
    public void UpdateTaskState_ResultNestedTooDeeply_IsRefusedWithoutStackOverflow(int depth, bool dicts)
    {
        var conductor = Start(Sequential);
        Forward(conductor, "task1", Statuses.Running);
        var result = Nested(depth, dicts);

        var e = AssertRefusedWithoutChange<InvalidWorkflowValue>(conductor, () => Forward(conductor, "task1", 0, result, Statuses.Failed));

        Assert.Equal("The result of task \"task1\" (route 0) is refused: result is nested deeper than 200 levels of lists and dicts.", e.Message);
        FinishSequential(conductor, "fine");
    }

    [Fact]
    public void UpdateTaskState_ResultAtTheDepthLimit_IsKeptPersistedAndReadBack()
    {
        var conductor = Start(Sequential);
        var result = Nested(200, dicts: true);

        FinishSequential(conductor, result);
    }

    [Fact]
    public void Constructor_InputNestedTooDeeply_ThrowsInvalidWorkflowValue()
    {
        var spec = WorkflowSpec.Load("""
            version: 1.0
            input:
              - x
            tasks:
              task1:
                action: core.noop
            """);

        var e = Assert.Throws<InvalidWorkflowValue>(() => new WorkflowConductor(spec, DictValue.Empty.Set("x", Nested(10_000, dicts: false))));

        Assert.Equal("The workflow input is refused: input is nested deeper than 200 levels of lists and dicts.", e.Message);
    }

    [Fact]
    public void Constructor_InputOrContextNotAWorkflowValue_ThrowsInvalidWorkflowValue()
    {
        var spec = WorkflowSpec.Load("""
            version: 1.0
            input:
              - x
            tasks:
              task1:
                action: core.noop
            """);

        var input = Assert.Throws<InvalidWorkflowValue>(() => new WorkflowConductor(spec, DictValue.Empty.Set("x", new object())));
        var context = Assert.Throws<InvalidWorkflowValue>(() => new WorkflowConductor(spec, context: DictValue.Empty.Set("p", ListValue.Of(7))));

        Assert.Equal("The workflow input is refused: input['x'] is a System.Object, which is not a workflow value (null, bool, long, double, string, ListValue or DictValue).", input.Message);
        Assert.StartsWith("The parent context is refused: context['p'][0] is a System.Int32", context.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateTaskState_TenMegabyteStringResult_IsPublishedPersistedAndReadBack()
    {
        var conductor = Start(Sequential);
        var big = new string('x', 10 * 1024 * 1024);

        FinishSequential(conductor, big);

        Assert.Equal(big, conductor.GetWorkflowOutput()!["r"]);
        Assert.True(Document(conductor).Length > 2 * big.Length);
    }

    [Fact]
    public void UpdateTaskState_LargeListResult_IsAccepted()
    {
        var conductor = Start(Sequential);
        var big = ListValue.From(Enumerable.Range(0, 200_000).Select(i => (object?)DictValue.Empty.Set("i", (long)i).Set("s", "v" + i)));

        FinishSequential(conductor, big);
    }

    [Fact]
    public void Serialize_ExpressionPublishedAnInfiniteFloat_GivesAClearErrorWhenWrittenAsJson()
    {
        // Expressions can make floats JSON has no form for; the conductor keeps them, and writing
        // the document names the problem (the reference's Python json writes a non-standard
        // Infinity token instead).
        var conductor = Start("""
            version: 1.0
            vars:
              - x: <% float('inf') %>
            tasks:
              task1:
                action: core.noop
            """);

        var e = Assert.Throws<ArgumentException>(() => Document(conductor));

        Assert.StartsWith("The float inf has no JSON form.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogEntry_ResultOrDataNotAWorkflowValue_ThrowsInvalidWorkflowValue()
    {
        var conductor = Start(Sequential);

        var result = AssertRefusedWithoutChange<InvalidWorkflowValue>(conductor, () => conductor.LogEntry("error", "boom", "task1", result: new object()));
        var data = AssertRefusedWithoutChange<InvalidWorkflowValue>(conductor, () => conductor.LogEntry("info", "note", data: DictValue.Empty.Set("at", DateTimeOffset.UnixEpoch)));

        Assert.Equal("The log entry is refused: result is a System.Object, which is not a workflow value (null, bool, long, double, string, ListValue or DictValue).", result.Message);
        Assert.StartsWith("The log entry is refused: data['at'] is a System.DateTimeOffset", data.Message, StringComparison.Ordinal);
        conductor.LogEntry("info", "note", data: Dict("""{"x": [1, 2.5, "y"]}"""));
        Assert.Equal(Dict("""{"type": "info", "message": "note", "data": {"x": [1, 2.5, "y"]}}"""), Assert.Single(conductor.Log));
        FinishSequential(conductor, 1L);
    }
}
