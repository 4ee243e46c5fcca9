namespace Marketplace.Api.Tests.Infrastructure;

/// <summary>
/// Tests that run once on each database: a subclass per kind picks the factory. Where PostgreSQL is not installed,
/// the PostgreSQL subclass's tests are skipped with a message that says how to run them.
/// </summary>
public abstract class DatabaseTests<TApi> : IClassFixture<TApi> where TApi : MarketplaceApiFactory
{
    protected readonly TApi api;

    protected DatabaseTests(TApi api)
    {
        Skip.If(api.SkipReason is not null, api.SkipReason);
        this.api = api;
    }
}
