using Marketplace.Api.Data;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Activation;

internal static class ActivationModel
{
    public static void AddActivation(this ModelBuilder model, Func<string, string> notNull)
    {
        model.Entity<SegmentDestination>(destination =>
        {
            destination.Property(d => d.Name).HasMaxLength(Limits.Name);
            destination.Property(d => d.Url).HasMaxLength(Limits.Url);
            destination.Property(d => d.Secret).HasMaxLength(Limits.ProtectedWebhookSecret);
            destination.Property(d => d.DisabledReason).HasMaxLength(Limits.WebhookError);
            destination.HasMany(d => d.Segments).WithOne().HasForeignKey(s => s.DestinationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SegmentDestinationSegment>(wanted =>
        {
            wanted.HasKey(w => new { w.DestinationId, w.SegmentId });
            wanted.HasIndex(w => w.SegmentId);
            wanted.HasOne<Segment>().WithMany().HasForeignKey(w => w.SegmentId).OnDelete(DeleteBehavior.Cascade);
        });
        // A delivery goes to a seller or to a destination; a deleted destination takes its delivery log with it.
        model.Entity<WebhookDelivery>(delivery =>
        {
            string seller = notNull(nameof(WebhookDelivery.SellerId)), destination = notNull(nameof(WebhookDelivery.DestinationId));
            delivery.ToTable(table => table.HasCheckConstraint("CK_WebhookDeliveries_OneTarget",
                $"({seller} AND NOT ({destination})) OR (NOT ({seller}) AND {destination})"));
            delivery.HasIndex(d => new { d.DestinationId, d.Id });
            delivery.HasOne<SegmentDestination>().WithMany().HasForeignKey(d => d.DestinationId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
