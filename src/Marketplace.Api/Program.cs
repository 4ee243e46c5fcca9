using Marketplace.Api;
using Marketplace.Api.Cli;
using Marketplace.Api.Data;

if (MarketplaceCli.IsCommand(args))
    return await MarketplaceCli.RunAsync(args);

var app = MarketplaceHost.CreateBuilder(args).Build().MapMarketplace();
await app.Services.InitializeDatabaseAsync();
await app.RunAsync();
return 0;

public partial class Program;
