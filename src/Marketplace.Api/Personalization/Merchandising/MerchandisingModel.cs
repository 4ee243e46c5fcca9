using Marketplace.Api.Data;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Personalization.Merchandising;

internal static class MerchandisingModel
{
    public const int Note = 1_000;

    public static void AddMerchandising(this ModelBuilder model) =>
        model.Entity<MerchandisingRule>(rule =>
        {
            rule.HasIndex(r => new { r.SegmentId, r.Id });
            rule.HasIndex(r => r.EndsAt);
            rule.Property(r => r.Action).HasConversion<string>().HasMaxLength(8);
            rule.Property(r => r.Target).HasConversion<string>().HasMaxLength(16);
            rule.Property(r => r.AttributeName).HasMaxLength(Limits.AttributeName);
            rule.Property(r => r.Value).HasMaxLength(Limits.Slug);
            rule.Property(r => r.Note).HasMaxLength(Note);
            rule.HasOne<Segment>().WithMany().HasForeignKey(r => r.SegmentId).OnDelete(DeleteBehavior.Cascade);
        });
}
