using GraphQL;
using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Profiles.Personas;
using Marketplace.Api.Profiles.Segments;
using Marketplace.Api.Profiles.Tracking;

namespace Marketplace.Api.Profiles;

public sealed class JourneyStageType : EnumerationGraphType<JourneyStage>
{
    public JourneyStageType()
    {
        Name = "JourneyStage";
        Description = "Where a person is: NEW_VISITOR, BROWSING, ENGAGED, CART_ABANDONER, FIRST_TIME_BUYER, REPEAT_BUYER, LAPSED.";
    }
}

public sealed class CustomerTypeType : EnumerationGraphType
{
    public CustomerTypeType()
    {
        Name = "CustomerType";
        Add("B2B", CustomerType.B2B, "Buys for a business.");
        Add("B2C", CustomerType.B2C, "Buys for themselves.");
    }
}

public sealed class TrackEventTypeType : EnumerationGraphType<TrackedEventType>
{
    public TrackEventTypeType()
    {
        Name = "TrackEventType";
        Description = "PURCHASE is emitted by the server when an order is placed; clients cannot send it.";
    }
}

public sealed class ProfileTraitsType : ObjectGraphType<ProfileTraits>
{
    public ProfileTraitsType()
    {
        Name = "ProfileTraits";
        Field(t => t.Email, nullable: true);
        Field(t => t.Country, nullable: true).Description("ISO 3166 alpha-2.");
        Field(t => t.Language, nullable: true);
        Field(t => t.Gender, nullable: true);
        Field(t => t.Age, nullable: true);
        Field(t => t.AgeBand, nullable: true).Description("18-24, 25-34, 35-44, ...");
        Field(t => t.Company, nullable: true);
        Field(t => t.Industry, nullable: true);
        Field(t => t.Role, nullable: true);
        Field<CustomerTypeType>("customerType").Description("B2B or B2C.").Resolve(ctx => ctx.Source.CustomerType);
    }
}

public sealed record AffinityScore(string Key, double Score);

public sealed class AffinityScoreType : ObjectGraphType<AffinityScore>
{
    public AffinityScoreType()
    {
        Name = "AffinityScore";
        Description = "A key's share of the person's (time-decayed) interest in its dimension, 0..1.";
        Field(a => a.Key);
        Field(a => a.Score);
    }
}

public sealed class ProfileAffinitiesType : ObjectGraphType<Affinities>
{
    public const int Shown = 10;

    public ProfileAffinitiesType()
    {
        Name = "ProfileAffinities";
        Description = $"The strongest {Shown} of each dimension, highest first. A category counts for its ancestors too.";
        foreach (var dimension in Enum.GetValues<AffinityDimension>())
        {
            var name = char.ToLowerInvariant(dimension.ToString()[0]) + dimension.ToString()[1..];
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<AffinityScoreType>>>>(name)
                .Resolve(ctx => ctx.Source.Top(dimension, Shown).Select(t => new AffinityScore(t.Key, Math.Round(t.Score, 4))).ToList());
        }
    }
}

public sealed class ProfileType : ObjectGraphType<Profile>
{
    public ProfileType()
    {
        Name = ProfileService.TypeName;
        Description = "One person's unified profile: every visitor id and the customer id that turned out to be them, their traits, and what their events say.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => GlobalId.Encode(ProfileService.TypeName, ctx.Source.Id));
        Field(p => p.CustomerId, nullable: true).Description("The signed-in customer's id (token subject), once known.");
        Field<NonNullGraphType<ProfileTraitsType>>("traits").Resolve(ctx => ctx.Source.Traits);
        Field<NonNullGraphType<ProfileAffinitiesType>>("affinities")
            .Resolve().WithServices<TimeProvider, Microsoft.Extensions.Options.IOptions<ProfilesOptions>>()
            .Resolve((ctx, time, options) =>
            {
                var affinities = Affinities.Parse(ctx.Source.Affinities);
                affinities.DecayTo(time.GetUtcNow().UtcDateTime, options.Value.AffinityHalfLife);
                return affinities;
            });
        Field<NonNullGraphType<JourneyStageType>>("journeyStage").Description("As of now: a cart left long enough makes a CART_ABANDONER without a new event.")
            .Resolve().WithServices<ProfileActivity, TimeProvider>()
            .Resolve((ctx, activity, time) => activity.StageOf(ctx.Source, time.GetUtcNow().UtcDateTime));
        Field(p => p.SessionCount);
        Field(p => p.EventCount);
        Field(p => p.ProductViewCount);
        Field(p => p.PurchaseCount).Description("Orders placed: the F of RFM.");
        Field<NonNullGraphType<DecimalGraphType>>("lifetimeValue").Description("Everything spent, in the marketplace's currency.").Resolve(ctx => ctx.Source.LifetimeValue);
        Field<DecimalGraphType>("averageOrderValue").Description("The M of RFM; null before the first order.")
            .Resolve(ctx => ctx.Source.PurchaseCount == 0 ? null : Math.Round(ctx.Source.LifetimeValue / ctx.Source.PurchaseCount, 2));
        Field<FloatGraphType>("daysSinceLastPurchase").Description("The R of RFM; null before the first order.")
            .Resolve().WithService<TimeProvider>()
            .Resolve((ctx, time) => ctx.Source.LastPurchaseAt is { } at ? Math.Round((time.GetUtcNow().UtcDateTime - at).TotalDays, 2) : null);
        Field(p => p.LastPurchaseAt, nullable: true);
        Field(p => p.FirstSeenAt);
        Field(p => p.LastSeenAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentType>>>, IDataLoaderResult<IReadOnlyList<Segment>>>("segments")
            .Description("The segments the person is in now, by name (kept current as events arrive).")
            .Resolve().WithService<SegmentsByProfileLoader>()
            .Resolve((ctx, segments) => segments.Load(ctx.Source.Id));
        Field<PersonaType, IDataLoaderResult<Persona?>>("persona").Description("The persona of the person's highest-priority segment that has one; null when none.")
            .Resolve().WithService<PersonaByProfileLoader>()
            .Resolve((ctx, personas) => personas.Load(ctx.Source.Id));
        Field<NonNullGraphType<BooleanGraphType>>("trackingConsent").Description("False while the person has withdrawn consent: no behavioural events are stored.")
            .Resolve(ctx => ctx.Source.ConsentWithdrawnAt is null);
    }
}

public sealed record Me(string? CustomerId, string? VisitorId);

public sealed class MeType : ObjectGraphType<Me>
{
    public MeType()
    {
        Name = "Me";
        Description = "Who is asking: the signed-in customer, or the anonymous visitor of X-Visitor-Id.";
        Field(m => m.CustomerId, nullable: true);
        Field(m => m.VisitorId, nullable: true);
        Field<ProfileType, Profile>("profile").Description("Your unified profile; null until you have one (track an event, or set a trait).")
            .Resolve().WithService<ProfileService>()
            .ResolveAsync((ctx, profiles) => profiles.CurrentAsync(ctx.CancellationToken)!);
        Field<PersonaType, Persona>("persona").Description("Your persona, so the storefront can choose your experience; null when none applies.")
            .Resolve().WithServices<ProfileService, PersonaByProfileLoader>()
            .ResolveAsync(async (ctx, profiles, personas) =>
                await profiles.CurrentAsync(ctx.CancellationToken) is { } profile ? await personas.Load(profile.Id).GetResultAsync(ctx.CancellationToken) : null);
    }
}

public sealed class TrackEventInputType : InputObjectGraphType<TrackEventInput>
{
    public TrackEventInputType()
    {
        Name = "TrackEventInput";
        Description = "One event. eventId is yours (a UUID): an event sent twice is stored once.";
        Field<NonNullGraphType<StringGraphType>>("eventId");
        Field<NonNullGraphType<TrackEventTypeType>>("type");
        Field<NonNullGraphType<DateTimeGraphType>>("timestamp").Description($"When it happened; future or very old events are rejected.");
        Field<IdGraphType>("productId").Description("PRODUCT_VIEW, CLICK, ADD_TO_CART and REMOVE_FROM_CART need one.");
        Field<IdGraphType>("variantId");
        Field<StringGraphType>("query").Description("SEARCH: what was searched.");
        Field<IntGraphType>("resultCount").Description("SEARCH: how many results it had.");
        Field<IntGraphType>("position").Description("CLICK: the result's position, from 1.");
        Field<StringGraphType>("requestId").Description("CLICK, ADD_TO_CART: the requestId of the search or recommendations response it came from, so it counts for that response.");
        Field<IdGraphType>("orderId");
        Field<DecimalGraphType>("value");
        Field<JsonObjectGraphType>("properties").Description("Free properties (CUSTOM and any other type).");
        Field<StringGraphType>("visitorId").Description("The anonymous visitor, when not sent as the X-Visitor-Id header.");
    }
}

public sealed class EventRejectionCodeType : EnumerationGraphType<EventRejectionCode>
{
    public EventRejectionCodeType() => Name = "EventRejectionCode";
}

public sealed class EventRejectionType : ObjectGraphType<EventRejection>
{
    public EventRejectionType()
    {
        Name = "EventRejection";
        Description = "An event that was not stored, and why. The others in the call were.";
        Field(r => r.Index).Description("Its position in the events sent, from 0.");
        Field(r => r.EventId, nullable: true);
        Field<NonNullGraphType<EventRejectionCodeType>>("code").Resolve(ctx => ctx.Source.Code);
        Field(r => r.Message);
    }
}

public sealed class TrackPayloadType : ObjectGraphType<TrackResult>
{
    public TrackPayloadType()
    {
        Name = "TrackPayload";
        Field(r => r.Accepted).Description("Events stored (durably, before this answer).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EventRejectionType>>>>("rejected").Resolve(ctx => ctx.Source.Rejected);
    }
}

public sealed class ProfileTraitsInputType : InputObjectGraphType<ProfileTraitsInput>
{
    public ProfileTraitsInputType()
    {
        Name = "ProfileTraitsInput";
        Description = "Traits to set; those left out stay as they are.";
        Field(t => t.Email, nullable: true);
        Field(t => t.Country, nullable: true);
        Field(t => t.Language, nullable: true);
        Field(t => t.Gender, nullable: true);
        Field(t => t.Age, nullable: true);
        Field(t => t.Company, nullable: true);
        Field(t => t.Industry, nullable: true);
        Field(t => t.Role, nullable: true);
        Field<CustomerTypeType>("customerType");
    }
}

public sealed class ProfilePayloadType : ObjectGraphType<ProfilePayload>
{
    public ProfilePayloadType()
    {
        Name = "ProfilePayload";
        Field<ProfileType>("profile").Resolve(ctx => ctx.Source.Profile);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class DeleteProfilePayloadType : ObjectGraphType<DeleteProfilePayload>
{
    public DeleteProfilePayloadType()
    {
        Name = "DeleteProfilePayload";
        Field<IdGraphType>("deletedProfileId").Resolve(ctx => ctx.Source.DeletedProfileId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}
