using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Personalization.Attribution;

/// <summary>One UTC day's responses and the outcomes attributed to them, for one surface and one group.</summary>
public sealed class PersonalizationStat
{
    public DateOnly Day { get; set; }
    public ResponseSurface Surface { get; set; }

    /// <summary>True for personalized responses, false for the control (held-out or not personalizable callers).</summary>
    public bool Personalized { get; set; }
    public long Impressions { get; set; }
    public long Clicks { get; set; }
    public long AddToCarts { get; set; }
}

/// <summary>What to add to one row of <see cref="PersonalizationStat"/>.</summary>
public readonly record struct StatIncrement(DateOnly Day, ResponseSurface Surface, bool Personalized, long Impressions, long Clicks, long AddToCarts);

internal static class AttributionModel
{
    public static void AddAttribution(this ModelBuilder model) =>
        model.Entity<PersonalizationStat>(stat =>
        {
            stat.ToTable("PersonalizationStats");
            stat.HasKey(s => new { s.Day, s.Surface, s.Personalized });
            stat.Property(s => s.Surface).HasConversion<string>().HasMaxLength(16);
        });
}

/// <summary>
/// Adds increments to the stats rows in one statement a row that inserts or adds, so instances that write the same
/// row at once each add their own share and none overwrites another's.
/// </summary>
public static class PersonalizationStats
{
    public static async Task AddAsync(MarketplaceDb db, IEnumerable<StatIncrement> increments, CancellationToken ct)
    {
        // Always in key order, so two transactions that add to the same rows lock them in the same order and never deadlock.
        foreach (var (day, surface, personalized, impressions, clicks, addToCarts) in increments.OrderBy(i => i.Day).ThenBy(i => i.Surface).ThenBy(i => i.Personalized))
        {
            var name = surface.ToString();
            if (db.Database.IsSqlServer())
                await db.Database.ExecuteSqlAsync($"""
                    MERGE [PersonalizationStats] WITH (HOLDLOCK) AS t
                    USING (VALUES ({day}, {name}, {personalized}, {impressions}, {clicks}, {addToCarts}))
                        AS s ([Day], [Surface], [Personalized], [Impressions], [Clicks], [AddToCarts])
                    ON t.[Day] = s.[Day] AND t.[Surface] = s.[Surface] AND t.[Personalized] = s.[Personalized]
                    WHEN MATCHED THEN UPDATE SET
                        t.[Impressions] = t.[Impressions] + s.[Impressions],
                        t.[Clicks] = t.[Clicks] + s.[Clicks],
                        t.[AddToCarts] = t.[AddToCarts] + s.[AddToCarts]
                    WHEN NOT MATCHED THEN INSERT ([Day], [Surface], [Personalized], [Impressions], [Clicks], [AddToCarts])
                        VALUES (s.[Day], s.[Surface], s.[Personalized], s.[Impressions], s.[Clicks], s.[AddToCarts]);
                    """, ct);
            else
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "PersonalizationStats" ("Day", "Surface", "Personalized", "Impressions", "Clicks", "AddToCarts")
                    VALUES ({day}, {name}, {personalized}, {impressions}, {clicks}, {addToCarts})
                    ON CONFLICT ("Day", "Surface", "Personalized") DO UPDATE SET
                        "Impressions" = "PersonalizationStats"."Impressions" + excluded."Impressions",
                        "Clicks" = "PersonalizationStats"."Clicks" + excluded."Clicks",
                        "AddToCarts" = "PersonalizationStats"."AddToCarts" + excluded."AddToCarts"
                    """, ct);
        }
    }
}
