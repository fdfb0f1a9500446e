namespace Orquesta.Azure.Cli.Tests;

public class YamlLineMapTests
{
    private const string Text = """
        version: 1.0
        vars:
          - a: 1
          - b: &shared
              deep: x
        tasks:
          task1:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish: x=1 y=2
                do: task2
              - {when: "<% failed() %>", do: fail}
          task2:
            input: *shared
          task2:
            action: core.noop
        """;

    private static YamlPosition? Find(string? path) => YamlLineMap.TryBuild(Text)!.Find(path);

    [Theory]
    [InlineData("tasks", 6, 1)]
    [InlineData("vars[1]", 4, 5)]
    [InlineData("tasks.task1.next[0].do", 12, 9)]
    [InlineData("tasks.task1.next[1].do", 13, 34)]
    [InlineData("tasks.task1.next[0].publish[1]", 11, 9)]
    [InlineData("tasks.task1.unknown.key", 7, 3)]
    public void Find_SpecPath_ReturnsWhereItIsWritten(string path, long line, long column) =>
        Assert.Equal(new YamlPosition(line, column), Find(path));

    [Fact]
    public void Find_RepeatedKey_UsesTheLastOneAsTheLoaderDoes() =>
        Assert.Equal(new YamlPosition(17, 5), Find("tasks.task2.action"));

    [Fact]
    public void Find_NoPathOrUnknownRoot_ReturnsNull()
    {
        Assert.Null(Find(null));
        Assert.Null(Find("output[0]"));
    }

    [Fact]
    public void TryBuild_InvalidYaml_ReturnsNull() => Assert.Null(YamlLineMap.TryBuild("a: [1,\n"));
}
