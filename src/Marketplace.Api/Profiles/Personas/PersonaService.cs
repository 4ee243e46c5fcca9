using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Personas;

public sealed class PersonaSegmentInput
{
    public string SegmentId { get; set; } = "";
    public int Priority { get; set; }
}

public sealed class PersonaInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public ContentFormat? ContentFormat { get; set; }
    public int? DescriptionWords { get; set; }
    public PriceSensitivity? PriceSensitivity { get; set; }
    public List<string>? PreferredCategories { get; set; }
    public List<PersonaSegmentInput>? Segments { get; set; }
}

public sealed record PersonaPayload(Persona? Persona, IReadOnlyList<UserError> UserErrors);

public sealed record DeletePersonaPayload(string? DeletedPersonaId, IReadOnlyList<UserError> UserErrors);

/// <summary>Admins define personas and attach them to segments; a person's persona is that of their highest-priority segment.</summary>
public sealed class PersonaService(MarketplaceDb db, Viewer viewer, TimeProvider time)
{
    public const string TypeName = "Persona";
    public const int MaxDescriptionWords = 5_000;
    public const int MaxPreferredCategories = 20;
    public const int MaxSegments = 50;

    public async Task<IReadOnlyList<Persona>> ListAsync(CancellationToken ct)
    {
        viewer.RequireAdmin();
        return await db.Personas.AsNoTracking().Include(p => p.Segments).OrderBy(p => p.Name).ToListAsync(ct);
    }

    public async Task<PersonaPayload> CreateAsync(PersonaInput input, CancellationToken ct)
    {
        viewer.RequireAdmin();
        var now = time.GetUtcNow().UtcDateTime;
        var persona = new Persona { Name = "", CreatedAt = now };
        return await SaveAsync(persona, input, requireAll: true, now, ct);
    }

    public async Task<PersonaPayload> UpdateAsync(string id, PersonaInput input, CancellationToken ct)
    {
        viewer.RequireAdmin();
        var persona = GlobalId.Parse(id, TypeName) is { } personaId
            ? await db.Personas.Include(p => p.Segments).FirstOrDefaultAsync(p => p.Id == personaId, ct)
            : null;
        if (persona is null) return new(null, [new UserError(UserErrorCode.PersonaNotFound, "No persona has this id.", ["id"])]);
        return await SaveAsync(persona, input, requireAll: false, time.GetUtcNow().UtcDateTime, ct);
    }

    public async Task<DeletePersonaPayload> DeleteAsync(string id, CancellationToken ct)
    {
        viewer.RequireAdmin();
        var deleted = GlobalId.Parse(id, TypeName) is { } personaId && await db.Personas.Where(p => p.Id == personaId).ExecuteDeleteAsync(ct) > 0;
        return deleted ? new(id, []) : new(null, [new UserError(UserErrorCode.PersonaNotFound, "No persona has this id.", ["id"])]);
    }

    private async Task<PersonaPayload> SaveAsync(Persona persona, PersonaInput input, bool requireAll, DateTime now, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        var name = input.Name?.Trim();
        if (name is not null || requireAll)
            errors.Require(name is { Length: > 0 and <= Limits.Name }, UserErrorCode.InvalidName, $"name must be 1-{Limits.Name} characters.", "name");
        if (input.Description is { Length: > Limits.Description })
            errors.Add(UserErrorCode.TooLong, $"description is longer than {Limits.Description} characters.", "description");
        if (input.DescriptionWords is { } words)
            errors.Require(words is >= 0 and <= MaxDescriptionWords, UserErrorCode.InvalidPersona, $"descriptionWords must be 0-{MaxDescriptionWords}.", "descriptionWords");
        var slugs = input.PreferredCategories?.Select(s => s.Trim().ToLowerInvariant()).Distinct().ToList();
        if (slugs is { Count: > MaxPreferredCategories })
            errors.Add(UserErrorCode.InvalidPersona, $"At most {MaxPreferredCategories} preferred categories.", "preferredCategories");
        else if (slugs is { Count: > 0 })
        {
            var known = await db.Categories.Where(c => slugs.Contains(c.Slug)).Select(c => c.Slug).ToListAsync(ct);
            foreach (var missing in slugs.Except(known))
                errors.Add(UserErrorCode.CategoryNotFound, $"No category has the slug '{missing}'.", "preferredCategories");
        }
        var links = new List<PersonaSegment>();
        if (input.Segments is { Count: > MaxSegments })
            errors.Add(UserErrorCode.InvalidPersona, $"At most {MaxSegments} segments.", "segments");
        else if (input.Segments is { } segments)
        {
            var ids = segments.Select(s => GlobalId.Parse(s.SegmentId, SegmentService.TypeName)).ToList();
            var wanted = ids.OfType<long>().ToList();
            var existing = (await db.Segments.Where(s => wanted.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct)).ToHashSet();
            for (var i = 0; i < segments.Count; i++)
            {
                if (ids[i] is not { } segmentId || !existing.Contains(segmentId))
                    errors.Add(UserErrorCode.SegmentNotFound, $"No segment has the id '{segments[i].SegmentId}'.", "segments", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                else if (links.Any(l => l.SegmentId == segmentId))
                    errors.Add(UserErrorCode.InvalidPersona, "A segment is listed twice.", "segments", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                else links.Add(new PersonaSegment { SegmentId = segmentId, Priority = segments[i].Priority });
            }
        }
        if (name is not null && !errors.Any && await db.Personas.AnyAsync(p => p.Name == name && p.Id != persona.Id, ct))
            errors.Add(UserErrorCode.NameTaken, $"A persona named '{name}' exists.", "name");
        if (errors.Any) return new(null, errors.List);

        persona.Name = name ?? persona.Name;
        persona.Description = input.Description ?? persona.Description;
        persona.ContentFormat = input.ContentFormat ?? persona.ContentFormat;
        persona.DescriptionWords = input.DescriptionWords ?? persona.DescriptionWords;
        persona.PriceSensitivity = input.PriceSensitivity ?? persona.PriceSensitivity;
        if (slugs is not null) persona.PreferredCategories = string.Join(',', slugs);
        if (input.Segments is not null) persona.Segments = links;
        persona.UpdatedAt = now;
        if (persona.Id == 0) db.Personas.Add(persona);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbConflicts.IsConflict(e))
        {
            return new(null, [new UserError(UserErrorCode.NameTaken, $"A persona named '{persona.Name}' exists.", ["input", "name"])]);
        }
        return new(persona, []);
    }
}
