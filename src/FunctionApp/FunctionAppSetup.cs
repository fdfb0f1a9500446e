using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orquesta.Azure.Engine;
using Orquesta.Azure.Engine.Hosting;
using Orquesta.Azure.Engine.Storage;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.FunctionApp;

/// <summary>
/// The app's settings (configuration section <c>Orquesta</c>, app settings <c>Orquesta__*</c>) and
/// the engine's services. See docs/deploy.md for every setting.
/// </summary>
public static class FunctionAppSetup
{
    /// <summary>The table service URL, reached with <see cref="DefaultAzureCredential"/> (the managed identity in Azure).</summary>
    public const string TableServiceUriKey = EngineOptions.Section + ":TableServiceUri";

    /// <summary>A connection string for the app's tables (Azurite locally).</summary>
    public const string StorageConnectionKey = EngineOptions.Section + ":StorageConnection";

    /// <summary>The prefix of the app's table names (<see cref="EngineStorage.DefaultTablePrefix"/> unless set).</summary>
    public const string TablePrefixKey = EngineOptions.Section + ":TablePrefix";

    /// <summary>The Functions host's storage connection string, the last resort for the app's tables.</summary>
    public const string HostStorageKey = "AzureWebJobsStorage";

    /// <summary>Adds the engine's services over the tables the configuration names.</summary>
    public static IServiceCollection AddOrquesta(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = OpenStorage(configuration);
        services.AddOrquestaServices(ReadOptions(configuration), new TableEngineStore(storage));
        services.AddSingleton(storage);
        services.AddHostedService<TableSetup>();
        return services;
    }

    /// <summary>The engine's options from the <c>Orquesta</c> section; anything unset keeps the engine's default (<c>core.local</c> off).</summary>
    public static EngineOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new EngineOptions();
        configuration.GetSection(EngineOptions.Section).Bind(options);
        return options;
    }

    /// <summary>
    /// The app's tables: <c>Orquesta__TableServiceUri</c> with <see cref="DefaultAzureCredential"/>
    /// (in Azure, the user-assigned identity named by <c>AZURE_CLIENT_ID</c>), else the connection
    /// string in <c>Orquesta__StorageConnection</c>, else the one in <c>AzureWebJobsStorage</c>.
    /// </summary>
    public static EngineStorage OpenStorage(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var prefix = NonEmpty(configuration[TablePrefixKey]) ?? EngineStorage.DefaultTablePrefix;
        if (NonEmpty(configuration[TableServiceUriKey]) is { } uri)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
            {
                throw new InvalidOperationException($"The setting Orquesta__TableServiceUri is '{uri}', not an absolute http(s) URL such as https://ACCOUNT.table.core.windows.net.");
            }

            return new EngineStorage(new TableServiceClient(endpoint, new DefaultAzureCredential()), prefix);
        }

        var connection = NonEmpty(configuration[StorageConnectionKey]) ?? NonEmpty(configuration[HostStorageKey]);
        if (connection is null)
        {
            throw new InvalidOperationException(
                "The app's tables are not configured: set Orquesta__TableServiceUri (with a managed identity), " +
                "Orquesta__StorageConnection or AzureWebJobsStorage (a connection string).");
        }

        return EngineStorage.FromConnectionString(connection, prefix);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
