using Orquesta.Azure.Engine.Tests;

namespace Orquesta.Azure.FunctionApp.Tests;

/// <summary>One Azurite for the tests of this assembly that need Table Storage (xunit's collection definitions live in the assembly that uses them).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
