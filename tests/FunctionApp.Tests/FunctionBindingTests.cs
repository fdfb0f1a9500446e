using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Orquesta.Azure.Engine.Api;
using Orquesta.Azure.Engine.Durable;

namespace Orquesta.Azure.FunctionApp.Tests;

/// <summary>
/// The triggers, read by reflection as the Worker SDK reads them to write functions.metadata: one
/// HTTP function per API route, durable functions under their contract names and types.
/// </summary>
public sealed class FunctionBindingTests
{
    private static readonly Assembly App = typeof(ApiFunctions).Assembly;

    private static IEnumerable<(MethodInfo Method, string Name)> Functions() =>
        from type in App.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        select (method, function.Name);

    private static T? Trigger<T>(MethodInfo method) where T : Attribute =>
        method.GetParameters().Select(p => p.GetCustomAttribute<T>()).SingleOrDefault(a => a is not null);

    [Fact]
    public void HttpFunctions_EveryRoute_ExactlyOneFunctionWithSameMethodTemplateAndFunctionKeys()
    {
        var http = Functions().Where(f => Trigger<HttpTriggerAttribute>(f.Method) is not null).ToList();
        Assert.Equal(OrquestaApi.Routes.Count, http.Count);
        foreach (var route in OrquestaApi.Routes)
        {
            var (method, _) = Assert.Single(http, f => f.Name == route.Operation);
            var trigger = Trigger<HttpTriggerAttribute>(method)!;
            Assert.Equal(route.Template, trigger.Route);
            Assert.Equal([route.Method], trigger.Methods!.Select(m => m.ToUpperInvariant()));
            Assert.Equal(AuthorizationLevel.Function, trigger.AuthLevel);
            Assert.Single(method.GetParameters(), p => p.GetCustomAttribute<DurableClientAttribute>() is not null);
        }
    }

    [Fact]
    public void HttpFunctions_RouteParameters_AreMethodParameters()
    {
        foreach (var (method, _) in Functions().Where(f => Trigger<HttpTriggerAttribute>(f.Method) is not null))
        {
            var template = Trigger<HttpTriggerAttribute>(method)!.Route!;
            var names = template.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')).ToList();
            var strings = method.GetParameters().Where(p => p.ParameterType == typeof(string)).Select(p => p.Name!).ToList();
            Assert.Equal(names, strings);
        }
    }

    [Fact]
    public void Orchestrator_Function_NamedAfterContractWithEngineTypes()
    {
        var (method, _) = Assert.Single(Functions(), f => Trigger<OrchestrationTriggerAttribute>(f.Method) is not null);
        Assert.Equal(OrchestrationNames.Workflow, method.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(typeof(TaskOrchestrationContext), Assert.Single(method.GetParameters()).ParameterType);
        Assert.Equal(typeof(Task<WorkflowRunResult>), method.ReturnType);
        Assert.True(typeof(TaskOrchestrator<WorkflowRunInput, WorkflowRunResult>).IsAssignableFrom(typeof(WorkflowOrchestrator)));
    }

    [Theory]
    [InlineData(OrchestrationNames.RunAction, typeof(RunActionActivity))]
    [InlineData(OrchestrationNames.ResolveActions, typeof(ResolveActionsActivity))]
    [InlineData(OrchestrationNames.Checkpoint, typeof(CheckpointActivity))]
    public void Activity_Function_NamedAfterContractWithTheEngineActivityTypes(string name, Type activity)
    {
        var (method, _) = Assert.Single(Functions(), f => f.Name == name);
        var parameter = Assert.Single(method.GetParameters());
        Assert.NotNull(parameter.GetCustomAttribute<ActivityTriggerAttribute>());
        var types = activity.BaseType!.GetGenericArguments();
        Assert.Equal(types[0], parameter.ParameterType);
        Assert.Equal(typeof(Task<>).MakeGenericType(types[1]), method.ReturnType);
    }

    [Fact]
    public void Functions_All_AreListedInFunctionsTxtWithTheirTriggers()
    {
        var listed = File.ReadAllLines(RepositoryFile("tools", "functionapp", "functions.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var actual = Functions().ToDictionary(f => f.Name, f => TriggerKind(f.Method), StringComparer.Ordinal);
        Assert.Equal(listed.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private static string TriggerKind(MethodInfo method) =>
        Trigger<HttpTriggerAttribute>(method) is not null ? "httpTrigger"
        : Trigger<OrchestrationTriggerAttribute>(method) is not null ? "orchestrationTrigger"
        : Trigger<ActivityTriggerAttribute>(method) is not null ? "activityTrigger"
        : "?";

    internal static string RepositoryFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, .. parts]);
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException($"{Path.Combine(parts)} was not found above {AppContext.BaseDirectory}.");
    }
}
