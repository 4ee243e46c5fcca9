using Marketplace.Api;
using Marketplace.Api.Cli;
using Marketplace.Api.Infrastructure;

if (MarketplaceCli.IsCommand(args))
    return await MarketplaceCli.RunAsync(args);

return await MarketplaceHost.CreateBuilder(args).Build().MapMarketplace().RunServerAsync();

public partial class Program;
