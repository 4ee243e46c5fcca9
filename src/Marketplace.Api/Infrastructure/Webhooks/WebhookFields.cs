using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Infrastructure.Webhooks;

public static class WebhookFields
{
    public static void AddWebhookQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<WebhookDeliveryType, WebhookDelivery>>, Page<WebhookDelivery>>("webhookDeliveries")
            .Description("Seller: your webhook deliveries, newest first, with their attempts. Admins pass sellerId.")
            .Argument<WebhookDeliveryStatusType>("status")
            .Argument<IdGraphType>("sellerId", "Admin: whose deliveries; sellers see only their own.")
            .PageArguments()
            .Resolve().WithServices<WebhookService, Viewer, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, webhooks, viewer, limits) =>
            {
                viewer.RequireAuthenticated();
                long sellerId;
                if (ctx.GetArgument<string?>("sellerId") is { } given)
                {
                    sellerId = GlobalId.Parse(given, "Seller") ?? throw ApiErrors.BadUserInput("sellerId is not a Seller id.");
                    if (!viewer.ActsFor(sellerId)) throw ApiErrors.Forbidden("You can only see your own webhook deliveries.");
                }
                else sellerId = viewer.RequireSeller();
                return webhooks.DeliveriesAsync(sellerId, ctx.GetArgument<WebhookDeliveryStatus?>("status"), ctx.PageRequest(limits), ctx.CancellationToken)!;
            });

    public static void AddWebhookMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<WebhookDeliveryPayloadType>, WebhookDeliveryPayload>("redeliverWebhook")
            .Description("Seller: send a delivery again (same body and webhook-id), e.g. after fixing your endpoint. Admins may redeliver any.")
            .Argument<NonNullGraphType<RedeliverWebhookInputType>>("input")
            .Resolve().WithServices<WebhookService, Viewer>()
            .ResolveAsync((ctx, webhooks, viewer) =>
            {
                viewer.RequireAuthenticated();
                return webhooks.RedeliverAsync(viewer, ctx.GetArgument<RedeliverWebhookInput>("input").DeliveryId, ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<WebhookDeliveryPayloadType>, WebhookDeliveryPayload>("sendTestWebhook")
            .Description("Seller: queue a webhook.test event to your endpoint, to check that it receives and verifies webhooks.")
            .Resolve().WithServices<WebhookService, Viewer>()
            .ResolveAsync((ctx, webhooks, viewer) => webhooks.SendTestAsync(viewer.RequireSeller(), ctx.CancellationToken)!);
    }
}
