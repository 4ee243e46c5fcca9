using System.Globalization;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Personalization.Merchandising;

/// <summary>
/// A rule's settings. On update, a field left out keeps its value and an optional field sent as null
/// (attributeName, startsAt, endsAt, note) is cleared; <see cref="Given"/> holds the names sent.
/// </summary>
public sealed class MerchandisingRuleInput
{
    public string? SegmentId { get; set; }
    public MerchandisingAction? Action { get; set; }
    public MerchandisingTarget? Target { get; set; }
    public string? AttributeName { get; set; }

    /// <summary>A category slug, brand, seller handle, attribute value, or a product's id.</summary>
    public string? Value { get; set; }
    public double? Weight { get; set; }
    public DateTime? StartsAt { get; set; }
    public DateTime? EndsAt { get; set; }
    public string? Note { get; set; }

    public IReadOnlySet<string> Given { get; set; } = new HashSet<string>();
}

public sealed record MerchandisingRulePayload(MerchandisingRule? Rule, IReadOnlyList<UserError> UserErrors);

public sealed record DeleteMerchandisingRulePayload(string? DeletedRuleId, IReadOnlyList<UserError> UserErrors);

/// <summary>Admins attach boost, bury and pin rules to segments; <see cref="ActiveMerchandising"/> serves the ones in force.</summary>
public sealed class MerchandisingService(MarketplaceDb db, Viewer viewer, TimeProvider time, MerchandisingRuleCache cache)
{
    public const string TypeName = "MerchandisingRule";
    public const double MaxWeight = 100;

    private static readonly KeysetOrder<MerchandisingRule> ById = KeysetOrder<MerchandisingRule>.ById("id", r => r.Id, descending: false);

    public async Task<Page<MerchandisingRule>> ListAsync(string? segmentId, bool activeOnly, PageRequest page, CancellationToken ct)
    {
        viewer.RequireAdmin();
        IQueryable<MerchandisingRule> rules = db.MerchandisingRules.AsNoTracking();
        if (segmentId is not null)
        {
            // An id that names no segment lists nothing, like a segment without rules.
            var id = GlobalId.Parse(segmentId, SegmentService.TypeName) ?? 0;
            rules = rules.Where(r => r.SegmentId == id);
        }
        return await PageAsync(rules, activeOnly, page, ct);
    }

    /// <summary>A segment's rules, for Segment.merchandisingRules (the segment is already admin-only).</summary>
    public Task<Page<MerchandisingRule>> OfSegmentAsync(long segmentId, bool activeOnly, PageRequest page, CancellationToken ct)
    {
        viewer.RequireAdmin();
        return PageAsync(db.MerchandisingRules.AsNoTracking().Where(r => r.SegmentId == segmentId), activeOnly, page, ct);
    }

    private Task<Page<MerchandisingRule>> PageAsync(IQueryable<MerchandisingRule> rules, bool activeOnly, PageRequest page, CancellationToken ct)
    {
        if (activeOnly)
        {
            var now = time.GetUtcNow().UtcDateTime;
            rules = rules.Where(r => (r.StartsAt == null || r.StartsAt <= now) && (r.EndsAt == null || r.EndsAt > now));
        }
        return ById.PageAsync(rules, page, ct);
    }

    public async Task<MerchandisingRulePayload> CreateAsync(MerchandisingRuleInput input, CancellationToken ct)
    {
        viewer.RequireAdmin();
        var now = time.GetUtcNow().UtcDateTime;
        return await SaveAsync(new MerchandisingRule { Value = "", CreatedAt = now }, input, creating: true, now, ct);
    }

    public async Task<MerchandisingRulePayload> UpdateAsync(string id, MerchandisingRuleInput input, CancellationToken ct)
    {
        viewer.RequireAdmin();
        var rule = GlobalId.Parse(id, TypeName) is { } ruleId ? await db.MerchandisingRules.FirstOrDefaultAsync(r => r.Id == ruleId, ct) : null;
        if (rule is null) return new(null, [new UserError(UserErrorCode.MerchandisingRuleNotFound, "No merchandising rule has this id.", ["id"])]);
        return await SaveAsync(rule, input, creating: false, time.GetUtcNow().UtcDateTime, ct);
    }

    public async Task<DeleteMerchandisingRulePayload> DeleteAsync(string id, CancellationToken ct)
    {
        viewer.RequireAdmin();
        var deleted = GlobalId.Parse(id, TypeName) is { } ruleId && await db.MerchandisingRules.Where(r => r.Id == ruleId).ExecuteDeleteAsync(ct) > 0;
        if (!deleted) return new(null, [new UserError(UserErrorCode.MerchandisingRuleNotFound, "No merchandising rule has this id.", ["id"])]);
        cache.Invalidate();
        return new(id, []);
    }

    /// <summary>The value as clients see it: a Product rule's product by its global id.</summary>
    public static string DisplayValue(MerchandisingRule rule) =>
        rule.Target == MerchandisingTarget.Product && long.TryParse(rule.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var productId)
            ? GlobalId.Encode(ProductType.TypeName, productId)
            : rule.Value;

    private async Task<MerchandisingRulePayload> SaveAsync(MerchandisingRule rule, MerchandisingRuleInput input, bool creating, DateTime now, CancellationToken ct)
    {
        bool Sent(string name) => creating || input.Given.Contains(name);
        var errors = new UserErrors("input");

        var segmentId = rule.SegmentId;
        if (creating || input.SegmentId is not null)
        {
            var parsed = GlobalId.Parse(input.SegmentId, SegmentService.TypeName);
            if (parsed is { } id && await db.Segments.AnyAsync(s => s.Id == id, ct)) segmentId = id;
            else errors.Add(UserErrorCode.SegmentNotFound, "No segment has this id.", "segmentId");
        }
        var action = input.Action ?? rule.Action;
        if (creating && input.Action is null) errors.Add(UserErrorCode.InvalidMerchandisingRule, "action is required.", "action");
        var target = input.Target ?? rule.Target;
        if (creating && input.Target is null) errors.Add(UserErrorCode.InvalidMerchandisingRule, "target is required.", "target");

        var attributeName = Sent("attributeName") ? input.AttributeName?.Trim() : rule.AttributeName;
        if (target == MerchandisingTarget.Attribute)
        {
            if (string.IsNullOrEmpty(attributeName))
                errors.Add(UserErrorCode.AttributeNameRequired, "An ATTRIBUTE rule needs an attributeName.", "attributeName");
            else if (attributeName.Length > Limits.AttributeName)
                errors.Add(UserErrorCode.InvalidAttribute, $"attributeName is longer than {Limits.AttributeName} characters.", "attributeName");
        }
        else attributeName = null;

        // A changed target needs its value checked again, even when the value itself stays.
        var value = input.Value?.Trim() ?? rule.Value;
        if (creating || input.Value is not null || input.Target is not null)
            value = await CheckValueAsync(target, value, errors, ct);

        var weight = input.Weight ?? rule.Weight;
        if (creating || input.Weight is not null)
            errors.Require(weight is >= 0 and <= MaxWeight, UserErrorCode.InvalidWeight, $"weight must be 0-{MaxWeight}.", "weight");

        var startsAt = Sent("startsAt") ? input.StartsAt?.ToUniversalTime() : rule.StartsAt;
        var endsAt = Sent("endsAt") ? input.EndsAt?.ToUniversalTime() : rule.EndsAt;
        if (startsAt is { } start && endsAt is { } end && end <= start)
            errors.Add(UserErrorCode.InvalidTimeWindow, "endsAt must be after startsAt.", Sent("endsAt") ? "endsAt" : "startsAt");

        var note = Sent("note") ? input.Note : rule.Note;
        if (note is { Length: > MerchandisingModel.Note })
            errors.Add(UserErrorCode.TooLong, $"note is longer than {MerchandisingModel.Note} characters.", "note");

        if (errors.Any) return new(null, errors.List);

        rule.SegmentId = segmentId;
        rule.Action = action;
        rule.Target = target;
        rule.AttributeName = attributeName;
        rule.Value = value;
        rule.Weight = weight;
        rule.StartsAt = startsAt;
        rule.EndsAt = endsAt;
        rule.Note = note;
        rule.UpdatedAt = now;
        if (rule.Id == 0) db.MerchandisingRules.Add(rule);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return new(rule, []);
    }

    /// <summary>The value to store for the target, or an error: categories, sellers and products must exist.</summary>
    private async Task<string> CheckValueAsync(MerchandisingTarget target, string value, UserErrors errors, CancellationToken ct)
    {
        if (value.Length == 0 || value.Length > Limits.Slug)
        {
            errors.Add(UserErrorCode.InvalidMerchandisingRule, $"value must be 1-{Limits.Slug} characters.", "value");
            return value;
        }
        switch (target)
        {
            case MerchandisingTarget.Category:
                var slug = value.ToLowerInvariant();
                if (!await db.Categories.AnyAsync(c => c.Slug == slug, ct))
                    errors.Add(UserErrorCode.CategoryNotFound, $"No category has the slug '{value}'.", "value");
                return slug;
            case MerchandisingTarget.Seller:
                if (!await db.Sellers.AnyAsync(s => s.Handle == value, ct))
                    errors.Add(UserErrorCode.SellerNotFound, $"No seller has the handle '{value}'.", "value");
                return value;
            case MerchandisingTarget.Product:
                var productId = GlobalId.Parse(value, ProductType.TypeName)
                    ?? (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var raw) ? raw : null);
                if (productId is not { } id || !await db.Products.AnyAsync(p => p.Id == id, ct))
                {
                    errors.Add(UserErrorCode.ProductNotFound, "No product has this id.", "value");
                    return value;
                }
                return id.ToString(CultureInfo.InvariantCulture);
            default:
                return value;
        }
    }
}
