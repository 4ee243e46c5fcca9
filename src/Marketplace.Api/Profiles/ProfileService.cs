using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles;

public sealed record ProfilePayload(Profile? Profile, IReadOnlyList<UserError> UserErrors);

public sealed record DeleteProfilePayload(string? DeletedProfileId, IReadOnlyList<UserError> UserErrors);

public sealed class ProfileTraitsInput
{
    public string? Email { get; set; }
    public string? Country { get; set; }
    public string? Language { get; set; }
    public string? Gender { get; set; }
    public int? Age { get; set; }
    public string? Company { get; set; }
    public string? Industry { get; set; }
    public string? Role { get; set; }
    public CustomerType? CustomerType { get; set; }
}

/// <summary>
/// The caller's own profile (signed-in customer, else the visitor of X-Visitor-Id) and, for admins, anyone's.
/// A profile is never shown to anyone else.
/// </summary>
public sealed class ProfileService(
    MarketplaceDb db, Viewer viewer, IHttpContextAccessor http, ProfileResolver resolver, ProfileErasure erasure,
    SegmentEvaluator segments, TimeProvider time)
{
    public const string TypeName = "Profile";

    private string? CustomerId => viewer.IsAuthenticated ? viewer.Subject : null;
    private string? RequestVisitorId => VisitorId.Of(http.HttpContext);

    private Task<Profile?>? current;

    /// <summary>
    /// The caller's profile (read once a request: <c>me { profile persona }</c> asks twice); a signed-in request with
    /// a visitor id first stitches the visitor's profile to the customer's.
    /// </summary>
    public Task<Profile?> CurrentAsync(CancellationToken ct) => current ??= ReadCurrentAsync(ct);

    private async Task<Profile?> ReadCurrentAsync(CancellationToken ct)
    {
        if (CustomerId is { } customerId && RequestVisitorId is { } visitorId && await NeedsStitchingAsync(customerId, visitorId, ct))
            return await InTransactionAsync(Task.FromResult, ct);
        return await resolver.FindAsync(CustomerId, RequestVisitorId, ct);
    }

    /// <summary>identify: the signed-in customer claims the visitor's history (the argument, else the X-Visitor-Id header).</summary>
    public async Task<ProfilePayload> IdentifyAsync(string? visitorId, CancellationToken ct)
    {
        viewer.RequireAuthenticated();
        visitorId ??= RequestVisitorId;
        if (visitorId is not null && !VisitorId.IsValid(visitorId))
            return new(null, [new UserError(UserErrorCode.InvalidTrait, "visitorId must be 8-64 letters, digits, '-' or '_'.", ["visitorId"])]);
        var profile = await InTransactionAsync(Task.FromResult, ct, visitorId);
        return new(profile, []);
    }

    public async Task<ProfilePayload> UpdateTraitsAsync(ProfileTraitsInput input, CancellationToken ct)
    {
        var errors = Validate(input);
        if (errors.Any) return new(null, errors.List);
        if (CustomerId is null && RequestVisitorId is null)
            return new(null, [new UserError(UserErrorCode.ProfileRequired, $"Sign in or send an {VisitorId.Header} header.")]);
        var profile = await InTransactionAsync(async p =>
        {
            var traits = p.Traits;
            if (input.Email is { } email)
            {
                traits.Email = email.Trim();
                await ClaimEmailAsync(p, traits.Email, ct);
            }
            traits.Country = input.Country?.ToUpperInvariant() ?? traits.Country;
            traits.Language = input.Language ?? traits.Language;
            traits.Gender = input.Gender?.Trim().ToLowerInvariant() ?? traits.Gender;
            traits.Age = input.Age ?? traits.Age;
            traits.Company = input.Company ?? traits.Company;
            traits.Industry = input.Industry ?? traits.Industry;
            traits.Role = input.Role ?? traits.Role;
            traits.CustomerType = input.CustomerType ?? traits.CustomerType;
            p.Version++;
            return p;
        }, ct);
        return new(profile, []);
    }

    /// <summary>Withdraws or grants tracking consent; while withdrawn no behavioural event is stored.</summary>
    public async Task<ProfilePayload> SetTrackingConsentAsync(bool granted, CancellationToken ct)
    {
        if (CustomerId is null && RequestVisitorId is null)
            return new(null, [new UserError(UserErrorCode.ProfileRequired, $"Sign in or send an {VisitorId.Header} header.")]);
        var profile = await InTransactionAsync(p =>
        {
            p.ConsentWithdrawnAt = granted ? null : p.ConsentWithdrawnAt ?? time.GetUtcNow().UtcDateTime;
            p.Version++;
            return Task.FromResult(p);
        }, ct);
        return new(profile, []);
    }

    /// <summary>forgetMe: erases the caller's profile, events and identities. True when there was one.</summary>
    public async Task<bool> ForgetMeAsync(CancellationToken ct)
    {
        var profile = await resolver.FindAsync(CustomerId, RequestVisitorId, ct);
        return profile is not null && await EraseAsync(profile.Id, ct);
    }

    public async Task<DeleteProfilePayload> DeleteAsync(string id, CancellationToken ct)
    {
        viewer.RequireAdmin();
        if (GlobalId.Parse(id, TypeName) is not { } profileId || !await EraseAsync(profileId, ct))
            return new(null, [new UserError(UserErrorCode.ProfileNotFound, "No profile has this id.", ["id"])]);
        return new(id, []);
    }

    /// <summary>Admins only: any profile by id.</summary>
    public async Task<Profile?> FindAsync(string id, CancellationToken ct)
    {
        viewer.RequireAdmin();
        return GlobalId.Parse(id, TypeName) is { } profileId
            ? await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == profileId, ct)
            : null;
    }

    private async Task<bool> EraseAsync(long profileId, CancellationToken ct) =>
        await db.InTransactionAsync(async token =>
        {
            var profile = await db.Profiles.FirstOrDefaultAsync(p => p.Id == profileId, token);
            if (profile is null) return false;
            await erasure.RemoveAsync(profile, time.GetUtcNow().UtcDateTime, token);
            return true;
        }, ct);

    private async Task<bool> NeedsStitchingAsync(string customerId, string visitorId, CancellationToken ct)
    {
        var owners = await db.ProfileIdentities.AsNoTracking()
            .Where(i => (i.Kind == IdentityKind.Customer && i.Value == customerId) || (i.Kind == IdentityKind.Visitor && i.Value == visitorId))
            .Select(i => new { i.Kind, i.ProfileId }).ToListAsync(ct);
        var visitor = owners.FirstOrDefault(o => o.Kind == IdentityKind.Visitor);
        var customer = owners.FirstOrDefault(o => o.Kind == IdentityKind.Customer);
        return visitor is not null && visitor.ProfileId != customer?.ProfileId;
    }

    /// <summary>Resolves (creating, stitching) the caller's profile in a transaction, changes it, re-evaluates its segments.</summary>
    private Task<Profile> InTransactionAsync(Func<Profile, Task<Profile>> change, CancellationToken ct, string? visitorId = null) =>
        db.InTransactionAsync(async token =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow().UtcDateTime;
            var visitors = (visitorId ?? RequestVisitorId) is { } v ? new[] { v } : [];
            var resolved = await resolver.ResolveAsync(CustomerId, visitors, now, token);
            var profile = await change(resolved.For(visitors.FirstOrDefault())!);
            await db.SaveChangesAsync(token);
            await segments.EvaluateAsync([profile], now, token);
            return profile;
        }, ct);

    /// <summary>The email's hash names this profile too, unless it already names another person's.</summary>
    private async Task ClaimEmailAsync(Profile profile, string email, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())));
        if (await db.ProfileIdentities.AnyAsync(i => i.Kind == IdentityKind.EmailHash && i.Value == hash, ct)) return;
        db.ProfileIdentities.Add(new ProfileIdentity { ProfileId = profile.Id, Kind = IdentityKind.EmailHash, Value = hash, CreatedAt = time.GetUtcNow().UtcDateTime });
    }

    private static UserErrors Validate(ProfileTraitsInput input)
    {
        var errors = new UserErrors("input");
        if (input.Email is { } email)
            errors.Require(email.Length <= Limits.Email && MailAddress.TryCreate(email.Trim(), out _), UserErrorCode.InvalidEmail, "email is not an email address.", "email");
        if (input.Country is { } country)
            errors.Require(country.Length == 2 && country.All(char.IsAsciiLetter), UserErrorCode.InvalidCountry, "country must be an ISO 3166 alpha-2 code such as DE.", "country");
        if (input.Language is { } language)
            errors.Require(language.Length is >= 2 and <= 16 && language.All(c => char.IsAsciiLetter(c) || c == '-'), UserErrorCode.InvalidTrait, "language must be a language tag such as en or de-AT.", "language");
        if (input.Age is { } age)
            errors.Require(age is >= 13 and <= 120, UserErrorCode.InvalidTrait, "age must be between 13 and 120.", "age");
        Text(input.Gender, "gender", Limits.TraitValue);
        Text(input.Company, "company", Limits.Name);
        Text(input.Industry, "industry", Limits.TraitValue);
        Text(input.Role, "role", Limits.TraitValue);
        return errors;

        void Text(string? value, string field, int max)
        {
            if (value is not null)
                errors.Require(value.Trim().Length is > 0 && value.Length <= max, UserErrorCode.InvalidTrait, $"{field} must be 1-{max} characters.", field);
        }
    }
}
