using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.Infrastructure.Auth;

namespace Marketplace.Api.Listings;

public static class ListingFields
{
    public static void AddListingMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ListingPayloadType>, ListingPayload>("createListing")
            .Description("Seller: list a product. A product whose gtin exists gets your offer added instead of a duplicate.")
            .Argument<NonNullGraphType<ListingInputType>>("input")
            .Resolve().WithServices<ListingService, Viewer>()
            .ResolveAsync((ctx, listings, viewer) =>
                listings.CreateAsync(viewer.RequireSeller(), ctx.GetArgument<ListingInput>("input"), ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<ListingPayloadType>, ListingPayload>("updateListing")
            .Description("Seller: change your listing's price, stock, SKU or condition.")
            .Argument<NonNullGraphType<UpdateListingInputType>>("input")
            .Resolve().WithServices<ListingService, Viewer>()
            .ResolveAsync((ctx, listings, viewer) =>
                listings.UpdateAsync(viewer.RequireSeller(), ctx.GetArgument<UpdateListingInput>("input"), ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<ListingPayloadType>, ListingPayload>("adjustStock")
            .Description("Seller: add (or with a negative delta remove) stock; it never goes below zero.")
            .Argument<NonNullGraphType<AdjustStockInputType>>("input")
            .Resolve().WithServices<ListingService, Viewer>()
            .ResolveAsync((ctx, listings, viewer) =>
            {
                var input = ctx.GetArgument<AdjustStockInput>("input");
                return listings.AdjustStockAsync(viewer.RequireSeller(), input.ListingId, input.Delta, ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<ListingPayloadType>, ListingPayload>("publishListing")
            .Description("Seller: make your listing ACTIVE (visible to buyers once you are approved).")
            .Argument<NonNullGraphType<ListingIdInputType>>("input")
            .Resolve().WithServices<ListingService, Viewer>()
            .ResolveAsync((ctx, listings, viewer) =>
                listings.PublishAsync(viewer.RequireSeller(), ctx.GetArgument<ListingIdInput>("input").ListingId, ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<ListingPayloadType>, ListingPayload>("archiveListing")
            .Description("Seller: take your listing off sale (ARCHIVED); publish it again to restore it.")
            .Argument<NonNullGraphType<ListingIdInputType>>("input")
            .Resolve().WithServices<ListingService, Viewer>()
            .ResolveAsync((ctx, listings, viewer) =>
                listings.ArchiveAsync(viewer.RequireSeller(), ctx.GetArgument<ListingIdInput>("input").ListingId, ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<BulkUpsertPayloadType>, BulkUpsertPayload>("bulkUpsertListings")
            .Description($"Seller: create or update up to {ListingService.MaxBulkRows} listings by SKU. Every row is validated; good rows are kept, bad ones rejected with reasons.")
            .Argument<NonNullGraphType<BulkUpsertListingsInputType>>("input")
            .CostItems(arguments => arguments?.TryGetValue("input", out var input) == true && input.Value is BulkUpsertListingsInput bulk ? bulk.Rows.Count : null)
            .Resolve().WithServices<ListingService, Viewer>()
            .ResolveAsync((ctx, listings, viewer) =>
                listings.BulkUpsertAsync(viewer.RequireSeller(), ctx.GetArgument<BulkUpsertListingsInput>("input").Rows, ctx.CancellationToken)!);
    }
}
