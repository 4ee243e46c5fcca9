using System.Security.Cryptography;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure;
using Marketplace.Api.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Activation;

/// <summary>What admins do with segment destinations: create, change, delete and list them.</summary>
public sealed class SegmentDestinationService(MarketplaceDb db, TimeProvider time, WebhookSecrets secrets, WebhookUrlPolicy urls)
{
    public const string TypeName = "SegmentDestination";

    private static readonly KeysetOrder<SegmentDestination> OldestFirst = KeysetOrder<SegmentDestination>.ById("destination", d => d.Id, descending: false);

    public Task<Page<SegmentDestination>> ListAsync(PageRequest page, CancellationToken ct) =>
        OldestFirst.PageAsync(db.SegmentDestinations.AsNoTracking().Include(d => d.Segments), page, ct);

    public Task<SegmentDestination?> FindAsync(long id, CancellationToken ct) =>
        db.SegmentDestinations.AsNoTracking().Include(d => d.Segments).FirstOrDefaultAsync(d => d.Id == id, ct);

    public async Task<SegmentDestinationPayload> CreateAsync(CreateSegmentDestinationInput input, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        var name = CheckName(input.Name, errors);
        await CheckUrlAsync(input.Url, errors, ct);
        var segments = await CheckSegmentsAsync(input.SegmentIds, errors, ct);
        if (errors.Any) return new(null, null, errors.List);

        var now = time.GetUtcNow().UtcDateTime;
        var secret = NewSecret();
        var destination = new SegmentDestination
        {
            Name = name,
            Url = input.Url,
            Secret = secrets.Protect(secret),
            AllSegments = input.AllSegments ?? input.SegmentIds is null,
            Segments = [.. segments.Select(id => new SegmentDestinationSegment { SegmentId = id })],
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.SegmentDestinations.Add(destination);
        await db.SaveChangesAsync(ct);
        return new(destination, secret, []);
    }

    /// <summary>Fields left out are kept. A new URL (or the same one again) enables a disabled destination.</summary>
    public async Task<SegmentDestinationPayload> UpdateAsync(UpdateSegmentDestinationInput input, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        var id = GlobalId.Parse(input.Id, TypeName);
        var destination = id is null ? null : await db.SegmentDestinations.Include(d => d.Segments).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (destination is null)
            return new(null, null, [new UserError(UserErrorCode.SegmentDestinationNotFound, "No segment destination has this id.", ["input", "id"])]);
        var name = input.Name is null ? destination.Name : CheckName(input.Name, errors);
        if (input.Url is not null) await CheckUrlAsync(input.Url, errors, ct);
        var segments = input.SegmentIds is null ? null : await CheckSegmentsAsync(input.SegmentIds, errors, ct);
        if (errors.Any) return new(null, null, errors.List);

        destination.Name = name;
        if (input.Url is not null)
        {
            destination.Url = input.Url;
            destination.ConsecutiveFailures = 0;
            destination.DisabledAt = null;
            destination.DisabledReason = null;
        }
        if (segments is not null)
        {
            destination.Segments.RemoveAll(s => !segments.Contains(s.SegmentId));
            foreach (var segmentId in segments.Where(s => destination.Segments.All(w => w.SegmentId != s)))
                destination.Segments.Add(new SegmentDestinationSegment { SegmentId = segmentId });
        }
        if (input.AllSegments is { } all) destination.AllSegments = all;
        else if (segments is not null) destination.AllSegments = false;
        string? secret = null;
        if (input.RotateSecret == true)
        {
            secret = NewSecret();
            destination.Secret = secrets.Protect(secret);
        }
        destination.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return new(destination, secret, []);
    }

    public async Task<DeleteSegmentDestinationPayload> DeleteAsync(string globalId, CancellationToken ct)
    {
        var id = GlobalId.Parse(globalId, TypeName);
        var deleted = id is null ? 0 : await db.SegmentDestinations.Where(d => d.Id == id).ExecuteDeleteAsync(ct);
        return deleted == 0
            ? new(null, [new UserError(UserErrorCode.SegmentDestinationNotFound, "No segment destination has this id.", ["input", "id"])])
            : new(globalId, []);
    }

    private static string CheckName(string? name, UserErrors errors)
    {
        var trimmed = name?.Trim() ?? "";
        errors.Require(trimmed.Length is > 0 and <= Limits.Name, UserErrorCode.InvalidName, $"name must be 1 to {Limits.Name} characters.", "name");
        return trimmed;
    }

    private async Task CheckUrlAsync(string url, UserErrors errors, CancellationToken ct)
    {
        if (WebhookUrlPolicy.Malformed(url) is { } malformed) errors.Add(UserErrorCode.InvalidWebhookUrl, malformed.Replace("webhookUrl", "url"), "url");
        else if (await urls.RefusalAsync(url, ct) is { } refused) errors.Add(UserErrorCode.WebhookUrlNotAllowed, refused.Replace("webhookUrl", "url"), "url");
    }

    /// <summary>The segments' numeric ids, each checked to exist; an error (with its index) for each that does not.</summary>
    private async Task<List<long>> CheckSegmentsAsync(IReadOnlyList<string>? given, UserErrors errors, CancellationToken ct)
    {
        if (given is null) return [];
        if (given.Count > MaxSegments)
        {
            errors.Add(UserErrorCode.InvalidRowCount, $"At most {MaxSegments} segments per destination.", "segmentIds");
            return [];
        }
        var parsed = given.Select(id => SegmentActivation.ParseSegmentId(id)).ToList();
        var candidates = parsed.OfType<long>().Distinct().ToList();
        var known = await db.Segments.AsNoTracking().Where(s => candidates.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        for (var i = 0; i < parsed.Count; i++)
        {
            if (parsed[i] is not { } id || !known.Contains(id))
                errors.Add(UserErrorCode.SegmentNotFound, $"No segment has the id {given[i]}.", "segmentIds", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return [.. known];
    }

    public const int MaxSegments = 100;

    /// <summary>A Standard Webhooks secret: whsec_ and 32 random bytes in base64.</summary>
    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

public sealed record SegmentDestinationPayload(SegmentDestination? Destination, string? Secret, IReadOnlyList<UserError> UserErrors);

public sealed record DeleteSegmentDestinationPayload(string? DeletedId, IReadOnlyList<UserError> UserErrors);

public sealed class CreateSegmentDestinationInput
{
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public List<string>? SegmentIds { get; init; }
    public bool? AllSegments { get; init; }
}

public sealed class UpdateSegmentDestinationInput
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }
    public string? Url { get; init; }
    public List<string>? SegmentIds { get; init; }
    public bool? AllSegments { get; init; }
    public bool? RotateSecret { get; init; }
}
