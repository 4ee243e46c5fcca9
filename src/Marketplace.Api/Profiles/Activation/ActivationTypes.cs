using GraphQL;
using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Loading;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Profiles.Activation;

public sealed class SegmentDestinationType : ObjectGraphType<SegmentDestination>
{
    public SegmentDestinationType()
    {
        Name = SegmentDestinationService.TypeName;
        Description = "An endpoint (an email or ad tool) that receives segment.entered and segment.left as signed webhooks. Admins only.";
        this.ImplementNode(SegmentDestinationService.TypeName, d => d.Id);
        Field(d => d.Name);
        Field(d => d.Url).Description("Where webhooks are POSTed, signed the Standard Webhooks way with the destination's secret.");
        Field(d => d.AllSegments).Description("Whether it hears every segment, present and future; otherwise only segmentIds.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("segmentIds")
            .Description("The Segment ids it wants (when allSegments is false).")
            .Resolve(ctx => ctx.Source.Segments.Select(s => GlobalId.Encode(SegmentActivation.SegmentTypeName, s.SegmentId)).Order().ToList());
        Field<NonNullGraphType<WebhookEndpointStatusType>>("status")
            .Description("DISABLED after 410 Gone or too many failures in a row: nothing is sent until its URL is updated.")
            .Resolve(ctx => ctx.Source.DisabledAt is null ? WebhookEndpointStatus.Active : WebhookEndpointStatus.Disabled);
        Field(d => d.DisabledAt, nullable: true);
        Field(d => d.DisabledReason, nullable: true);
        Field(d => d.ConsecutiveFailures).Description("Failed attempts in a row; the endpoint is disabled when it reaches Webhooks:DisableAfterConsecutiveFailures.");
        Field(d => d.CreatedAt);
        Field(d => d.UpdatedAt);
        Field<NonNullGraphType<ConnectionType<WebhookDeliveryType, WebhookDelivery>>, Page<WebhookDelivery>>("deliveries")
            .Description("Webhooks sent (or being sent) to this destination, newest first. Redeliver one with redeliverWebhook.")
            .Argument<WebhookDeliveryStatusType>("status")
            .PageArguments()
            .Resolve().WithServices<WebhookService, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, webhooks, limits) => webhooks.DeliveriesAsync(
                WebhookTarget.Destination(ctx.Source.Id), ctx.GetArgument<WebhookDeliveryStatus?>("status"), ctx.PageRequest(limits), ctx.CancellationToken)!);
    }
}

public sealed class SegmentDestinationPayloadType : ObjectGraphType<SegmentDestinationPayload>
{
    public SegmentDestinationPayloadType()
    {
        Name = "SegmentDestinationPayload";
        Field<SegmentDestinationType>("destination").Resolve(ctx => ctx.Source.Destination);
        Field<StringGraphType>("secret")
            .Description("The signing secret (whsec_...), only when it was just made (created, or rotateSecret): store it now, it is never shown again.")
            .Resolve(ctx => ctx.Source.Secret);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class DeleteSegmentDestinationPayloadType : ObjectGraphType<DeleteSegmentDestinationPayload>
{
    public DeleteSegmentDestinationPayloadType()
    {
        Name = "DeleteSegmentDestinationPayload";
        Field<IdGraphType>("deletedId").Resolve(ctx => ctx.Source.DeletedId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class CreateSegmentDestinationInputType : InputObjectGraphType<CreateSegmentDestinationInput>
{
    public CreateSegmentDestinationInputType()
    {
        Name = "CreateSegmentDestinationInput";
        Field(x => x.Name);
        Field(x => x.Url).Description("An absolute https URL (http where allowed), not on a private network.");
        Field(x => x.SegmentIds, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>))
            .Description("Segment ids it wants; leave out for every segment.");
        Field(x => x.AllSegments, nullable: true).Description("Every segment, present and future. Default: true when segmentIds is left out.");
    }
}

public sealed class UpdateSegmentDestinationInputType : InputObjectGraphType<UpdateSegmentDestinationInput>
{
    public UpdateSegmentDestinationInputType()
    {
        Name = "UpdateSegmentDestinationInput";
        Description = "Fields left out are kept. Setting url (even to the same value) enables a disabled destination.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name, nullable: true);
        Field(x => x.Url, nullable: true);
        Field(x => x.SegmentIds, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>))
            .Description("Replaces the list; unless allSegments is given too, the destination then hears only these.");
        Field(x => x.AllSegments, nullable: true);
        Field(x => x.RotateSecret, nullable: true).Description("Makes a new signing secret, returned once in the payload; the old one stops working at once.");
    }
}

public sealed class DeleteSegmentDestinationInput
{
    public string Id { get; init; } = "";
}

public sealed class DeleteSegmentDestinationInputType : InputObjectGraphType<DeleteSegmentDestinationInput>
{
    public DeleteSegmentDestinationInputType()
    {
        Name = "DeleteSegmentDestinationInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
    }
}

public enum SegmentMembershipChangeKind { Entered, Left }

public sealed class SegmentMembershipChangeKindType : EnumerationGraphType<SegmentMembershipChangeKind>
{
    public SegmentMembershipChangeKindType()
    {
        Name = "SegmentMembershipChangeKind";
    }
}

public sealed class SegmentMembershipChangeType : ObjectGraphType<SegmentMembershipChanged>
{
    public SegmentMembershipChangeType()
    {
        Name = "SegmentMembershipChange";
        Description = "A profile entered or left a segment.";
        Field<NonNullGraphType<IdGraphType>>("segmentId").Resolve(ctx => GlobalId.Encode(SegmentActivation.SegmentTypeName, ctx.Source.SegmentId));
        Field(c => c.SegmentName);
        Field<NonNullGraphType<IdGraphType>>("profileId").Description("The Profile id.").Resolve(ctx => SegmentActivation.ProfileGlobalId(ctx.Source.ProfileId));
        Field(c => c.CustomerId, nullable: true);
        Field<NonNullGraphType<SegmentMembershipChangeKindType>>("change")
            .Resolve(ctx => ctx.Source.Entered ? SegmentMembershipChangeKind.Entered : SegmentMembershipChangeKind.Left);
        Field(c => c.At, type: typeof(NonNullGraphType<DateTimeGraphType>)).Description("When the membership changed.");
    }
}

public sealed class SegmentDestinationByIdLoader(MarketplaceDb db) : EntityLoader<long, SegmentDestination>
{
    protected override async Task<IReadOnlyDictionary<long, SegmentDestination?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct) =>
        await db.SegmentDestinations.AsNoTracking().Include(d => d.Segments).Where(d => keys.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => (SegmentDestination?)d, ct);
}

/// <summary>node(id) for destinations: admins only, like every other view of them.</summary>
public sealed class SegmentDestinationNodeResolver : INodeResolver
{
    public string TypeName => SegmentDestinationService.TypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id)
    {
        var admin = services.GetRequiredService<Viewer>().IsAdmin;
        return services.GetRequiredService<SegmentDestinationByIdLoader>().Load(id, d => admin ? (object?)d : null);
    }
}
