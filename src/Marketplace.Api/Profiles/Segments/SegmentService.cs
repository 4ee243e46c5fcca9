using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Profiles.Segments.Rules;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Segments;

public sealed class SegmentInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Rule { get; set; }
}

public sealed record SegmentPayload(Segment? Segment, IReadOnlyList<UserError> UserErrors);

public sealed record DeleteSegmentPayload(string? DeletedSegmentId, IReadOnlyList<UserError> UserErrors);

public sealed record SegmentPreview(int EstimatedSize, int Scanned, int Matched, IReadOnlyList<Profile> Sample, IReadOnlyList<RuleError> Errors);

/// <summary>Admins define segments; saving one recomputes its members in the background (<see cref="SegmentRecomputeHandler"/>).</summary>
public sealed class SegmentService(MarketplaceDb db, Viewer viewer, TimeProvider time)
{
    public const string TypeName = "Segment";
    public const int PreviewScan = 2_000;
    public const int PreviewSample = 10;

    private static readonly KeysetOrder<Profile> MembersById = KeysetOrder<Profile>.ById("id", p => p.Id, descending: false);

    public async Task<IReadOnlyList<Segment>> ListAsync(CancellationToken ct)
    {
        viewer.RequireAdmin();
        return await db.Segments.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
    }

    public async Task<Segment?> FindAsync(string id, CancellationToken ct)
    {
        viewer.RequireAdmin();
        return GlobalId.Parse(id, TypeName) is { } segmentId ? await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == segmentId, ct) : null;
    }

    public Task<int> SizeAsync(long segmentId, CancellationToken ct) => db.SegmentMemberships.CountAsync(m => m.SegmentId == segmentId, ct);

    public Task<Page<Profile>> MembersAsync(long segmentId, PageRequest page, CancellationToken ct) =>
        MembersById.PageAsync(db.Profiles.AsNoTracking().Where(p => db.SegmentMemberships.Any(m => m.SegmentId == segmentId && m.ProfileId == p.Id)), page, ct);

    public async Task<SegmentPayload> CreateAsync(SegmentInput input, CancellationToken ct)
    {
        viewer.RequireAdmin();
        var errors = Validate(input, requireAll: true);
        if (errors.Any) return new(null, errors.List);
        var now = time.GetUtcNow().UtcDateTime;
        var segment = new Segment { Name = input.Name!.Trim(), Description = input.Description, Rule = input.Rule!.Trim(), CreatedAt = now, UpdatedAt = now };
        return await SaveAsync(segment, recompute: true, now, ct);
    }

    public async Task<SegmentPayload> UpdateAsync(string id, SegmentInput input, CancellationToken ct)
    {
        viewer.RequireAdmin();
        var segment = GlobalId.Parse(id, TypeName) is { } segmentId ? await db.Segments.FirstOrDefaultAsync(s => s.Id == segmentId, ct) : null;
        if (segment is null) return new(null, [new UserError(UserErrorCode.SegmentNotFound, "No segment has this id.", ["id"])]);
        var errors = Validate(input, requireAll: false);
        if (errors.Any) return new(null, errors.List);
        var now = time.GetUtcNow().UtcDateTime;
        segment.Name = input.Name?.Trim() ?? segment.Name;
        segment.Description = input.Description ?? segment.Description;
        var ruleChanged = input.Rule is { } rule && rule.Trim() != segment.Rule;
        if (ruleChanged)
        {
            segment.Rule = input.Rule!.Trim();
            segment.RuleVersion++;
        }
        segment.UpdatedAt = now;
        return await SaveAsync(segment, ruleChanged, now, ct);
    }

    public async Task<DeleteSegmentPayload> DeleteAsync(string id, CancellationToken ct)
    {
        viewer.RequireAdmin();
        var deleted = GlobalId.Parse(id, TypeName) is { } segmentId && await db.Segments.Where(s => s.Id == segmentId).ExecuteDeleteAsync(ct) > 0;
        return deleted ? new(id, []) : new(null, [new UserError(UserErrorCode.SegmentNotFound, "No segment has this id.", ["id"])]);
    }

    /// <summary>How many would be members, estimated from the latest profiles, and a sample of them; or why the rule is wrong.</summary>
    public async Task<SegmentPreview> PreviewAsync(string rule, CancellationToken ct)
    {
        viewer.RequireAdmin();
        var parsed = SegmentRule.Parse(rule);
        if (parsed.Rule is not { } compiled) return new(0, 0, 0, [], parsed.Errors);
        var now = time.GetUtcNow().UtcDateTime;
        var total = await db.Profiles.CountAsync(ct);
        var profiles = await db.Profiles.AsNoTracking().OrderByDescending(p => p.Id).Take(PreviewScan).ToListAsync(ct);
        var events = await SegmentRules.EventsAsync(db, [compiled], [.. profiles.Select(p => p.Id)], now, ct);
        var matched = profiles.Where(p => compiled.Matches(ProfileFacts.Of(p, events), now)).ToList();
        var estimate = profiles.Count == 0 ? 0 : (int)Math.Round((double)matched.Count / profiles.Count * total);
        return new(estimate, profiles.Count, matched.Count, [.. matched.Take(PreviewSample)], []);
    }

    private async Task<SegmentPayload> SaveAsync(Segment segment, bool recompute, DateTime now, CancellationToken ct)
    {
        if (await db.Segments.AnyAsync(s => s.Name == segment.Name && s.Id != segment.Id, ct))
            return new(null, [new UserError(UserErrorCode.NameTaken, $"A segment named '{segment.Name}' exists.", ["input", "name"])]);
        try
        {
            await db.InTransactionAsync(async token =>
            {
                if (recompute)
                {
                    segment.RecomputeStatus = SegmentRecomputeStatus.Pending;
                    segment.RecomputeProcessed = 0;
                    segment.RecomputeTotal = 0;
                    segment.RecomputeStartedAt = null;
                    segment.RecomputeFinishedAt = null;
                }
                if (segment.Id == 0) db.Segments.Add(segment);
                await db.SaveChangesAsync(token);
                if (recompute)
                    await Outbox.EnqueueAsync(db, [Outbox.Message(SegmentRecompute.Topic, new SegmentRecompute(segment.Id, segment.RuleVersion, 0), now)], token);
                return true;
            }, ct);
        }
        catch (DbUpdateException e) when (DbConflicts.IsConflict(e))
        {
            return new(null, [new UserError(UserErrorCode.NameTaken, $"A segment named '{segment.Name}' exists.", ["input", "name"])]);
        }
        return new(segment, []);
    }

    private static UserErrors Validate(SegmentInput input, bool requireAll)
    {
        var errors = new UserErrors("input");
        if (input.Name is not null || requireAll)
            errors.Require(input.Name?.Trim() is { Length: > 0 and <= Limits.Name }, UserErrorCode.InvalidName, $"name must be 1-{Limits.Name} characters.", "name");
        if (input.Description is { Length: > Limits.Description })
            errors.Add(UserErrorCode.TooLong, $"description is longer than {Limits.Description} characters.", "description");
        if (input.Rule is not null || requireAll)
        {
            var parsed = SegmentRule.Parse(input.Rule ?? "");
            foreach (var error in parsed.Errors)
                errors.Add(UserErrorCode.InvalidRule, $"Line {error.Line}, column {error.Column}: {error.Message}", "rule");
        }
        return errors;
    }
}
