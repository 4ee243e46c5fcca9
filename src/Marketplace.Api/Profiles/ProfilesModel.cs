using Marketplace.Api.Data;
using Marketplace.Api.Profiles.Personas;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles;

internal static class ProfilesModel
{
    public static void AddProfiles(this ModelBuilder model, Func<string, string> notNull)
    {
        model.Entity<Profile>(profile =>
        {
            profile.HasIndex(p => p.CustomerId).IsUnique().HasFilter(notNull(nameof(Profile.CustomerId)));
            profile.Property(p => p.CustomerId).HasMaxLength(Limits.Subject);
            profile.Property(p => p.JourneyStage).HasConversion<string>().HasMaxLength(16);
            profile.Property(p => p.LifetimeValue).HasPrecision(18, 2);
            profile.Property(p => p.Version).IsConcurrencyToken();
            profile.ComplexProperty(p => p.Traits, traits =>
            {
                traits.Property(t => t.Email).HasMaxLength(Limits.Email);
                traits.Property(t => t.Country).HasMaxLength(2);
                traits.Property(t => t.Language).HasMaxLength(16);
                traits.Property(t => t.Gender).HasMaxLength(Limits.TraitValue);
                traits.Property(t => t.Company).HasMaxLength(Limits.Name);
                traits.Property(t => t.Industry).HasMaxLength(Limits.TraitValue);
                traits.Property(t => t.Role).HasMaxLength(Limits.TraitValue);
                traits.Property(t => t.CustomerType).HasConversion<string>().HasMaxLength(8);
            });
        });
        model.Entity<ProfileIdentity>(identity =>
        {
            identity.HasIndex(i => new { i.Kind, i.Value }).IsUnique();
            identity.HasIndex(i => i.ProfileId);
            identity.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
            identity.Property(i => i.Value).HasMaxLength(Limits.Subject);
            identity.HasOne<Profile>().WithMany().HasForeignKey(i => i.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<TrackedEvent>(tracked =>
        {
            tracked.ToTable("Events");
            // Duplicates are dropped for as long as the event is kept.
            tracked.HasIndex(e => e.EventId).IsUnique();
            tracked.HasIndex(e => new { e.ProfileId, e.Timestamp });
            tracked.HasIndex(e => new { e.ProductId, e.Type });
            tracked.Property(e => e.EventId).HasMaxLength(Limits.EventId);
            tracked.Property(e => e.Type).HasConversion<string>().HasMaxLength(20);
            tracked.Property(e => e.VisitorId).HasMaxLength(Limits.VisitorId);
            tracked.Property(e => e.CustomerId).HasMaxLength(Limits.Subject);
            tracked.Property(e => e.Query).HasMaxLength(Limits.SearchQuery);
            tracked.Property(e => e.RequestId).HasMaxLength(Limits.EventRequestId);
            tracked.Property(e => e.Value).HasPrecision(18, 2);
            tracked.Property(e => e.CategoryPath).HasMaxLength(1_000);
            tracked.Property(e => e.Brand).HasMaxLength(Limits.AttributeValue);
            tracked.Property(e => e.Gender).HasMaxLength(Limits.AttributeValue);
            tracked.Property(e => e.Color).HasMaxLength(Limits.AttributeValue);
            tracked.Property(e => e.Size).HasMaxLength(Limits.AttributeValue);
            tracked.Property(e => e.PriceBand).HasMaxLength(16);
            tracked.HasOne<Profile>().WithMany().HasForeignKey(e => e.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Segment>(segment =>
        {
            segment.HasIndex(s => s.Name).IsUnique();
            segment.Property(s => s.Name).HasMaxLength(Limits.Name);
            segment.Property(s => s.Description).HasMaxLength(Limits.Description);
            segment.Property(s => s.Rule).HasMaxLength(Limits.SegmentRule);
            segment.Property(s => s.RecomputeStatus).HasConversion<string>().HasMaxLength(16);
        });
        model.Entity<SegmentMembership>(membership =>
        {
            membership.HasKey(m => new { m.SegmentId, m.ProfileId });
            membership.HasIndex(m => m.ProfileId);
            membership.HasOne<Segment>().WithMany().HasForeignKey(m => m.SegmentId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne<Profile>().WithMany().HasForeignKey(m => m.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Persona>(persona =>
        {
            persona.HasIndex(p => p.Name).IsUnique();
            persona.Property(p => p.Name).HasMaxLength(Limits.Name);
            persona.Property(p => p.Description).HasMaxLength(Limits.Description);
            persona.Property(p => p.ContentFormat).HasConversion<string>().HasMaxLength(8);
            persona.Property(p => p.PriceSensitivity).HasConversion<string>().HasMaxLength(8);
            persona.Property(p => p.PreferredCategories).HasMaxLength(2_000);
            persona.HasMany(p => p.Segments).WithOne().HasForeignKey(s => s.PersonaId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<PersonaSegment>(link =>
        {
            link.HasKey(l => new { l.PersonaId, l.SegmentId });
            link.HasIndex(l => l.SegmentId);
            link.HasOne<Segment>().WithMany().HasForeignKey(l => l.SegmentId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
