using GraphQL.DataLoader;
using GraphQL.Types;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Loading;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Infrastructure.Webhooks;

public sealed class WebhookDeliveryStatusType : EnumerationGraphType<WebhookDeliveryStatus>
{
    public WebhookDeliveryStatusType()
    {
        Name = "WebhookDeliveryStatus";
        Description = "PENDING: an attempt is due at nextAttemptAt. SUCCEEDED: the endpoint answered 2xx. FAILED: given up (out of retry time, 410 Gone, no secret). DISABLED: not sent because the endpoint is disabled.";
    }
}

public sealed class WebhookDeliveryType : ObjectGraphType<WebhookDelivery>
{
    public const string TypeName = "WebhookDelivery";

    public WebhookDeliveryType()
    {
        Name = TypeName;
        Description = "One event sent (or being sent) to a seller's webhook endpoint or a segment destination, with its attempts so far.";
        this.ImplementNode(TypeName, d => d.Id);
        Field(d => d.WebhookId).Description("The webhook-id header: the same on every attempt, for deduplication.");
        Field(d => d.EventType).Description("What happened, e.g. supplier_order.placed or webhook.test.");
        Field<NonNullGraphType<WebhookDeliveryStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field(d => d.Attempts).Description("HTTP attempts made so far.");
        Field(d => d.LastStatusCode, nullable: true).Description("The HTTP status of the last attempt; null when it got no response.");
        Field(d => d.LastError, nullable: true).Description("Why the last attempt failed.");
        Field(d => d.NextAttemptAt, nullable: true).Description("When the next attempt is due (PENDING only).");
        Field(d => d.CreatedAt);
        Field(d => d.LastAttemptAt, nullable: true);
        Field(d => d.DeliveredAt, nullable: true);
        Field(d => d.Payload).Description("The JSON body sent: {type, timestamp, data}.");
    }
}

public sealed class WebhookDeliveryPayloadType : ObjectGraphType<WebhookDeliveryPayload>
{
    public WebhookDeliveryPayloadType()
    {
        Name = "WebhookDeliveryPayload";
        Field<WebhookDeliveryType>("delivery").Resolve(ctx => ctx.Source.Delivery);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class RedeliverWebhookInput
{
    public string DeliveryId { get; init; } = "";
}

public sealed class RedeliverWebhookInputType : InputObjectGraphType<RedeliverWebhookInput>
{
    public RedeliverWebhookInputType()
    {
        Name = "RedeliverWebhookInput";
        Field(x => x.DeliveryId, type: typeof(NonNullGraphType<IdGraphType>)).Description("A WebhookDelivery id.");
    }
}

public sealed class WebhookEndpointStatusType : EnumerationGraphType<WebhookEndpointStatus>
{
    public WebhookEndpointStatusType()
    {
        Name = "WebhookEndpointStatus";
        Description = "NOT_CONFIGURED: no webhook URL. ACTIVE: webhooks are sent. DISABLED: after 410 Gone or too many failures in a row; update the webhook URL to enable it again.";
    }
}

public enum WebhookEndpointStatus { NotConfigured, Active, Disabled }

public sealed class WebhookDeliveryByIdLoader(MarketplaceDb db) : EntityLoader<long, WebhookDelivery>
{
    protected override async Task<IReadOnlyDictionary<long, WebhookDelivery?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct) =>
        await db.WebhookDeliveries.AsNoTracking().Where(d => keys.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => (WebhookDelivery?)d, ct);
}

public sealed class WebhookDeliveryNodeResolver : INodeResolver
{
    public string TypeName => WebhookDeliveryType.TypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id)
    {
        var viewer = services.GetRequiredService<Viewer>();
        return services.GetRequiredService<WebhookDeliveryByIdLoader>().Load(id, d => d is not null && d.IsVisibleTo(viewer) ? (object?)d : null);
    }
}
