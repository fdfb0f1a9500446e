using Orquesta.Azure.Engine.Hosting;
using Orquesta.Azure.Engine.Stores;

namespace Orquesta.Azure.Engine.Tests.Durable;

/// <summary>One embedded Durable Task engine for a test class, with the mock action runner and core.local on.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    internal MockActionRunner Mocks { get; } = new();

    internal InMemoryEngineStore Store { get; } = new();

    public EmbeddedEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = await EmbeddedEngine.StartAsync(new EmbeddedEngineOptions
        {
            Engine = new EngineOptions { EnableCoreLocal = true },
            Store = Store,
            Runners = [Mocks],
        });
    }

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}
