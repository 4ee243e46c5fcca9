using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Profiles.Segments;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Personalization.Merchandising;

public sealed class MerchandisingActionType : EnumerationGraphType<MerchandisingAction>
{
    public MerchandisingActionType()
    {
        Name = "MerchandisingAction";
        Description = "BOOST ranks what the rule picks higher, BURY lower, PIN to the top.";
    }
}

public sealed class MerchandisingTargetType : EnumerationGraphType<MerchandisingTarget>
{
    public MerchandisingTargetType()
    {
        Name = "MerchandisingTarget";
        Description = "What a rule's value names: a category slug (and everything below it), a brand, a seller handle, an attribute or option value, or a product id.";
    }
}

public sealed class MerchandisingRuleType : ObjectGraphType<MerchandisingRule>
{
    public MerchandisingRuleType()
    {
        Name = MerchandisingService.TypeName;
        Description = "Admins: boost, bury or pin products for a segment's members in search and recommendations, within a time window.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => GlobalId.Encode(MerchandisingService.TypeName, ctx.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("segmentId").Resolve(ctx => GlobalId.Encode(SegmentService.TypeName, ctx.Source.SegmentId));
        Field<NonNullGraphType<MerchandisingActionType>>("action").Resolve(ctx => ctx.Source.Action);
        Field<NonNullGraphType<MerchandisingTargetType>>("target").Resolve(ctx => ctx.Source.Target);
        Field(r => r.AttributeName, nullable: true).Description("For ATTRIBUTE rules: the attribute or option name (\"material\", \"Size\").");
        Field<NonNullGraphType<StringGraphType>>("value").Description("A category slug, brand, seller handle, attribute value, or a product's id.")
            .Resolve(ctx => MerchandisingService.DisplayValue(ctx.Source));
        Field(r => r.Weight).Description("0-100: how strongly it boosts or buries; ignored for PIN.");
        Field(r => r.StartsAt, nullable: true).Description("In force from; null: since it was made.");
        Field(r => r.EndsAt, nullable: true).Description("In force until (not including); null: until deleted.");
        Field<NonNullGraphType<BooleanGraphType>>("active").Description("Whether its window holds now.")
            .Resolve().WithService<TimeProvider>().Resolve((ctx, time) => ctx.Source.IsActiveAt(time.GetUtcNow().UtcDateTime));
        Field(r => r.Note, nullable: true);
        Field(r => r.CreatedAt);
        Field(r => r.UpdatedAt);
    }
}

public sealed class MerchandisingRuleInputType : InputObjectGraphType<MerchandisingRuleInput>
{
    public MerchandisingRuleInputType()
    {
        Name = "MerchandisingRuleInput";
        Description = "All of segmentId, action, target, value and weight to create. To update, send what changes; attributeName, startsAt, endsAt or note sent as null clear it.";
        Field<IdGraphType>("segmentId");
        Field<MerchandisingActionType>("action");
        Field<MerchandisingTargetType>("target");
        Field(r => r.AttributeName, nullable: true);
        Field(r => r.Value, nullable: true).Description("A category slug, brand, seller handle, attribute value, or a product's id.");
        Field(r => r.Weight, nullable: true).Description("0-100; ignored for PIN.");
        Field(r => r.StartsAt, nullable: true);
        Field(r => r.EndsAt, nullable: true);
        Field(r => r.Note, nullable: true);
    }

    // Which fields were sent, so an update tells "leave it" (absent) from "clear it" (null).
    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        var input = (MerchandisingRuleInput)base.ParseDictionary(value);
        input.Given = value.Keys.ToHashSet(StringComparer.Ordinal);
        return input;
    }
}

public sealed class MerchandisingRulePayloadType : ObjectGraphType<MerchandisingRulePayload>
{
    public MerchandisingRulePayloadType()
    {
        Name = "MerchandisingRulePayload";
        Field<MerchandisingRuleType>("rule").Resolve(ctx => ctx.Source.Rule);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class DeleteMerchandisingRulePayloadType : ObjectGraphType<DeleteMerchandisingRulePayload>
{
    public DeleteMerchandisingRulePayloadType()
    {
        Name = "DeleteMerchandisingRulePayload";
        Field<IdGraphType>("deletedRuleId").Resolve(ctx => ctx.Source.DeletedRuleId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public static class MerchandisingFields
{
    public static void AddMerchandisingQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<MerchandisingRuleType, MerchandisingRule>>, Page<MerchandisingRule>>("merchandisingRules")
            .Description("Admins: merchandising rules in creation order, of one segment or of all.")
            .Argument<IdGraphType>("segmentId")
            .Argument<BooleanGraphType>("activeOnly", arg => arg.DefaultValue = false)
            .PageArguments()
            .Resolve().WithServices<MerchandisingService, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, rules, limits) =>
                rules.ListAsync(ctx.GetArgument<string?>("segmentId"), ctx.GetArgument("activeOnly", false), ctx.PageRequest(limits), ctx.CancellationToken)!);

    /// <summary>Segment.merchandisingRules.</summary>
    public static void AddMerchandisingRules(this ObjectGraphType<Segment> segment) =>
        segment.Field<NonNullGraphType<ConnectionType<MerchandisingRuleType, MerchandisingRule>>, Page<MerchandisingRule>>("merchandisingRules")
            .Description("Admins: the segment's merchandising rules in creation order.")
            .Argument<BooleanGraphType>("activeOnly", arg => arg.DefaultValue = false)
            .PageArguments()
            .Resolve().WithServices<MerchandisingService, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, rules, limits) =>
                rules.OfSegmentAsync(ctx.Source.Id, ctx.GetArgument("activeOnly", false), ctx.PageRequest(limits), ctx.CancellationToken)!);

    public static void AddMerchandisingMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<MerchandisingRulePayloadType>, MerchandisingRulePayload>("createMerchandisingRule")
            .Description("Admins: a rule for a segment's members; categories, sellers and products it names must exist.")
            .Argument<NonNullGraphType<MerchandisingRuleInputType>>("input")
            .Resolve().WithService<MerchandisingService>()
            .ResolveAsync((ctx, rules) => rules.CreateAsync(ctx.GetArgument<MerchandisingRuleInput>("input"), ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<MerchandisingRulePayloadType>, MerchandisingRulePayload>("updateMerchandisingRule")
            .Description("Admins: changes what the input sends; search and recommendations on every instance follow within seconds.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<MerchandisingRuleInputType>>("input")
            .Resolve().WithService<MerchandisingService>()
            .ResolveAsync((ctx, rules) => rules.UpdateAsync(ctx.GetArgument<string>("id"), ctx.GetArgument<MerchandisingRuleInput>("input"), ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<DeleteMerchandisingRulePayloadType>, DeleteMerchandisingRulePayload>("deleteMerchandisingRule")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithService<MerchandisingService>()
            .ResolveAsync((ctx, rules) => rules.DeleteAsync(ctx.GetArgument<string>("id"), ctx.CancellationToken)!);
    }
}
