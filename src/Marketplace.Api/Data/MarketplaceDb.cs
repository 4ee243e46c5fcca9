using Marketplace.Api.Catalog;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Persisted;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Ordering;
using Marketplace.Api.Personalization.Merchandising;
using Marketplace.Api.Personalization.Attribution;
using Marketplace.Api.Profiles;
using Marketplace.Api.Profiles.Activation;
using Marketplace.Api.Profiles.Personas;
using Marketplace.Api.Profiles.Segments;
using Marketplace.Api.Recommendations;
using Marketplace.Api.Search;
using Marketplace.Api.Sellers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Marketplace.Api.Data;

/// <summary>
/// The one model. Each provider has a subclass so that its migrations live apart
/// (Data/Migrations/Sqlite, Data/Migrations/SqlServer, Data/Migrations/Postgres) and are picked by context type.
/// </summary>
public abstract class MarketplaceDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Seller> Sellers => Set<Seller>();
    public DbSet<ShippingRate> ShippingRates => Set<ShippingRate>();
    public DbSet<SellerAuditEntry> SellerAuditLog => Set<SellerAuditEntry>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductAttribute> ProductAttributes => Set<ProductAttribute>();
    public DbSet<ProductImage> ProductImages => Set<ProductImage>();
    public DbSet<ProductVariant> ProductVariants => Set<ProductVariant>();
    public DbSet<VariantOptionValue> VariantOptionValues => Set<VariantOptionValue>();
    public DbSet<ProductOption> ProductOptions => Set<ProductOption>();
    public DbSet<ProductOptionValue> ProductOptionValues => Set<ProductOptionValue>();
    public DbSet<Offer> Offers => Set<Offer>();
    public DbSet<Cart> Carts => Set<Cart>();
    public DbSet<CartLine> CartLines => Set<CartLine>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<SupplierOrder> SupplierOrders => Set<SupplierOrder>();
    public DbSet<SupplierOrderLine> SupplierOrderLines => Set<SupplierOrderLine>();

    public DbSet<PersistedQuery> PersistedQueries => Set<PersistedQuery>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<SearchQueryStat> SearchQueryStats => Set<SearchQueryStat>();
    public DbSet<SubscriptionEventLogEntry> SubscriptionEventLog => Set<SubscriptionEventLogEntry>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<Profile> Profiles => Set<Profile>();
    public DbSet<ProfileIdentity> ProfileIdentities => Set<ProfileIdentity>();
    public DbSet<TrackedEvent> TrackedEvents => Set<TrackedEvent>();
    public DbSet<Segment> Segments => Set<Segment>();
    public DbSet<SegmentMembership> SegmentMemberships => Set<SegmentMembership>();
    public DbSet<Persona> Personas => Set<Persona>();
    public DbSet<PersonaSegment> PersonaSegments => Set<PersonaSegment>();
    public DbSet<SegmentDestination> SegmentDestinations => Set<SegmentDestination>();
    public DbSet<SegmentDestinationSegment> SegmentDestinationSegments => Set<SegmentDestinationSegment>();
    public DbSet<MerchandisingRule> MerchandisingRules => Set<MerchandisingRule>();
    public DbSet<PersonalizationStat> PersonalizationStats => Set<PersonalizationStat>();
    public DbSet<CoView> CoViews => Set<CoView>();
    public DbSet<CoPurchase> CoPurchases => Set<CoPurchase>();
    public DbSet<ProductTrend> ProductTrends => Set<ProductTrend>();
    public DbSet<SegmentProductTrend> SegmentProductTrends => Set<SegmentProductTrend>();

    // Every DateTime is stored and returned as UTC. SQLite hands values back with Kind=Unspecified,
    // which GraphQL would print without an offset; marking them here fixes it for every provider.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<PersistedQuery>(query =>
        {
            query.HasKey(q => q.Hash);
            query.Property(q => q.Hash).HasMaxLength(64);
            query.HasIndex(q => new { q.Pinned, q.LastUsedAt });
        });

        model.Entity<OutboxMessage>(message =>
        {
            message.ToTable("Outbox");
            message.HasIndex(m => new { m.Topic, m.Id });
            message.HasIndex(m => m.LeaseToken);
            message.Property(m => m.Topic).HasMaxLength(Limits.OutboxTopic);
            message.Property(m => m.LeaseToken).HasMaxLength(32);
            message.Property(m => m.LastError).HasMaxLength(Limits.OutboxError);
        });

        model.Entity<SubscriptionEventLogEntry>(entry =>
        {
            entry.ToTable("SubscriptionEventLog");
            entry.HasIndex(e => e.CreatedAt);
            entry.Property(e => e.Name).HasMaxLength(Limits.SubscriptionEventName);
            entry.Property(e => e.Key).HasMaxLength(Limits.SubscriptionEventKey);
        });

        model.Entity<SearchQueryStat>(stat =>
        {
            stat.HasKey(s => s.Query);
            stat.Property(s => s.Query).HasMaxLength(Limits.SearchQueryKept);
            stat.HasIndex(s => new { s.Count, s.Query });
        });

        model.Entity<Seller>(seller =>
        {
            seller.HasIndex(s => s.Handle).IsUnique();
            seller.Property(s => s.Handle).HasMaxLength(Limits.Handle);
            seller.Property(s => s.Name).HasMaxLength(Limits.Name);
            seller.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            seller.Property(s => s.ContactEmail).HasMaxLength(Limits.Email);
            seller.Property(s => s.ContactPhone).HasMaxLength(Limits.Phone);
            seller.Property(s => s.Description).HasMaxLength(Limits.Description);
            seller.ComplexProperty(s => s.Settings, settings =>
            {
                settings.Property(x => x.WebhookUrl).HasMaxLength(Limits.Url);
                // Holds the Data Protection payload (Infrastructure/WebhookSecrets), never the secret itself.
                settings.Property(x => x.WebhookSecret).HasMaxLength(Limits.ProtectedWebhookSecret);
            });
            seller.Property(s => s.WebhookDisabledReason).HasMaxLength(Limits.WebhookError);
            seller.HasMany(s => s.ShippingRates).WithOne().HasForeignKey(r => r.SellerId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SellerAuditEntry>(entry =>
        {
            entry.ToTable("SellerAuditLog");
            entry.HasIndex(e => new { e.SellerId, e.Id });
            entry.Property(e => e.Action).HasConversion<string>().HasMaxLength(16);
            entry.Property(e => e.Reason).HasMaxLength(Limits.AuditReason);
            entry.Property(e => e.Actor).HasMaxLength(Limits.AuditActor);
            entry.HasOne<Seller>().WithMany().HasForeignKey(e => e.SellerId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<WebhookDelivery>(delivery =>
        {
            delivery.HasIndex(d => d.WebhookId).IsUnique();
            delivery.HasIndex(d => new { d.SellerId, d.Id });
            delivery.HasIndex(d => new { d.SellerId, d.Status, d.Id });
            delivery.Property(d => d.WebhookId).HasMaxLength(40);
            delivery.Property(d => d.EventType).HasMaxLength(Limits.OutboxTopic);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.LastError).HasMaxLength(Limits.WebhookError);
            delivery.HasOne<Seller>().WithMany().HasForeignKey(d => d.SellerId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ShippingRate>(rate =>
        {
            rate.Property(r => r.Name).HasMaxLength(Limits.Name);
            rate.Property(r => r.CountryCode).HasMaxLength(2);
        });

        model.Entity<Category>(category =>
        {
            category.HasIndex(c => c.Slug).IsUnique();
            category.HasIndex(c => c.Path);
            category.HasIndex(c => c.ParentId);
            category.Property(c => c.Slug).HasMaxLength(Limits.Slug);
            category.Property(c => c.Name).HasMaxLength(Limits.Name);
            category.Property(c => c.Path).HasMaxLength(256);
            category.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<Product>(product =>
        {
            product.HasIndex(p => p.Slug).IsUnique();
            product.HasIndex(p => p.Gtin).IsUnique().HasFilter(Provider.IsSqlServer() ? "[Gtin] IS NOT NULL" : "\"Gtin\" IS NOT NULL");
            product.HasIndex(p => new { p.MinPriceMinor, p.Id });
            product.HasIndex(p => new { p.CategoryId, p.MinPriceMinor, p.Id });
            product.HasIndex(p => new { p.Title, p.Id });
            product.HasIndex(p => new { p.Brand, p.Id });
            product.Property(p => p.Slug).HasMaxLength(Limits.Slug);
            product.Property(p => p.Title).HasMaxLength(Limits.Title);
            product.Property(p => p.Description).HasMaxLength(Limits.Description);
            product.Property(p => p.Brand).HasMaxLength(Limits.Name);
            product.Property(p => p.Gtin).HasMaxLength(Limits.Gtin);
            product.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
            product.HasMany(p => p.Attributes).WithOne().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Cascade);
            product.HasMany(p => p.Images).WithOne().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ProductAttribute>(attribute =>
        {
            attribute.HasKey(a => new { a.ProductId, a.Name, a.Value });
            attribute.HasIndex(a => new { a.Name, a.Value, a.ProductId });
            attribute.Property(a => a.Name).HasMaxLength(Limits.AttributeName);
            attribute.Property(a => a.Value).HasMaxLength(Limits.AttributeValue);
        });
        model.Entity<ProductImage>(image =>
        {
            image.HasIndex(i => new { i.ProductId, i.Position });
            image.Property(i => i.Url).HasMaxLength(Limits.Url);
            image.Property(i => i.AltText).HasMaxLength(Limits.AltText);
        });

        model.Entity<ProductVariant>(variant =>
        {
            // One variant per combination of option values (the title spells them), also when two sellers add it at once.
            variant.HasIndex(v => new { v.ProductId, v.Title }).IsUnique();
            variant.HasIndex(v => v.Gtin).IsUnique().HasFilter(Provider.IsSqlServer() ? "[Gtin] IS NOT NULL" : "\"Gtin\" IS NOT NULL");
            variant.Property(v => v.Title).HasMaxLength(Limits.Title);
            variant.Property(v => v.Gtin).HasMaxLength(Limits.Gtin);
            variant.HasOne<Product>().WithMany(p => p.Variants).HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
            variant.HasMany(v => v.SelectedOptions).WithOne().HasForeignKey(o => o.VariantId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<VariantOptionValue>(selected =>
        {
            selected.HasKey(o => new { o.VariantId, o.Name });
            selected.HasIndex(o => new { o.Name, o.Value, o.VariantId });
            selected.Property(o => o.Name).HasMaxLength(Limits.AttributeName);
            selected.Property(o => o.Value).HasMaxLength(Limits.AttributeValue);
        });
        model.Entity<ProductOption>(option =>
        {
            option.HasIndex(o => new { o.ProductId, o.Position });
            option.Property(o => o.Name).HasMaxLength(Limits.AttributeName);
            option.HasOne<Product>().WithMany(p => p.Options).HasForeignKey(o => o.ProductId).OnDelete(DeleteBehavior.Cascade);
            option.HasMany(o => o.Values).WithOne().HasForeignKey(v => v.OptionId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ProductOptionValue>(value =>
        {
            value.HasIndex(v => new { v.OptionId, v.Position });
            value.Property(v => v.Value).HasMaxLength(Limits.AttributeValue);
        });

        model.Entity<Offer>(offer =>
        {
            offer.HasIndex(o => new { o.VariantId, o.Status, o.PriceMinor });
            offer.HasOne<ProductVariant>().WithMany().HasForeignKey(o => o.VariantId).OnDelete(DeleteBehavior.Restrict);
            offer.HasIndex(o => new { o.ProductId, o.Status, o.PriceMinor });
            offer.HasIndex(o => new { o.SellerId, o.Sku }).IsUnique();
            offer.HasIndex(o => new { o.SellerId, o.Id });
            offer.Property(o => o.Sku).HasMaxLength(Limits.Sku);
            offer.Property(o => o.Currency).HasMaxLength(3);
            offer.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            offer.Property(o => o.Condition).HasConversion<string>().HasMaxLength(16);
            offer.Property(o => o.Version).IsConcurrencyToken();
            offer.HasOne<Product>().WithMany().HasForeignKey(o => o.ProductId).OnDelete(DeleteBehavior.Restrict);
            offer.HasOne<Seller>().WithMany().HasForeignKey(o => o.SellerId).OnDelete(DeleteBehavior.Restrict);
        });

        OnOrderingCreating(model);
        model.AddProfiles(NotNullFilter);
        model.AddMerchandising();
        model.AddRecommendations();
        model.AddActivation(NotNullFilter);
        model.AddAttribution();
    }

    private string NotNullFilter(string column) => Provider.IsSqlServer() ? $"[{column}] IS NOT NULL" : $"\"{column}\" IS NOT NULL";

    private void OnOrderingCreating(ModelBuilder model)
    {
        string NotNull(string column) => NotNullFilter(column);
        model.Entity<Cart>(cart =>
        {
            cart.HasIndex(c => c.BuyerId).IsUnique().HasFilter(NotNull(nameof(Cart.BuyerId)));
            cart.HasIndex(c => c.VisitorId).IsUnique().HasFilter(NotNull(nameof(Cart.VisitorId)));
            cart.Property(c => c.BuyerId).HasMaxLength(Limits.Subject);
            cart.Property(c => c.VisitorId).HasMaxLength(Limits.VisitorId);
            cart.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<CartLine>(line =>
        {
            line.HasIndex(l => new { l.CartId, l.OfferId }).IsUnique();
            line.HasOne<Offer>().WithMany().HasForeignKey(l => l.OfferId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Order>(order =>
        {
            // One order per buyer and key, also when the same request arrives many times at once.
            order.HasIndex(o => new { o.BuyerId, o.IdempotencyKey }).IsUnique();
            order.HasIndex(o => new { o.BuyerId, o.Id });
            order.Property(o => o.BuyerId).HasMaxLength(Limits.Subject);
            order.Property(o => o.IdempotencyKey).HasMaxLength(Limits.IdempotencyKey);
            order.Property(o => o.CartFingerprint).HasMaxLength(Limits.CartFingerprint);
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Property(o => o.PaymentMethod).HasConversion<string>().HasMaxLength(16);
            order.Property(o => o.PaymentReference).HasMaxLength(64);
            order.ComplexProperty(o => o.ShippingAddress, address =>
            {
                address.Property(a => a.Name).HasMaxLength(Limits.Name);
                address.Property(a => a.Line1).HasMaxLength(Limits.AddressLine);
                address.Property(a => a.Line2).HasMaxLength(Limits.AddressLine);
                address.Property(a => a.City).HasMaxLength(Limits.AddressLine);
                address.Property(a => a.Region).HasMaxLength(Limits.AddressLine);
                address.Property(a => a.PostalCode).HasMaxLength(Limits.PostalCode);
                address.Property(a => a.CountryCode).HasMaxLength(2);
            });
            order.HasMany(o => o.Parts).WithOne().HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SupplierOrder>(part =>
        {
            part.HasIndex(p => new { p.SellerId, p.Id });
            part.HasIndex(p => new { p.SellerId, p.Status, p.Id });
            part.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            part.Property(p => p.PaymentState).HasConversion<string>().HasMaxLength(16);
            part.Property(p => p.Currency).HasMaxLength(3);
            part.Property(p => p.Carrier).HasMaxLength(Limits.Name);
            part.Property(p => p.TrackingNumber).HasMaxLength(Limits.TrackingNumber);
            part.Property(p => p.RejectReason).HasMaxLength(Limits.AuditReason);
            part.HasOne<Seller>().WithMany().HasForeignKey(p => p.SellerId).OnDelete(DeleteBehavior.Restrict);
            part.HasMany(p => p.Lines).WithOne().HasForeignKey(l => l.SupplierOrderId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SupplierOrderLine>(line =>
        {
            line.Property(l => l.Title).HasMaxLength(Limits.Title);
            line.Property(l => l.VariantTitle).HasMaxLength(Limits.Title);
            line.Property(l => l.Sku).HasMaxLength(Limits.Sku);
        });
    }

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>Waits for this context's turn to write, on a provider whose writers queue (<see cref="SqliteWriteQueue"/>).</summary>
    public virtual ValueTask<WriteTurn> WriteTurnAsync(CancellationToken ct) => ValueTask.FromResult(default(WriteTurn));
}

public sealed class SqliteMarketplaceDb(DbContextOptions<SqliteMarketplaceDb> options) : MarketplaceDb(options)
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override ValueTask<WriteTurn> WriteTurnAsync(CancellationToken ct) => SqliteWriteQueue.EnterAsync(Database.GetDbConnection(), ct);

    // A save outside a transaction writes in a transaction of its own, so it queues too.
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        if (Database.CurrentTransaction is not null) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        using var turn = await WriteTurnAsync(ct);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
    }
}

public sealed class SqlServerMarketplaceDb(DbContextOptions<SqlServerMarketplaceDb> options) : MarketplaceDb(options)
{
    protected override DatabaseProvider Provider => DatabaseProvider.SqlServer;
}

public sealed class PostgresMarketplaceDb(DbContextOptions<PostgresMarketplaceDb> options) : MarketplaceDb(options)
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public enum DatabaseProvider { Sqlite, SqlServer, Postgres }

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

internal static class DatabaseProviderExtensions
{
    public static bool IsSqlServer(this DatabaseProvider provider) => provider == DatabaseProvider.SqlServer;
}
