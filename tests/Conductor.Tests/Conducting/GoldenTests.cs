using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Machines;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>
/// The persisted conductor document is a public contract (<c>schema_version</c>): finished and
/// mid-run conductors are kept as golden files under <c>tests/Conductor.Tests/Golden</c>. The
/// current code must write exactly those documents, and must read them and carry on. A change of
/// shape fails here; it needs a new schema version and new golden files (set
/// ORQUESTA_UPDATE_GOLDEN=1 to rewrite them, then review the diff: the run still fails).
/// </summary>
public class GoldenTests
{
    private const string UpdateVariable = "ORQUESTA_UPDATE_GOLDEN";

    private sealed record GoldenCase(string Name, Func<WorkflowConductor> Build, Action<WorkflowConductor> Finish);

    private const string SequentialYaml = """
        version: 1.0
        input:
          - name
        vars:
          - greeting: hello
        tasks:
          task1:
            action: core.echo message="<% ctx(greeting) %>, <% ctx(name) %>"
            next:
              - when: <% succeeded() %>
                publish:
                  - said: <% result() %>
                do: task2
          task2:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish: done=true
        output:
          - said: <% ctx(said) %>
          - done: <% ctx(done) %>
        """;

    private const string JoinYaml = """
        version: 1.0
        tasks:
          init:
            action: core.noop
            next:
              - do: left, right
          left:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish:
                  - l: <% result() %>
                do: join
          right:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish:
                  - r: <% result() %>
                do: join
          join:
            join: all
            action: core.echo message="<% ctx(l) %> <% ctx(r) %>"
        output:
          - both: <% ctx(l) + ctx(r) %>
        """;

    private const string ItemsYaml = """
        version: 1.0
        vars:
          - xs: [a, b, c, d, e]
        tasks:
          task1:
            with:
              items: <% ctx(xs) %>
              concurrency: 2
            action: core.echo message=<% item() %>
            next:
              - when: <% succeeded() %>
                publish: ys=<% result() %>
        output:
          - ys: <% ctx(ys) %>
        """;

    private const string RetryYaml = """
        version: 1.0
        tasks:
          task1:
            action: core.http url="https://example.com"
            retry:
              when: <% failed() %>
              count: 3
              delay: 2
            next:
              - when: <% succeeded() %>
                publish: code=<% result().code %>
              - when: <% failed() %>
                do: fail
        output:
          - code: <% ctx(code) %>
        """;

    private const string FailingYaml = """
        version: 1.0
        vars:
          - b: null
        tasks:
          task1:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish: a=1
                do: task2
          task2:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish: b=2
        output:
          - a: <% ctx(a) %>
          - b: <% ctx(b) %>
        """;

    private static readonly GoldenCase[] Cases =
    [
        new("sequential-succeeded",
            () =>
            {
                var c = Start(SequentialYaml, Dict("""{"name": "Stanley"}"""));
                Succeed(c, "task1", "hello, Stanley");
                Succeed(c, "task2");
                c.RenderWorkflowOutput();
                return c;
            },
            c =>
            {
                Assert.Equal(Statuses.Succeeded, c.WorkflowStatus);
                Assert.Equal(Dict("""{"said": "hello, Stanley", "done": true}"""), c.GetWorkflowOutput());
                c.RequestWorkflowRerun([new TaskRerunRequest("task2")]);
                Assert.Equal(["task2"], NextIds(c));
                Succeed(c, "task2");
                c.RenderWorkflowOutput();
                Assert.Equal(Statuses.Succeeded, c.WorkflowStatus);
                Assert.Equal(["task1", "task2", "continue", "task2", "continue"], Sequence(c));
            }),

        new("join-mid-run",
            () =>
            {
                var c = Start(JoinYaml);
                Succeed(c, "init");
                Forward(c, "right", Statuses.Running);
                Succeed(c, "left", "L");
                return c;
            },
            c =>
            {
                Assert.Equal(Statuses.Running, c.WorkflowStatus);
                Assert.Empty(c.GetNextTasks());
                Forward(c, "right", 0, "R", Statuses.Succeeded);
                var join = Assert.Single(c.GetNextTasks());
                Assert.Equal(Dict("""{"message": "L R"}"""), join.Actions[0].Input);
                Succeed(c, "join");
                c.RenderWorkflowOutput();
                Assert.Equal(Statuses.Succeeded, c.WorkflowStatus);
                Assert.Equal(Dict("""{"both": "LR"}"""), c.GetWorkflowOutput());
            }),

        new("with-items-mid-run",
            () =>
            {
                var c = Start(ItemsYaml);
                Assert.Equal(2, Assert.Single(c.GetNextTasks()).Actions.Count);
                ForwardItem(c, "task1", 0, null, null, Statuses.Running);
                ForwardItem(c, "task1", 1, null, null, Statuses.Running);
                ForwardItem(c, "task1", 0, "A", Json("""["A", null, null, null, null]"""), Statuses.Succeeded);
                Assert.Equal(2, Assert.Single(c.GetNextTasks()).Actions[0].ItemId);
                ForwardItem(c, "task1", 2, null, null, Statuses.Running);
                return c;
            },
            c =>
            {
                Assert.Empty(c.GetNextTasks());
                ForwardItem(c, "task1", 1, "B", Json("""["A", "B", null, null, null]"""), Statuses.Succeeded);
                Assert.Equal(3, Assert.Single(c.GetNextTasks()).Actions.Single().ItemId);
                ForwardItem(c, "task1", 3, null, null, Statuses.Running);
                ForwardItem(c, "task1", 2, "C", Json("""["A", "B", "C", null, null]"""), Statuses.Succeeded);
                ForwardItem(c, "task1", 4, null, null, Statuses.Running);
                ForwardItem(c, "task1", 3, "D", Json("""["A", "B", "C", "D", null]"""), Statuses.Succeeded);
                ForwardItem(c, "task1", 4, "E", Json("""["A", "B", "C", "D", "E"]"""), Statuses.Succeeded);
                c.RenderWorkflowOutput();
                Assert.Equal(Statuses.Succeeded, c.WorkflowStatus);
                Assert.Equal(Dict("""{"ys": ["A", "B", "C", "D", "E"]}"""), c.GetWorkflowOutput());
            }),

        new("retry-mid-run",
            () =>
            {
                var c = Start(RetryYaml);
                Fail(c, "task1", Dict("""{"code": 503}"""));
                return c;
            },
            c =>
            {
                var entry = c.WorkflowState.GetTask("task1", 0)!;
                Assert.Equal(Statuses.Retrying, entry.Status);
                Assert.Equal(1L, entry.Retry!.Tally);
                var retry = Assert.Single(c.GetNextTasks());
                Assert.Equal(2L, retry.Delay);
                Fail(c, "task1", Dict("""{"code": 502}"""));
                Succeed(c, "task1", Dict("""{"code": 200}"""));
                c.RenderWorkflowOutput();
                Assert.Equal(Statuses.Succeeded, c.WorkflowStatus);
                Assert.Equal(Dict("""{"code": 200}"""), c.GetWorkflowOutput());
                Assert.Equal(2L, c.WorkflowState.GetTask("task1", 0)!.Retry!.Tally);
            }),

        new("failed-with-errors",
            () =>
            {
                var c = Start(FailingYaml);
                Succeed(c, "task1");
                Fail(c, "task2", Dict("""{"stderr": "boom", "exit": 1, "ratio": 0.5}"""));
                c.RenderWorkflowOutput();
                return c;
            },
            c =>
            {
                Assert.Equal(Statuses.Failed, c.WorkflowStatus);
                Assert.Equal("boom", ((DictValue)Assert.Single(c.Errors)["result"]!)["stderr"]);
                c.RequestWorkflowRerun();
                Assert.Equal(["task2"], NextIds(c));
                Succeed(c, "task2");
                c.RenderWorkflowOutput();
                Assert.Equal(Statuses.Succeeded, c.WorkflowStatus);
                Assert.Empty(c.Errors);
                Assert.Equal(Dict("""{"a": 1, "b": 2}"""), c.GetWorkflowOutput());
            }),

        new("paused",
            () =>
            {
                var c = Start(FailingYaml);
                Forward(c, "task1", Statuses.Running);
                c.RequestWorkflowStatus(Statuses.Pausing);
                Forward(c, "task1", Statuses.Succeeded);
                return c;
            },
            c =>
            {
                Assert.Equal(Statuses.Paused, c.WorkflowStatus);
                Assert.Empty(c.GetNextTasks());
                c.RequestWorkflowStatus(Statuses.Resuming);
                Assert.Equal(["task2"], NextIds(c));
                Succeed(c, "task2");
                c.RenderWorkflowOutput();
                Assert.Equal(Statuses.Succeeded, c.WorkflowStatus);
                Assert.Equal(Dict("""{"a": 1, "b": 2}"""), c.GetWorkflowOutput());
            }),
    ];

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.Name);
        return data;
    }

    private static GoldenCase Case(string name) => Cases.Single(c => c.Name == name);

    internal static string GoldenDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Orquesta.Azure.sln"))) return Path.Combine(dir.FullName, "tests", "Conductor.Tests", "Golden");
            }

            throw new InvalidOperationException("The repository root (Orquesta.Azure.sln) was not found above " + AppContext.BaseDirectory);
        }
    }

    private static string GoldenPath(string name) => Path.Combine(GoldenDirectory, name + ".json");

    /// <summary>The compact document re-indented: two spaces, LF, a final newline; strings and numbers as written.</summary>
    internal static string Pretty(string compactJson)
    {
        using var document = JsonDocument.Parse(compactJson, new JsonDocumentOptions { MaxDepth = 1024 });
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 1024 }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>A golden document as the conductor reads it.</summary>
    internal static DictValue ReadGolden(string name) => Dict(File.ReadAllText(GoldenPath(name)));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Serialize_GoldenCase_WritesExactlyTheGoldenDocument(string name)
    {
        var document = Document(Case(name).Build());
        var path = GoldenPath(name);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(GoldenDirectory);
            File.WriteAllText(path, Pretty(document));
            Assert.Fail($"{path} rewritten because {UpdateVariable}=1; review the change, then run again without it.");
        }

        Assert.True(File.Exists(path), $"The golden file {path} is missing.");
        var golden = File.ReadAllText(path);
        Assert.Equal(golden, Pretty(document));
        // The same, independent of the layout: the compact form of the golden document.
        Assert.Equal(JsonValues.Serialize(JsonValues.Parse(golden)), document);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SerializeToJson_GoldenCase_WritesExactlyTheCompactGoldenDocument(string name)
    {
        var conductor = Case(name).Build();
        var golden = JsonValues.Serialize(JsonValues.Parse(File.ReadAllText(GoldenPath(name))));

        var json = conductor.SerializeToJson();
        var buffer = new ArrayBufferWriter<byte>();
        conductor.SerializeToUtf8(buffer);
        using var stream = new MemoryStream();
        conductor.SerializeToUtf8(stream);

        Assert.Equal(golden, json);
        Assert.Equal(golden, Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal(golden, Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void DeserializeFromJson_GoldenText_ContinuesToTheExpectedEnd(string name)
    {
        var text = File.ReadAllText(GoldenPath(name));
        var fromPretty = WorkflowConductor.DeserializeFromJson(text);
        var fromCompact = WorkflowConductor.DeserializeFromUtf8(Encoding.UTF8.GetBytes(JsonValues.Serialize(JsonValues.Parse(text))));
        var live = Case(name).Build();

        Assert.Equal(Document(live), Document(fromPretty));
        Assert.Equal(Document(live), Document(fromCompact));
        Case(name).Finish(fromPretty);
        Case(name).Finish(fromCompact);
        Case(name).Finish(live);

        Assert.Equal(Document(live), Document(fromPretty));
        Assert.Equal(Document(live), Document(fromCompact));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Deserialize_GoldenDocument_ContinuesToTheExpectedEnd(string name)
    {
        var fromGolden = WorkflowConductor.Deserialize(ReadGolden(name));
        var live = Case(name).Build();

        Case(name).Finish(fromGolden);
        Case(name).Finish(live);

        Assert.Equal(Document(live), Document(fromGolden));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Deserialize_GoldenDocument_HasTheCurrentSchemaVersionAndTheDocumentedShape(string name)
    {
        var golden = ReadGolden(name);

        Assert.Equal(1L, golden["schema_version"]);
        Assert.Equal(WorkflowConductor.SchemaVersion, golden["schema_version"]);
        Assert.Equal(["schema_version", "spec", "spec_digest", "input", "context", "state", "log", "errors", "output"], golden.Keys);
        Assert.Equal(["status", "contexts", "routes", "chains", "sequence", "staged", "reruns"], ((DictValue)golden["state"]!).Keys);
    }

    [Fact]
    public void GoldenDirectory_Listing_HoldsExactlyTheGoldenCases()
    {
        var files = Directory.EnumerateFiles(GoldenDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(Cases.Select(c => c.Name).Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void Pretty_OfACompactDocument_ReadsBackAsTheSameValue()
    {
        var document = Document(Case("failed-with-errors").Build());

        var pretty = Pretty(document);

        Assert.Contains("\n  \"schema_version\": 1,\n", pretty, StringComparison.Ordinal);
        Assert.Equal(document, JsonValues.Serialize(JsonValues.Parse(pretty)));
    }

    [Theory]
    [InlineData("2", "The conductor document has schema_version 2; this version reads 1.")]
    [InlineData("0", "The conductor document has schema_version 0; this version reads 1.")]
    [InlineData("-1", "The conductor document has schema_version -1; this version reads 1.")]
    [InlineData("\"1\"", "The conductor document has no integer schema_version.")]
    [InlineData("1.0", "The conductor document has no integer schema_version.")]
    [InlineData("null", "The conductor document has no integer schema_version.")]
    public void Deserialize_UnknownSchemaVersion_ThrowsConductorStateException(string version, string message)
    {
        var document = ReadGolden("join-mid-run").Set("schema_version", JsonValues.Parse(version));

        var e = Assert.Throws<ConductorStateException>(() => WorkflowConductor.Deserialize(document));

        Assert.Equal(message, e.Message);
        Assert.Equal("ConductorStateException", e.ErrorType);
    }

    [Fact]
    public void Deserialize_NoSchemaVersion_ThrowsConductorStateException()
    {
        var document = ReadGolden("join-mid-run").Remove("schema_version");

        var e = Assert.Throws<ConductorStateException>(() => WorkflowConductor.Deserialize(document));

        Assert.Equal("The conductor document has no integer schema_version.", e.Message);
    }

    [Fact]
    public void Deserialize_GoldenDocumentWithAnUnknownExtraKey_IsRefused()
    {
        // The shape is closed: a key this version does not know means a document of another shape.
        var document = ReadGolden("join-mid-run").Set("extension", true);

        var e = Assert.Throws<ConductorStateException>(() => WorkflowConductor.Deserialize(document));

        Assert.Contains("\"extension\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_EventAfterLoadingAGoldenDocument_GoesOnWithTheSameTaskState()
    {
        var conductor = WorkflowConductor.Deserialize(ReadGolden("join-mid-run"));

        var entry = conductor.UpdateTaskState("right", 0, new ActionExecutionEvent(Statuses.Succeeded, "R"));

        Assert.Equal(Statuses.Succeeded, entry.Status);
        Assert.Equal(["init", "right", "left"], Sequence(conductor));
    }
}
