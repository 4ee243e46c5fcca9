using System.Text.Json;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Profiles.Segments;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Profiles.Activation;

public static class ActivationFields
{
    public static void AddActivationQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<SegmentDestinationType, SegmentDestination>>, Page<SegmentDestination>>("segmentDestinations")
            .Description("Admin: the endpoints that receive segment membership changes as webhooks, oldest first.")
            .PageArguments()
            .Resolve().WithServices<SegmentDestinationService, Viewer, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, destinations, viewer, limits) =>
            {
                viewer.RequireAdmin();
                return destinations.ListAsync(ctx.PageRequest(limits), ctx.CancellationToken)!;
            });

    public static void AddActivationMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SegmentDestinationPayloadType>, SegmentDestinationPayload>("createSegmentDestination")
            .Description("Admin: send segment.entered and segment.left webhooks to an endpoint. The payload holds its signing secret, once.")
            .Argument<NonNullGraphType<CreateSegmentDestinationInputType>>("input")
            .Resolve().WithServices<SegmentDestinationService, Viewer>()
            .ResolveAsync((ctx, destinations, viewer) =>
            {
                viewer.RequireAdmin();
                return destinations.CreateAsync(ctx.GetArgument<CreateSegmentDestinationInput>("input"), ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<SegmentDestinationPayloadType>, SegmentDestinationPayload>("updateSegmentDestination")
            .Description("Admin: change a destination's name, URL or segments, or rotate its secret.")
            .Argument<NonNullGraphType<UpdateSegmentDestinationInputType>>("input")
            .Resolve().WithServices<SegmentDestinationService, Viewer>()
            .ResolveAsync((ctx, destinations, viewer) =>
            {
                viewer.RequireAdmin();
                return destinations.UpdateAsync(ctx.GetArgument<UpdateSegmentDestinationInput>("input"), ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<DeleteSegmentDestinationPayloadType>, DeleteSegmentDestinationPayload>("deleteSegmentDestination")
            .Description("Admin: stop sending to a destination; its delivery log goes with it.")
            .Argument<NonNullGraphType<DeleteSegmentDestinationInputType>>("input")
            .Resolve().WithServices<SegmentDestinationService, Viewer>()
            .ResolveAsync((ctx, destinations, viewer) =>
            {
                viewer.RequireAdmin();
                return destinations.DeleteAsync(ctx.GetArgument<DeleteSegmentDestinationInput>("input").Id, ctx.CancellationToken)!;
            });
    }

    public static void AddActivationSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<SegmentMembershipChangeType>>("segmentMembershipChanged")
            .Description("Admin: profiles entering and leaving segments (one segment's, or every segment's), from the moment of subscribing.")
            .Argument<IdGraphType>("segmentId", "A Segment id; leave out for every segment.")
            .ResolveStream(ctx =>
            {
                ctx.RequestServices!.GetRequiredService<Viewer>().RequireAdmin();
                long? segmentId = null;
                if (ctx.GetArgument<string?>("segmentId") is { } given)
                    segmentId = SegmentActivation.ParseSegmentId(given) ?? throw ApiErrors.BadUserInput("segmentId is not a Segment id.");
                var events = ctx.RequestServices!.GetRequiredService<ISubscriptionHub>()
                    .Listen(SegmentActivation.SubscriptionName, SegmentActivation.SubscriptionKey);
                return new Filtered(events, segmentId);
            })
            .Resolve(ctx => ((SubscriptionEvents.SubscriptionEvent)ctx.Source!).Data.Deserialize<SegmentMembershipChanged>(Outbox.Json));

    /// <summary>The hub's stream of every segment's changes, narrowed to one segment's when asked.</summary>
    private sealed class Filtered(IObservable<SubscriptionEvents.SubscriptionEvent> events, long? segmentId) : IObservable<object?>
    {
        public IDisposable Subscribe(IObserver<object?> observer) => events.Subscribe(new Observer(observer, segmentId));

        private sealed class Observer(IObserver<object?> inner, long? segmentId) : IObserver<SubscriptionEvents.SubscriptionEvent>
        {
            public void OnNext(SubscriptionEvents.SubscriptionEvent value)
            {
                if (segmentId is null || (value.Data.TryGetProperty("segmentId", out var id) && id.TryGetInt64(out var n) && n == segmentId)) inner.OnNext(value);
            }

            public void OnError(Exception error) => inner.OnError(error);

            public void OnCompleted() => inner.OnCompleted();
        }
    }
}
