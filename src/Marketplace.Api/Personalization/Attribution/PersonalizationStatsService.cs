using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Personalization.Attribution;

public sealed record OutcomeCounts(long Impressions, long Clicks, long AddToCarts)
{
    public static readonly OutcomeCounts None = new(0, 0, 0);

    public double? ClickThroughRate => Impressions == 0 ? null : (double)Clicks / Impressions;

    public double? AddToCartRate => Impressions == 0 ? null : (double)AddToCarts / Impressions;

    public static OutcomeCounts Sum(IEnumerable<PersonalizationStat> rows) => rows.Aggregate(None, (sum, row) =>
        new OutcomeCounts(sum.Impressions + row.Impressions, sum.Clicks + row.Clicks, sum.AddToCarts + row.AddToCarts));
}

public sealed record SurfaceStats(ResponseSurface Surface, OutcomeCounts Personalized, OutcomeCounts Control);

public sealed record PersonalizationStatsReport(DateTime From, DateTime To, OutcomeCounts Personalized, OutcomeCounts Control, IReadOnlyList<SurfaceStats> BySurface)
{
    /// <summary>How much higher the personalized click-through rate is than the control's (0.25 is 25% higher); null while either is unknown.</summary>
    public double? ClickThroughLift =>
        Personalized.ClickThroughRate is { } personalized && Control.ClickThroughRate is { } control and > 0 ? personalized / control - 1 : null;
}

/// <summary>Admins: how personalized responses perform against the held-out control, over whole UTC days.</summary>
public sealed class PersonalizationStatsService(MarketplaceDb db, Viewer viewer, PersonalizationAttribution attribution)
{
    public const int MaxDays = 366;

    public async Task<PersonalizationStatsReport> StatsAsync(DateTime from, DateTime to, CancellationToken ct)
    {
        viewer.RequireAdmin();
        from = from.Kind == DateTimeKind.Local ? from.ToUniversalTime() : DateTime.SpecifyKind(from, DateTimeKind.Utc);
        to = to.Kind == DateTimeKind.Local ? to.ToUniversalTime() : DateTime.SpecifyKind(to, DateTimeKind.Utc);
        if (to < from) throw ApiErrors.BadUserInput("to is before from.");
        if (to - from > TimeSpan.FromDays(MaxDays)) throw ApiErrors.BadUserInput($"The range is longer than {MaxDays} days.");

        // This instance's latest impressions count too; other instances' arrive within seconds.
        await attribution.FlushAsync(db, ct);
        var (first, last) = (DateOnly.FromDateTime(from), DateOnly.FromDateTime(to));
        var rows = await db.PersonalizationStats.AsNoTracking().Where(s => s.Day >= first && s.Day <= last).ToListAsync(ct);
        return new PersonalizationStatsReport(from, to,
            OutcomeCounts.Sum(rows.Where(r => r.Personalized)),
            OutcomeCounts.Sum(rows.Where(r => !r.Personalized)),
            [.. Enum.GetValues<ResponseSurface>().Select(surface => new SurfaceStats(surface,
                OutcomeCounts.Sum(rows.Where(r => r.Surface == surface && r.Personalized)),
                OutcomeCounts.Sum(rows.Where(r => r.Surface == surface && !r.Personalized))))]);
    }
}
