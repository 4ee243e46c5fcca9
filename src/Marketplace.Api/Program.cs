using Marketplace.Api;
using Marketplace.Api.Cli;

if (MarketplaceCli.IsCommand(args))
    return await MarketplaceCli.RunAsync(args);

await MarketplaceHost.CreateBuilder(args).Build().MapMarketplace().RunAsync();
return 0;

public partial class Program;
