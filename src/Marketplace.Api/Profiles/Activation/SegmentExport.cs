using System.Buffers;
using System.Text.Json;
using Marketplace.Api.Data;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Activation;

/// <summary>
/// <c>GET /segments/{id}/members.ndjson</c>: a segment's members for email and ad tools, one JSON object a line, for
/// admins. Pages through the memberships' key (SegmentId, ProfileId) and writes each page out before reading the next,
/// so a segment of any size streams in constant memory.
/// </summary>
public static class SegmentExport
{
    public const string ContentType = "application/x-ndjson";
    public const int PageSize = 1_000;

    private static readonly JsonWriterOptions Writer = new() { SkipValidation = true };

    public static IEndpointRouteBuilder MapSegmentExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/segments/{id}/members.ndjson", ExportAsync);
        return app;
    }

    private static async Task<IResult> ExportAsync(string id, [FromServices] Viewer viewer, [FromServices] MarketplaceDb db, CancellationToken ct)
    {
        if (!viewer.IsAuthenticated) return Results.Challenge();
        if (!viewer.IsAdmin) return Results.Forbid();
        // A global id in a path arrives with its slashes still escaped.
        var segmentId = SegmentActivation.ParseSegmentId(Uri.UnescapeDataString(id), allowNumeric: true);
        if (segmentId is null || !await db.Segments.AnyAsync(s => s.Id == segmentId, ct)) return Results.NotFound();
        return Results.Stream(body => WriteMembersAsync(db, segmentId.Value, body, ct), ContentType);
    }

    private static async Task WriteMembersAsync(MarketplaceDb db, long segmentId, Stream body, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var json = new Utf8JsonWriter(buffer, Writer);
        var after = 0L;
        while (true)
        {
            var page = await (
                from m in db.SegmentMemberships.AsNoTracking()
                where m.SegmentId == segmentId && m.ProfileId > after
                orderby m.ProfileId
                join p in db.Profiles.AsNoTracking() on m.ProfileId equals p.Id
                select new { p.Id, p.CustomerId, p.Traits.Email, p.Traits.Country, m.EnteredAt })
                .Take(PageSize).ToListAsync(ct);
            foreach (var member in page)
            {
                json.Reset(buffer);
                json.WriteStartObject();
                json.WriteString("profileId", SegmentActivation.ProfileGlobalId(member.Id));
                WriteNullable(json, "customerId", member.CustomerId);
                WriteNullable(json, "email", member.Email);
                WriteNullable(json, "country", member.Country);
                json.WriteString("enteredAt", member.EnteredAt);
                json.WriteEndObject();
                json.Flush();
                buffer.Write("\n"u8);
            }
            if (buffer.WrittenCount > 0)
            {
                await body.WriteAsync(buffer.WrittenMemory, ct);
                await body.FlushAsync(ct);
                buffer.ResetWrittenCount();
            }
            if (page.Count < PageSize) return;
            after = page[^1].Id;
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }
}
