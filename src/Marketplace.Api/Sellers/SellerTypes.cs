using GraphQL;
using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Infrastructure.Webhooks;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Sellers;

public sealed class SellerStatusType : EnumerationGraphType<SellerStatus>
{
    public SellerStatusType() => Name = "SellerStatus";
}

public sealed class SellerType : ObjectGraphType<Seller>
{
    public const string TypeName = "Seller";

    public SellerType()
    {
        Name = TypeName;
        Description = "A supplier selling on the marketplace.";
        this.ImplementNode(TypeName, s => s.Id);
        Field(s => s.Handle).Description("URL handle, unique.");
        Field(s => s.Name);
        Field(s => s.Description, nullable: true);
        Field<NonNullGraphType<SellerStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field(s => s.CreatedAt);
        Field<DecimalGraphType>("commissionRate")
            .Description("The marketplace's share of each sale (0.12 = 12%). Only the seller and admins see it.")
            .Resolve().WithService<Viewer>()
            .Resolve((ctx, viewer) => viewer.ActsFor(ctx.Source.Id) ? ctx.Source.CommissionBps / 10_000m : null);
        Field<StringGraphType>("contactEmail")
            .Description("Only the seller and admins see it.")
            .Resolve().WithService<Viewer>()
            .Resolve((ctx, viewer) => viewer.ActsFor(ctx.Source.Id) ? ctx.Source.ContactEmail : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ShippingRateType>>>, IDataLoaderResult<IReadOnlyList<ShippingRate>>>("shippingRates")
            .Description("Where and how the seller ships, at what price and how fast. Public, so buyers can compare offers.")
            .ListCost(5)
            .Resolve().WithService<ShippingRatesBySellerLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
        Field<SellerSettingsType>("settings")
            .Description("Webhook settings. Only the seller and admins see them.")
            .Resolve().WithService<Viewer>()
            .Resolve((ctx, viewer) => viewer.ActsFor(ctx.Source.Id) ? ctx.Source : null);
        Field<NonNullGraphType<ConnectionType<OfferType, Offer>>, Page<Offer>>("listings")
            .Description("The seller's listings, newest first. Buyers see active ones; the seller and admins see all and may filter by status.")
            .PageArguments()
            .Argument<OfferStatusType>("status")
            .Resolve().WithServices<SellerService, Viewer, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, sellers, viewer, limits) =>
            {
                var owner = viewer.ActsFor(ctx.Source.Id);
                var status = ctx.GetArgument<OfferStatus?>("status");
                if (status is not null && status != OfferStatus.Active && !owner)
                    throw ApiErrors.Forbidden("Only the seller and admins can list draft or archived listings.");
                return sellers.ListingsAsync(ctx.Source.Id, owner, status, ctx.PageRequest(limits), ctx.CancellationToken)!;
            });
    }
}

public sealed class SellerSettingsType : ObjectGraphType<Seller>
{
    public SellerSettingsType()
    {
        Name = "SellerSettings";
        Field<StringGraphType>("webhookUrl").Resolve(ctx => ctx.Source.Settings.WebhookUrl);
        Field<NonNullGraphType<BooleanGraphType>>("hasWebhookSecret")
            .Description("Whether a signing secret is set. The secret itself is never returned.")
            .Resolve(ctx => ctx.Source.Settings.WebhookSecret is not null);
        Field<NonNullGraphType<WebhookEndpointStatusType>>("webhookStatus")
            .Description("DISABLED after 410 Gone or too many failures in a row: nothing is sent until you update webhookUrl.")
            .Resolve(ctx => ctx.Source.Settings.WebhookUrl is null ? WebhookEndpointStatus.NotConfigured
                : ctx.Source.WebhookDisabledAt is null ? WebhookEndpointStatus.Active : WebhookEndpointStatus.Disabled);
        Field<DateTimeGraphType>("webhookDisabledAt").Resolve(ctx => ctx.Source.WebhookDisabledAt);
        Field<StringGraphType>("webhookDisabledReason").Resolve(ctx => ctx.Source.WebhookDisabledReason);
        Field<NonNullGraphType<IntGraphType>>("webhookConsecutiveFailures")
            .Description("Failed deliveries in a row; the endpoint is disabled when this reaches the limit.")
            .Resolve(ctx => ctx.Source.WebhookConsecutiveFailures);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ShippingRateType>>>, IDataLoaderResult<IReadOnlyList<ShippingRate>>>("shippingRates")
            .DeprecationReason("Public now: use Seller.shippingRates.")
            .ListCost(5)
            .Resolve().WithService<ShippingRatesBySellerLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
    }
}

public sealed class ShippingRateType : ObjectGraphType<ShippingRate>
{
    public ShippingRateType()
    {
        Name = "ShippingRate";
        Description = "A way a seller ships: destination country, price, free-shipping threshold and delivery time.";
        Field(r => r.Name);
        Field(r => r.CountryCode);
        Field<NonNullGraphType<MoneyType>>("price")
            .Resolve().WithService<CatalogService>()
            .Resolve((ctx, catalog) => new Money(ctx.Source.PriceMinor, catalog.Currency));
        Field<MoneyType>("freeOver")
            .Description("The free-shipping threshold: orders at or above this subtotal ship free.")
            .Resolve().WithService<CatalogService>()
            .Resolve((ctx, catalog) => ctx.Source.FreeOverMinor is { } minor ? new Money(minor, catalog.Currency) : (Money?)null);
        Field(r => r.MinDeliveryDays, nullable: true).Description("Fewest days to delivery.");
        Field(r => r.MaxDeliveryDays, nullable: true).Description("Most days to delivery.");
    }
}

public sealed class SellerPayloadType : ObjectGraphType<SellerPayload>
{
    public SellerPayloadType()
    {
        Name = "SellerPayload";
        Field<SellerType>("seller").Resolve(ctx => ctx.Source.Seller);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class CreateSellerInputType : InputObjectGraphType<CreateSellerInput>
{
    public CreateSellerInputType()
    {
        Name = "CreateSellerInput";
        Field(x => x.Handle).Description("URL handle: a-z, 0-9 and '-'.");
        Field(x => x.Name);
        Field(x => x.ContactEmail, nullable: true);
        Field(x => x.ContactPhone, nullable: true);
        Field(x => x.Description, nullable: true);
        Field(x => x.CommissionRate, nullable: true).Description("0.10 (10%) when not given.");
    }
}

public sealed class SellerIdInputType : InputObjectGraphType
{
    public SellerIdInputType()
    {
        Name = "SellerIdInput";
        Field<NonNullGraphType<IdGraphType>>("sellerId");
        Field<StringGraphType>("reason").Description($"Why, for the audit trail (sellerAuditLog); at most {Limits.AuditReason} characters.");
    }
}

public sealed class SellerSettingsInputType : InputObjectGraphType<SellerSettingsInput>
{
    public SellerSettingsInputType()
    {
        Name = "SellerSettingsInput";
        Description = "Fields left out are kept; an empty webhookUrl removes it; shippingRates replaces the list.";
        Field(x => x.WebhookUrl, nullable: true);
        Field(x => x.WebhookSecret, nullable: true).Description($"16-{Limits.WebhookSecret} characters, used to sign webhooks; stored encrypted and never returned.");
        Field<ListGraphType<NonNullGraphType<ShippingRateInputType>>>("shippingRates").MaxItems(Limits.ShippingRatesPerSeller);
    }
}

public sealed class ShippingRateInputType : InputObjectGraphType<ShippingRateInput>
{
    public ShippingRateInputType()
    {
        Name = "ShippingRateInput";
        Field(x => x.Name);
        Field(x => x.CountryCode);
        Field(x => x.Price);
        Field(x => x.FreeOver, nullable: true);
        Field(x => x.MinDeliveryDays, nullable: true);
        Field(x => x.MaxDeliveryDays, nullable: true);
    }
}

public sealed class SellerAuditActionType : EnumerationGraphType<SellerAuditAction>
{
    public SellerAuditActionType() => Name = "SellerAuditAction";
}

public sealed class SellerAuditEntryType : ObjectGraphType<SellerAuditEntry>
{
    public SellerAuditEntryType()
    {
        Name = "SellerAuditEntry";
        Description = "An operator's decision about a seller.";
        Field<NonNullGraphType<SellerAuditActionType>>("action").Resolve(ctx => ctx.Source.Action);
        Field(e => e.Reason, nullable: true);
        Field(e => e.Actor).Description("The operator's token subject.");
        Field(e => e.At);
    }
}
