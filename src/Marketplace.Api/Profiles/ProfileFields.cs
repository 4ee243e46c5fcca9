using System.Text.Json;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Profiles.Tracking;

namespace Marketplace.Api.Profiles;

public static class ProfileFields
{
    public static void AddProfileQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<MeType>, Me>("me")
            .Description($"Who is asking (a token, or the {VisitorId.Header} header) and their profile.")
            .Resolve().WithServices<Viewer, IHttpContextAccessor>()
            .Resolve((_, viewer, http) => new Me(viewer.IsAuthenticated ? viewer.Subject : null, VisitorId.Of(http.HttpContext)));

        query.Field<ProfileType, Profile>("profile")
            .Description("Admins: any profile by id; null when there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithService<ProfileService>()
            .ResolveAsync((ctx, profiles) => profiles.FindAsync(ctx.GetArgument<string>("id"), ctx.CancellationToken)!);
    }

    public static void AddProfileMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<TrackPayloadType>, TrackResult>("track")
            .Description($"Collect up to {EventIngestion.MaxEventsPerCall} events ({EventIngestion.MaxEventBytes / 1024} KB each, {EventIngestion.MaxCallBytes / 1024} KB in all) of the caller: a token, the {VisitorId.Header} header, or each event's visitorId. Each bad event is rejected with a reason; the rest are stored before the answer.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<TrackEventInputType>>>>("events")
            .Resolve().WithServices<EventIngestion, Viewer, IHttpContextAccessor>()
            .ResolveAsync((ctx, ingestion, viewer, http) =>
            {
                var events = ctx.GetArgument<List<TrackEventInput>>("events");
                if (events.Count > EventIngestion.MaxEventsPerCall)
                    throw ApiErrors.BadUserInput($"{events.Count} events sent; at most {EventIngestion.MaxEventsPerCall} a call.");
                var total = 0;
                foreach (var e in events) total += e.SizeBytes = JsonSerializer.SerializeToUtf8Bytes(e).Length;
                if (total > EventIngestion.MaxCallBytes)
                    throw ApiErrors.TooLarge($"The events are {total / 1024:N0} KB; at most {EventIngestion.MaxCallBytes / 1024} KB a call.");
                var source = new EventSource(viewer.IsAuthenticated ? viewer.Subject : null, VisitorId.Of(http.HttpContext));
                return ingestion.TrackAsync(events, source, ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<ProfilePayloadType>, ProfilePayload>("identify")
            .Description($"Signed in: the visitor (the argument, else the {VisitorId.Header} header) is you; its profile merges into yours. Doing it again changes nothing.")
            .Argument<StringGraphType>("visitorId")
            .Resolve().WithService<ProfileService>()
            .ResolveAsync((ctx, profiles) => profiles.IdentifyAsync(ctx.GetArgument<string?>("visitorId"), ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<ProfilePayloadType>, ProfilePayload>("updateProfileTraits")
            .Argument<NonNullGraphType<ProfileTraitsInputType>>("input")
            .Resolve().WithService<ProfileService>()
            .ResolveAsync((ctx, profiles) => profiles.UpdateTraitsAsync(ctx.GetArgument<ProfileTraitsInput>("input"), ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<ProfilePayloadType>, ProfilePayload>("setTrackingConsent")
            .Description("Withdraw (false) or grant (true) consent to tracking; while withdrawn, no behavioural event of yours is stored.")
            .Argument<NonNullGraphType<BooleanGraphType>>("granted")
            .Resolve().WithService<ProfileService>()
            .ResolveAsync((ctx, profiles) => profiles.SetTrackingConsentAsync(ctx.GetArgument<bool>("granted"), ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<BooleanGraphType>, bool>("forgetMe")
            .Description("Erase your profile, its events and identities, and take it out of every segment. True when there was one.")
            .Resolve().WithService<ProfileService>()
            .ResolveAsync((ctx, profiles) => profiles.ForgetMeAsync(ctx.CancellationToken));

        mutation.Field<NonNullGraphType<DeleteProfilePayloadType>, DeleteProfilePayload>("deleteProfile")
            .Description("Admins: erase a profile, its events and identities.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithService<ProfileService>()
            .ResolveAsync((ctx, profiles) => profiles.DeleteAsync(ctx.GetArgument<string>("id"), ctx.CancellationToken)!);
    }
}
