using Marketplace.Api.Ordering;
using Marketplace.Api.Profiles.Activation;
using GraphQL.Types;

namespace Marketplace.Api.GraphQL.Subscriptions;

/// <summary>The subscription root: features add their fields with an Add*Subscriptions extension, like the query and mutation roots.</summary>
public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        this.AddSellerNotificationSubscriptions();
        this.AddOrderingSubscriptions();
        this.AddActivationSubscriptions();
    }
}
