using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Api.Infrastructure.Auth;

public static class AuthRegistration
{
    public static IServiceCollection AddMarketplaceAuth(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LocalSigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddHttpContextAccessor();
        services.AddScoped(sp => sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User is { } user ? new Viewer(user) : Viewer.Anonymous);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, IServiceProvider>((bearer, jwt, sp) =>
            {
                var settings = jwt.Value;
                bearer.MapInboundClaims = false;
                bearer.Events = new JwtBearerEvents { OnMessageReceived = RefuseEmptyToken };
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    ValidateIssuer = settings.UsesLocalSigningKey,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    RoleClaimType = ClaimNames.Role,
                    NameClaimType = ClaimNames.Subject,
                };
                if (settings.UsesLocalSigningKey)
                    bearer.TokenValidationParameters.IssuerSigningKey = sp.GetRequiredService<LocalSigningKey>().Key;
                else
                    bearer.Authority = settings.Authority;
            });
        return services;
    }

    // The handler treats "Bearer" with no token as no header at all; a client that sends one meant to sign in.
    private static Task RefuseEmptyToken(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString().Trim();
        if (header.Equals(JwtBearerDefaults.AuthenticationScheme, StringComparison.OrdinalIgnoreCase))
            context.Fail("The bearer token is empty.");
        return Task.CompletedTask;
    }
}
