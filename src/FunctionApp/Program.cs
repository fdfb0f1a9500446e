using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Orquesta.Azure.FunctionApp;

// The .NET isolated worker: ASP.NET Core HTTP triggers (the API's handlers take HttpContext), the
// engine's services, and the project's tables. Everything else is in src/Engine.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
FunctionAppSetup.AddOrquesta(builder.Services, builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);
