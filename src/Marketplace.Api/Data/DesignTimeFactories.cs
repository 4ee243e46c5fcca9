using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Marketplace.Api.Data;

// Used only by `dotnet ef migrations add`; each provider keeps its own migrations.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMarketplaceDb>
{
    public SqliteMarketplaceDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMarketplaceDb>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerMarketplaceDb>
{
    public SqlServerMarketplaceDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerMarketplaceDb>().UseSqlServer("Server=design-time;Database=Marketplace").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMarketplaceDb>
{
    public PostgresMarketplaceDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMarketplaceDb>().UseNpgsql("Host=design-time;Database=marketplace").Options);
}
