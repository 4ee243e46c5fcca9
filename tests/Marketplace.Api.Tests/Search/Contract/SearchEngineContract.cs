// placeholder: replaced by the contract suite on merge
using Marketplace.Api.Search;

namespace Marketplace.Api.Tests.Search.Contract;

public abstract class SearchEngineContract : IAsyncLifetime
{
    protected abstract Task<ISearchEngine> CreateEngineAsync();   // an empty engine with a fresh index
    protected virtual string? SkipReason => null;                  // non-null skips every test

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;
}
