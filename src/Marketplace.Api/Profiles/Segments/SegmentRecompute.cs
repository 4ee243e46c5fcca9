using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Segments;

/// <summary>
/// The next chunk of a segment's recompute: profiles after <see cref="AfterProfileId"/>, for rule version
/// <see cref="RuleVersion"/>. Each chunk is one transaction that writes its membership changes, its progress and
/// the row of the next chunk, and deletes its own row: a recompute survives restarts and runs on one instance at a time.
/// </summary>
public sealed record SegmentRecompute(long SegmentId, int RuleVersion, long AfterProfileId)
{
    public const string Topic = "segments.recompute";
}

public sealed class SegmentRecomputeHandler(IServiceScopeFactory scopes, TimeProvider time) : IOutboxHandler
{
    public const int ChunkSize = 500;

    public string Topic => SegmentRecompute.Topic;

    public int BatchSize => 1;

    public async Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        var message = batch[0];
        var job = Outbox.Read<SegmentRecompute>(message);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var rules = scope.ServiceProvider.GetRequiredService<SegmentRules>();
        var writer = scope.ServiceProvider.GetRequiredService<SegmentMembershipWriter>();
        var now = time.GetUtcNow().UtcDateTime;
        await db.InTransactionAsync(async token =>
        {
            db.ChangeTracker.Clear();
            var segment = await db.Segments.FirstOrDefaultAsync(s => s.Id == job.SegmentId, token);
            // A segment deleted, or whose rule changed again (a newer recompute is queued): nothing to do.
            if (segment is not null && segment.RuleVersion == job.RuleVersion && rules.Parse(segment.Id, segment.RuleVersion, segment.Rule) is { } rule)
            {
                if (job.AfterProfileId == 0)
                {
                    segment.RecomputeStatus = SegmentRecomputeStatus.Running;
                    segment.RecomputeStartedAt = now;
                    segment.RecomputeProcessed = 0;
                    segment.RecomputeTotal = await db.Profiles.CountAsync(token);
                }
                var profiles = await db.Profiles.AsNoTracking().Where(p => p.Id > job.AfterProfileId).OrderBy(p => p.Id).Take(ChunkSize).ToListAsync(token);
                var ids = profiles.Select(p => p.Id).ToList();
                var members = (await db.SegmentMemberships.AsNoTracking().Where(m => m.SegmentId == segment.Id && ids.Contains(m.ProfileId))
                    .Select(m => m.ProfileId).ToListAsync(token)).ToHashSet();
                var events = await SegmentRules.EventsAsync(db, [rule], ids, now, token);
                var changes = SegmentEvaluator.Changes([new ActiveSegment(segment.Id, segment.Name, segment.RuleVersion, rule)], profiles, events,
                    (_, profileId) => members.Contains(profileId), now);
                await writer.ApplyAsync(changes, now, token);
                segment.RecomputeProcessed += profiles.Count;
                if (profiles.Count == ChunkSize)
                    await Outbox.EnqueueAsync(db, [Outbox.Message(Topic, job with { AfterProfileId = ids[^1] }, now)], token);
                else
                {
                    segment.RecomputeStatus = SegmentRecomputeStatus.Done;
                    segment.RecomputeTotal = Math.Max(segment.RecomputeTotal, segment.RecomputeProcessed);
                    segment.RecomputeFinishedAt = now;
                }
                await db.SaveChangesAsync(token);
            }
            var taken = await db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseToken == message.LeaseToken).ExecuteDeleteAsync(token);
            // Our lease lapsed and another worker took this chunk: let it be the one that counts.
            if (taken != 1) throw new InvalidOperationException("The lease on this recompute chunk lapsed.");
            return true;
        }, ct);
    }
}
