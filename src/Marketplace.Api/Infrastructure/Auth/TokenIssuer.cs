using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Api.Infrastructure.Auth;

/// <summary>Issues tokens signed with the local key: for the `token` command, demos and tests.</summary>
public sealed class TokenIssuer(LocalSigningKey key, IOptions<JwtOptions> options, TimeProvider time)
{
    public string Issue(string subject, IEnumerable<string> roles, long? sellerId = null, TimeSpan? lifetime = null)
    {
        var claims = new Dictionary<string, object>
        {
            [ClaimNames.Subject] = subject,
            [ClaimNames.Role] = roles.ToArray(),
        };
        if (sellerId is not null) claims[ClaimNames.SellerId] = sellerId.Value.ToString();
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + (lifetime ?? TimeSpan.FromHours(options.Value.TokenLifetimeHours));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            Claims = claims,
            IssuedAt = expires < now ? expires.AddMinutes(-2) : now,
            NotBefore = expires < now ? expires.AddMinutes(-2) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
