using Microsoft.Extensions.Configuration;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.FunctionApp.Tests;

/// <summary>The app settings as the worker reads them (environment variables <c>Orquesta__X</c> are configuration keys <c>Orquesta:X</c>).</summary>
public sealed class FunctionAppSetupTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void ReadOptions_Unset_CoreLocalOffAndEngineDefaults()
    {
        var options = FunctionAppSetup.ReadOptions(Config(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        Assert.False(options.EnableCoreLocal);
        Assert.Equal(1024 * 1024, options.MaxRequestBytes);
        Assert.Empty(options.HttpActions);
    }

    [Fact]
    public void ReadOptions_AppSettings_BindEveryOption()
    {
        var options = FunctionAppSetup.ReadOptions(Config(
            ("Orquesta:EnableCoreLocal", "true"),
            ("Orquesta:MaxRequestBytes", "2048"),
            ("Orquesta:DefaultActionTimeoutSeconds", "5"),
            ("Orquesta:EpisodeEvents", "50"),
            ("Orquesta:HttpActions:notify:Url", "https://example.test/hook"),
            ("Orquesta:HttpActions:notify:Headers:X-Key", "k")));
        Assert.True(options.EnableCoreLocal);
        Assert.Equal(2048, options.MaxRequestBytes);
        Assert.Equal(5, options.DefaultActionTimeoutSeconds);
        Assert.Equal(50, options.EpisodeEvents);
        var notify = options.HttpActions["notify"];
        Assert.Equal(new Uri("https://example.test/hook"), notify.Url);
        Assert.Equal("POST", notify.Method);
        Assert.Equal("k", notify.Headers["x-key"]);
    }

    [Fact]
    public void OpenStorage_NoSetting_ThrowsNamingTheSettings()
    {
        var e = Assert.Throws<InvalidOperationException>(() => FunctionAppSetup.OpenStorage(Config()));
        Assert.Contains("Orquesta__TableServiceUri", e.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenStorage_TableServiceUriNotAUrl_ThrowsQuotingIt()
    {
        var e = Assert.Throws<InvalidOperationException>(() => FunctionAppSetup.OpenStorage(Config(("Orquesta:TableServiceUri", "account"))));
        Assert.Contains("'account'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenStorage_TableServiceUri_TakesPrecedenceWithTheIdentity()
    {
        // A connection string that would not parse proves it is not the one used.
        var storage = FunctionAppSetup.OpenStorage(Config(
            ("Orquesta:TableServiceUri", "https://account.table.core.windows.net"),
            ("Orquesta:StorageConnection", "not a connection string")));
        Assert.Equal(EngineStorage.DefaultTablePrefix, storage.TablePrefix);
    }

    [Fact]
    public void OpenStorage_StorageConnectionOrHostStorage_WithPrefix()
    {
        var own = FunctionAppSetup.OpenStorage(Config(("Orquesta:StorageConnection", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage", "not a connection string"), ("Orquesta:TablePrefix", "Mine")));
        Assert.Equal("Mine", own.TablePrefix);
        var host = FunctionAppSetup.OpenStorage(Config(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        Assert.Equal(EngineStorage.DefaultTablePrefix, host.TablePrefix);
    }
}
