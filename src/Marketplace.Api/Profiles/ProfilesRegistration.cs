using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Profiles.Personas;
using Marketplace.Api.Profiles.Segments;
using Marketplace.Api.Profiles.Tracking;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Profiles;

public static class ProfilesRegistration
{
    public static IServiceCollection AddProfiles(this IServiceCollection services)
    {
        services.AddOptions<ProfilesOptions>().BindConfiguration(ProfilesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new ProfileActivity(sp.GetRequiredService<IOptions<ProfilesOptions>>().Value));
        services.AddScoped<ProductFacts>();
        services.AddScoped<ProfileResolver>();
        services.AddScoped<ProfileMerges>();
        services.AddScoped<ProfileErasure>();
        services.AddScoped<ProfileService>();
        services.AddScoped<EventIngestion>();
        services.AddScoped<SegmentMembershipWriter>();
        services.AddScoped<SegmentEvaluator>();
        services.AddSingleton<SegmentRules>();
        services.AddScoped<SegmentService>();
        services.AddScoped<PersonaService>();
        services.AddScoped<SegmentByIdLoader>();
        services.AddScoped<SegmentsByProfileLoader>();
        services.AddScoped<PersonaByProfileLoader>();
        services.AddSingleton<INodeResolver, SegmentNodeResolver>();
        services.AddSingleton<EventRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<EventRetention>());
        services.AddOutboxHandler<ProfileReviewHandler>();
        services.AddOutboxHandler<SegmentRecomputeHandler>();
        services.AddOutboxHandler<PurchaseEventHandler>();
        return services;
    }
}
