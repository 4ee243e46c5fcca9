using GraphQL;
using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Sellers;

public static class SellerFields
{
    /// <summary>Buyers see active sellers; admins and the seller itself see any status.</summary>
    public static bool CanSee(this Viewer viewer, Seller seller) => seller.Status == SellerStatus.Active || viewer.ActsFor(seller.Id);

    public static void AddSellerQueries(this ObjectGraphType query)
    {
        query.Field<ConnectionType<SellerType, Seller>, Page<Seller>>("sellers")
            .Description("Active sellers; admins may filter by any status. Null, with an error, when the paging arguments are wrong.")
            .PageArguments()
            .Argument<SellerStatusType>("status")
            .Resolve().WithServices<SellerService, Viewer, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, sellers, viewer, limits) =>
            {
                var status = ctx.GetArgument<SellerStatus?>("status");
                if (!viewer.IsAdmin)
                {
                    if (status is not null && status != SellerStatus.Active)
                        throw ApiErrors.Forbidden("Only admins can list sellers that are not active.");
                    status = SellerStatus.Active;
                }
                return sellers.SellersAsync(status, ctx.PageRequest(limits), ctx.CancellationToken)!;
            });

        query.Field<SellerType, Seller>("seller")
            .Description("A seller by handle or id.")
            .Argument<StringGraphType>("handle", arg => arg.MaxLength(Limits.Handle))
            .Argument<IdGraphType>("id")
            .Resolve().WithServices<SellerService, Viewer>()
            .ResolveAsync(async (ctx, sellers, viewer) =>
            {
                var (handle, id) = (ctx.GetArgument<string?>("handle"), ctx.GetArgument<string?>("id"));
                if ((handle is null) == (id is null)) throw ApiErrors.BadUserInput("Pass exactly one of handle or id.");
                var seller = handle is not null
                    ? await sellers.FindByHandleAsync(handle, ctx.CancellationToken)
                    : await sellers.FindAsync(GlobalId.Parse(id, SellerType.TypeName) ?? throw ApiErrors.BadUserInput("id is not a Seller id."), ctx.CancellationToken);
                return seller is not null && viewer.CanSee(seller) ? seller : null;
            });

        query.Field<NonNullGraphType<ConnectionType<SellerAuditEntryType, SellerAuditEntry>>, Page<SellerAuditEntry>>("sellerAuditLog")
            .Description("Admin: approvals and suspensions of a seller, with who decided and why; newest first.")
            .Argument<NonNullGraphType<IdGraphType>>("sellerId")
            .PageArguments()
            .Resolve().WithServices<SellerService, Viewer, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, sellers, viewer, limits) =>
            {
                viewer.RequireAdmin();
                var id = GlobalId.Parse(ctx.GetArgument<string>("sellerId"), SellerType.TypeName) ?? throw ApiErrors.BadUserInput("sellerId is not a Seller id.");
                return sellers.AuditLogAsync(id, ctx.PageRequest(limits), ctx.CancellationToken)!;
            });

        query.Field<SellerType, Seller>("mySeller")
            .Description("The seller account of the caller (seller role).")
            .Resolve().WithServices<SellerService, Viewer>()
            .ResolveAsync((ctx, sellers, viewer) => sellers.FindAsync(viewer.RequireSeller(), ctx.CancellationToken));
    }

    public static void AddSellerMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SellerPayloadType>, SellerPayload>("createSeller")
            .Description("Admin: register a seller. It starts PENDING until approved.")
            .Argument<NonNullGraphType<CreateSellerInputType>>("input")
            .Resolve().WithServices<SellerService, Viewer>()
            .ResolveAsync((ctx, sellers, viewer) =>
            {
                viewer.RequireAdmin();
                return sellers.CreateAsync(ctx.GetArgument<CreateSellerInput>("input"), ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<SellerPayloadType>, SellerPayload>("approveSeller")
            .Description("Admin: make a seller ACTIVE; its active listings become visible.")
            .Argument<NonNullGraphType<SellerIdInputType>>("input")
            .Resolve().WithServices<SellerService, Viewer>()
            .ResolveAsync((ctx, sellers, viewer) =>
            {
                viewer.RequireAdmin();
                return sellers.ApproveAsync(SellerIdOf(ctx), ReasonOf(ctx), viewer.Subject ?? "admin", ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<SellerPayloadType>, SellerPayload>("suspendSeller")
            .Description("Admin: suspend a seller; its listings disappear from buyer-facing queries at once. The reason goes to sellerAuditLog.")
            .Argument<NonNullGraphType<SellerIdInputType>>("input")
            .Resolve().WithServices<SellerService, Viewer>()
            .ResolveAsync((ctx, sellers, viewer) =>
            {
                viewer.RequireAdmin();
                return sellers.SuspendAsync(SellerIdOf(ctx), ReasonOf(ctx), viewer.Subject ?? "admin", ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<SellerPayloadType>, SellerPayload>("updateSellerSettings")
            .Description("Seller: edit your own webhook and shipping settings.")
            .Argument<NonNullGraphType<SellerSettingsInputType>>("input")
            .Resolve().WithServices<SellerService, Viewer>()
            .ResolveAsync((ctx, sellers, viewer) =>
                sellers.UpdateSettingsAsync(viewer.RequireSeller(), ctx.GetArgument<SellerSettingsInput>("input"), ctx.CancellationToken)!);
    }

    private static string SellerIdOf(IResolveFieldContext ctx) =>
        ctx.GetArgument<Dictionary<string, object?>>("input")["sellerId"] as string ?? "";

    private static string? ReasonOf(IResolveFieldContext ctx) =>
        ctx.GetArgument<Dictionary<string, object?>>("input").GetValueOrDefault("reason") as string;
}

public sealed class SellerNodeResolver : INodeResolver
{
    public string TypeName => SellerType.TypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id)
    {
        var viewer = services.GetRequiredService<Viewer>();
        return services.GetRequiredService<SellerByIdLoader>().Load(id, s => s is not null && viewer.CanSee(s) ? (object?)s : null);
    }
}
