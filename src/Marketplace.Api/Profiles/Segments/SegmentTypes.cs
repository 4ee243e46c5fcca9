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
using Marketplace.Api.Personalization.Merchandising;
using Marketplace.Api.Profiles.Segments.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Profiles.Segments;

public sealed class SegmentRecomputeStatusType : EnumerationGraphType<SegmentRecomputeStatus>
{
    public SegmentRecomputeStatusType() => Name = "SegmentRecomputeStatus";
}

public sealed class SegmentRecomputeType : ObjectGraphType<Segment>
{
    public SegmentRecomputeType()
    {
        Name = "SegmentRecompute";
        Description = "The background recompute of every profile's membership that saving the rule started.";
        Field<NonNullGraphType<SegmentRecomputeStatusType>>("status").Resolve(ctx => ctx.Source.RecomputeStatus);
        Field<NonNullGraphType<IntGraphType>>("processed").Description("Profiles evaluated so far.").Resolve(ctx => ctx.Source.RecomputeProcessed);
        Field<NonNullGraphType<IntGraphType>>("total").Description("Profiles to evaluate (when it started).").Resolve(ctx => ctx.Source.RecomputeTotal);
        Field<DateTimeGraphType>("startedAt").Resolve(ctx => ctx.Source.RecomputeStartedAt);
        Field<DateTimeGraphType>("finishedAt").Resolve(ctx => ctx.Source.RecomputeFinishedAt);
    }
}

public sealed class SegmentType : ObjectGraphType<Segment>
{
    public SegmentType()
    {
        Name = SegmentService.TypeName;
        Description = "A rule over profiles, and the profiles it matches now. Members see its name; its rule and members are for admins.";
        Interface<NodeInterface>();
        IsTypeOf = value => value is Segment;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => GlobalId.Encode(SegmentService.TypeName, ctx.Source.Id));
        Field(s => s.Name);
        Field(s => s.Description, nullable: true);
        Field<NonNullGraphType<StringGraphType>>("rule").Description("Admins.")
            .Resolve().WithService<Viewer>().Resolve((ctx, viewer) => { viewer.RequireAdmin(); return ctx.Source.Rule; });
        Field<NonNullGraphType<IntGraphType>>("size").Description("Admins: members now.")
            .Resolve().WithServices<SegmentService, Viewer>()
            .ResolveAsync(async (ctx, segments, viewer) => { viewer.RequireAdmin(); return await segments.SizeAsync(ctx.Source.Id, ctx.CancellationToken); });
        Field<NonNullGraphType<ConnectionType<ProfileType, Profile>>, Page<Profile>>("members")
            .Description("Admins: the members, in profile id order.")
            .PageArguments()
            .Resolve().WithServices<SegmentService, Viewer, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync(async (ctx, segments, viewer, limits) =>
            {
                viewer.RequireAdmin();
                return await segments.MembersAsync(ctx.Source.Id, ctx.PageRequest(limits), ctx.CancellationToken);
            });
        Field<NonNullGraphType<SegmentRecomputeType>>("recompute").Description("Admins.")
            .Resolve().WithService<Viewer>().Resolve((ctx, viewer) => { viewer.RequireAdmin(); return ctx.Source; });
        this.AddMerchandisingRules();
        Field(s => s.CreatedAt);
        Field(s => s.UpdatedAt);
    }
}

public sealed class RuleErrorType : ObjectGraphType<RuleError>
{
    public RuleErrorType()
    {
        Name = "SegmentRuleError";
        Description = "Where a rule is wrong and why.";
        Field(e => e.Line).Description("From 1.");
        Field(e => e.Column).Description("From 1.");
        Field(e => e.Position).Description("Characters from the start, from 0.");
        Field(e => e.Message);
    }
}

public sealed class SegmentPreviewType : ObjectGraphType<SegmentPreview>
{
    public SegmentPreviewType()
    {
        Name = "SegmentPreview";
        Field(p => p.EstimatedSize).Description($"Members expected, from the latest {SegmentService.PreviewScan:N0} profiles.");
        Field(p => p.Scanned);
        Field(p => p.Matched);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProfileType>>>>("sample").Resolve(ctx => ctx.Source.Sample);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RuleErrorType>>>>("errors").Description("Empty when the rule is valid.").Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class SegmentInputType : InputObjectGraphType<SegmentInput>
{
    public SegmentInputType()
    {
        Name = "SegmentInput";
        Field(s => s.Name, nullable: true);
        Field(s => s.Description, nullable: true);
        Field(s => s.Rule, nullable: true).Description("""For example: traits.country in ("DE","FR") and count(PURCHASE where category = "running" within 90d) >= 2""");
    }
}

public sealed class SegmentPayloadType : ObjectGraphType<SegmentPayload>
{
    public SegmentPayloadType()
    {
        Name = "SegmentPayload";
        Field<SegmentType>("segment").Resolve(ctx => ctx.Source.Segment);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class DeleteSegmentPayloadType : ObjectGraphType<DeleteSegmentPayload>
{
    public DeleteSegmentPayloadType()
    {
        Name = "DeleteSegmentPayload";
        Field<IdGraphType>("deletedSegmentId").Resolve(ctx => ctx.Source.DeletedSegmentId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class SegmentByIdLoader(MarketplaceDb db) : EntityLoader<long, Segment>
{
    protected override async Task<IReadOnlyDictionary<long, Segment?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct) =>
        await db.Segments.AsNoTracking().Where(s => keys.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => (Segment?)s, ct);
}

/// <summary>node(id) for segments: admins only.</summary>
public sealed class SegmentNodeResolver : INodeResolver
{
    public string TypeName => SegmentService.TypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id) =>
        services.GetRequiredService<Viewer>().IsAdmin
            ? services.GetRequiredService<SegmentByIdLoader>().Load(id, s => (object?)s)
            : new ResolvedResult<object?>(null);
}

public static class SegmentFields
{
    public static void AddSegmentQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentType>>>, IReadOnlyList<Segment>>("segments")
            .Description("Admins: every segment, by name.")
            .Resolve().WithService<SegmentService>()
            .ResolveAsync((ctx, segments) => segments.ListAsync(ctx.CancellationToken)!);

        query.Field<SegmentType, Segment>("segment")
            .Description("Admins: one segment; null when there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithService<SegmentService>()
            .ResolveAsync((ctx, segments) => segments.FindAsync(ctx.GetArgument<string>("id"), ctx.CancellationToken)!);

        query.Field<NonNullGraphType<SegmentPreviewType>, SegmentPreview>("previewSegment")
            .Description("Admins: try a rule before saving it: its errors, or an estimated size and a sample of members.")
            .Argument<NonNullGraphType<StringGraphType>>("rule")
            .Resolve().WithService<SegmentService>()
            .ResolveAsync((ctx, segments) => segments.PreviewAsync(ctx.GetArgument<string>("rule"), ctx.CancellationToken)!);
    }

    public static void AddSegmentMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SegmentPayloadType>, SegmentPayload>("createSegment")
            .Description("Admins: a rule is parsed and type-checked when saved (a bad one is the userError INVALID_RULE with line, column and reason); members are computed in the background.")
            .Argument<NonNullGraphType<SegmentInputType>>("input")
            .Resolve().WithService<SegmentService>()
            .ResolveAsync((ctx, segments) => segments.CreateAsync(ctx.GetArgument<SegmentInput>("input"), ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<SegmentPayloadType>, SegmentPayload>("updateSegment")
            .Description("Admins: a changed rule recomputes every membership in the background (segment.recompute shows progress).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<SegmentInputType>>("input")
            .Resolve().WithService<SegmentService>()
            .ResolveAsync((ctx, segments) => segments.UpdateAsync(ctx.GetArgument<string>("id"), ctx.GetArgument<SegmentInput>("input"), ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<DeleteSegmentPayloadType>, DeleteSegmentPayload>("deleteSegment")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithService<SegmentService>()
            .ResolveAsync((ctx, segments) => segments.DeleteAsync(ctx.GetArgument<string>("id"), ctx.CancellationToken)!);
    }
}
