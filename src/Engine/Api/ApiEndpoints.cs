using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace Orquesta.Azure.Engine.Api;

/// <summary>Maps <see cref="OrquestaApi.Routes"/> onto ASP.NET Core routing (the plain server; the Function app binds one trigger per route instead).</summary>
public static class ApiEndpoints
{
    /// <summary>Maps every route under <c>/api</c> to <paramref name="api"/> with <paramref name="client"/>.</summary>
    public static IEndpointRouteBuilder MapOrquestaApi(this IEndpointRouteBuilder endpoints, OrquestaApi api, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        foreach (var route in OrquestaApi.Routes)
        {
            var operation = route.Operation;
            endpoints.MapMethods($"/{OrquestaApi.RoutePrefix}/{route.Template}", [route.Method], (HttpContext context) => api.InvokeAsync(operation, context, client))
                .WithName(operation);
        }

        return endpoints;
    }
}
