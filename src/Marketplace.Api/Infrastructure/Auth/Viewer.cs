using System.Security.Claims;
using Marketplace.Api.GraphQL.Errors;

namespace Marketplace.Api.Infrastructure.Auth;

/// <summary>Who is asking: read from the validated token of this request.</summary>
public sealed class Viewer(ClaimsPrincipal user)
{
    public static readonly Viewer Anonymous = new(new ClaimsPrincipal(new ClaimsIdentity()));

    public bool IsAuthenticated => user.Identity?.IsAuthenticated == true;

    public string? Subject => user.FindFirstValue(ClaimNames.Subject) ?? user.FindFirstValue(ClaimTypes.NameIdentifier);

    public bool IsAdmin => IsInRole(Roles.Admin);

    public bool IsInRole(string role) => user.Claims.Any(c =>
        (c.Type == ClaimNames.Role || c.Type == ClaimTypes.Role) && c.Value == role);

    /// <summary>The seller this caller acts for, when it holds the seller role.</summary>
    public long? SellerId => IsInRole(Roles.Seller) && long.TryParse(user.FindFirstValue(ClaimNames.SellerId), out var id) ? id : null;

    public bool ActsFor(long sellerId) => IsAdmin || SellerId == sellerId;

    /// <summary>Sellers and admins may send request bodies large enough for bulk imports.</summary>
    public bool MayImportInBulk => IsAuthenticated && (IsAdmin || SellerId is not null);

    public void RequireAuthenticated()
    {
        if (!IsAuthenticated) throw ApiErrors.Unauthenticated();
    }

    public void RequireAdmin()
    {
        RequireAuthenticated();
        if (!IsAdmin) throw ApiErrors.Forbidden("Only marketplace operators (admin role) can do this.");
    }

    /// <summary>The caller's seller id; UNAUTHENTICATED without a token, FORBIDDEN without the seller role.</summary>
    public long RequireSeller()
    {
        RequireAuthenticated();
        return SellerId ?? throw ApiErrors.Forbidden("Only sellers (seller role with a seller_id claim) can do this.");
    }
}
