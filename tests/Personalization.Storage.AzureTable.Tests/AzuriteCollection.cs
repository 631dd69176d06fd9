using Personalization.Testing;

namespace Personalization.Storage.AzureTable.Tests;

/// <summary>One Azurite process serves every test class; each test isolates itself with a table of its own.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
