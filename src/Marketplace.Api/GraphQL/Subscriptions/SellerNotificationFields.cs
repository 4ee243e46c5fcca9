using System.Globalization;
using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Infrastructure.Auth;
using static Marketplace.Api.GraphQL.Subscriptions.SubscriptionEvents;

namespace Marketplace.Api.GraphQL.Subscriptions;

public sealed record SellerNotification(string Name, string Data, DateTime At);

public sealed class SellerNotificationType : ObjectGraphType<SellerNotification>
{
    public SellerNotificationType()
    {
        Name = "SellerNotification";
        Description = "Something that happened to the signed-in seller's shop.";
        Field(n => n.Name).Description("What happened (supplierOrderPlaced, ...).");
        Field(n => n.Data).Description("The event's details as a JSON object; their shape depends on the name.");
        Field(n => n.At, type: typeof(NonNullGraphType<DateTimeGraphType>)).Description("When this server heard of it.");
    }
}

public static class SellerEvents
{
    /// <summary>
    /// The signed-in seller's events of one name (of every name when null), from now on; UNAUTHENTICATED without a
    /// token, FORBIDDEN without the seller role. A field streams them and resolves each with the event as its source.
    /// </summary>
    public static IObservable<SubscriptionEvent> OfSignedInSeller(IResolveFieldContext ctx, string? name)
    {
        var sellerId = ctx.RequestServices!.GetRequiredService<Viewer>().RequireSeller();
        return ctx.RequestServices!.GetRequiredService<ISubscriptionHub>().Listen(name, sellerId.ToString(CultureInfo.InvariantCulture));
    }
}

public static class SellerNotificationFields
{
    public static void AddSellerNotificationSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<SellerNotificationType>>("sellerNotifications")
            .Description("Every event of the signed-in seller (seller role), from the moment of subscribing.")
            .ResolveStream(ctx => SellerEvents.OfSignedInSeller(ctx, name: null))
            .Resolve(ctx =>
            {
                var e = (SubscriptionEvent)ctx.Source!;
                return new SellerNotification(e.Name, e.Data.GetRawText(), ctx.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            });
}
