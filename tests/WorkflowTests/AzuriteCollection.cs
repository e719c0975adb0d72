using EsafetyServerless.TestSupport;

namespace EsafetyServerless.WorkflowTests;

/// <summary>One Azurite for the whole assembly (xunit needs the collection defined in the test assembly itself).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
