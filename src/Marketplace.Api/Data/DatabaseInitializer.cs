using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Data;

public sealed class DatabaseInitializer(MarketplaceDb db)
{
    public Task MigrateAsync(CancellationToken ct) => db.Database.MigrateAsync(ct);
}
