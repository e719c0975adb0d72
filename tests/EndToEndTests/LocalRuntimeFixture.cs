using EsafetyServerless.TestSupport;

namespace EsafetyServerless.EndToEndTests;

/// <summary>One local runtime process, started as the README's run command would, shared by a collection of tests.</summary>
public sealed class LocalRuntimeFixture : IAsyncLifetime
{
    public LocalRuntimeProcess Runtime { get; } = LocalRuntimeProcess.CreateIsolated();

    public Task InitializeAsync() => this.Runtime.StartAsync();

    public async Task DisposeAsync() => await this.Runtime.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LocalRuntimeCollection : ICollectionFixture<LocalRuntimeFixture>
{
    public const string Name = "Local runtime";
}
