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

public static class SellerNotificationFields
{
    public static void AddSellerNotificationSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<SellerNotificationType>, SellerNotification>("sellerNotifications")
            .Description("Every event of the signed-in seller (seller role), from the moment of subscribing.")
            .ResolveStream(ctx =>
            {
                var sellerId = ctx.RequestServices!.GetRequiredService<Viewer>().RequireSeller();
                var now = ctx.RequestServices!.GetRequiredService<TimeProvider>();
                return new Mapped(ctx.RequestServices!.GetRequiredService<ISubscriptionHub>()
                    .Listen(null, sellerId.ToString(CultureInfo.InvariantCulture)), now);
            });

    private sealed class Mapped(IObservable<SubscriptionEvent> events, TimeProvider time) : IObservable<SellerNotification>
    {
        public IDisposable Subscribe(IObserver<SellerNotification> observer) => events.Subscribe(new Observer(observer, time));

        private sealed class Observer(IObserver<SellerNotification> inner, TimeProvider time) : IObserver<SubscriptionEvent>
        {
            public void OnNext(SubscriptionEvent e) => inner.OnNext(new(e.Name, e.Data.GetRawText(), time.GetUtcNow().UtcDateTime));
            public void OnError(Exception error) => inner.OnError(error);
            public void OnCompleted() => inner.OnCompleted();
        }
    }
}
