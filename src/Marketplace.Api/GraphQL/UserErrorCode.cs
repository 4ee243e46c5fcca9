using System.ComponentModel;
using GraphQL.Types;

namespace Marketplace.Api.GraphQL;

/// <summary>
/// Every code a mutation can put in userErrors, served as the GraphQL enum UserErrorCode
/// (InvalidPrice is INVALID_PRICE), so clients discover them from the schema. A new code is one line here.
/// </summary>
public enum UserErrorCode
{
    // Sellers
    [Description("The handle is not 3-64 characters of a-z, 0-9 and '-'.")] InvalidHandle,
    [Description("Another seller has this handle.")] HandleTaken,
    [Description("No seller has this id, or your seller account no longer exists.")] SellerNotFound,
    [Description("The seller is suspended; its listings cannot change.")] SellerSuspended,
    [Description("A name is empty or too long.")] InvalidName,
    [Description("Not an email address.")] InvalidEmail,
    [Description("Commission is not between 0 and 1 with at most 4 decimals.")] InvalidCommissionRate,
    [Description("The webhook URL is not an absolute http(s) URL.")] InvalidWebhookUrl,
    [Description("The webhook secret is not 16-128 characters.")] InvalidWebhookSecret,
    [Description("Not an ISO 3166 alpha-2 country code.")] InvalidCountry,
    [Description("Minimum delivery days are after the maximum.")] InvalidDeliveryDays,

    // Webhooks
    [Description("The webhook URL is not https, or points at a loopback, private, link-local or multicast address.")] WebhookUrlNotAllowed,
    [Description("No webhook URL is set.")] WebhookNotConfigured,
    [Description("The webhook endpoint is disabled; update the webhook URL to enable it.")] WebhookDisabled,
    [Description("No webhook delivery of yours has this id.")] WebhookDeliveryNotFound,
    [Description("The webhook delivery is already queued.")] WebhookDeliveryPending,

    // Segment activation
    [Description("No segment has this id.")] SegmentNotFound,
    [Description("No segment destination has this id.")] SegmentDestinationNotFound,

    // Listings and products
    [Description("A text is longer than allowed.")] TooLong,
    [Description("A price is zero or less, or has too many decimals.")] InvalidPrice,
    [Description("The compare-at price is not above the price.")] InvalidCompareAtPrice,
    [Description("Stock is negative or too large.")] InvalidStock,
    [Description("The SKU is empty or too long.")] InvalidSku,
    [Description("You already have a listing with this SKU.")] SkuTaken,
    [Description("The same SKU appears twice in one call.")] DuplicateSku,
    [Description("The SKU already lists another product.")] SkuProductMismatch,
    [Description("Neither productId nor product was given.")] ProductRequired,
    [Description("No product has this id.")] ProductNotFound,
    [Description("No listing has this id.")] ListingNotFound,
    [Description("The product title is empty.")] InvalidTitle,
    [Description("The GTIN has the wrong length or check digit.")] InvalidGtin,
    [Description("Neither categoryId nor categorySlug was given.")] CategoryRequired,
    [Description("No category has this id or slug.")] CategoryNotFound,
    [Description("An attribute name or value is empty or too long.")] InvalidAttribute,
    [Description("An image URL is not an absolute http(s) URL.")] InvalidImageUrl,
    [Description("No variant has this id.")] VariantNotFound,
    [Description("The product has options: say which variant (variantId, or variant for a new one).")] VariantRequired,
    [Description("Options or selected option values are missing, repeated, or not the product's.")] InvalidOptions,
    [Description("The product already has a variant with these option values; list it by variantId.")] DuplicateVariant,
    [Description("Stock cannot go below zero.")] InsufficientStock,
    [Description("The listing changed since the version you expected.")] VersionConflict,
    [Description("A bulk call has no rows or too many.")] InvalidRowCount,
    [Description("Another change happened at the same time; nothing was written. Try again.")] Conflict,

    // Cart and orders
    [Description("A quantity is out of range.")] InvalidQuantity,
    [Description("No offer on sale has this id.")] OfferNotFound,
    [Description("The cart holds as many lines as it may.")] CartFull,
    [Description("Your cart has no line with this id.")] CartLineNotFound,
    [Description("You have no cart with this id.")] CartNotFound,
    [Description("The cart is empty.")] CartEmpty,
    [Description("A price changed since the line was added; the cart now shows it. Place the order again to accept it.")] PriceChanged,
    [Description("A seller does not ship to the address's country.")] ShippingUnavailable,
    [Description("A shipping address field is missing or too long.")] InvalidAddress,
    [Description("The payment method is incomplete (a TEST_CARD without a card number).")] InvalidPaymentMethod,
    [Description("The idempotency key is empty or too long.")] InvalidIdempotencyKey,
    [Description("The idempotency key already placed an order for another cart.")] IdempotencyKeyReused,
    [Description("The payment was declined; nothing was ordered.")] PaymentDeclined,
    [Description("The payment provider did not answer; nothing was ordered. Send the same request again.")] PaymentUnavailable,
    [Description("You have no order with this id.")] OrderNotFound,
    [Description("You have no supplier order with this id.")] SupplierOrderNotFound,
    [Description("The order or supplier order cannot make this change from its current status.")] InvalidTransition,
    [Description("A reason is missing or too long.")] InvalidReason,
    [Description("A carrier or tracking number is missing or too long.")] InvalidTracking,

    // Profiles, segments and personas
    [Description("A profile trait is not valid (country, language, age, ...).")] InvalidTrait,
    [Description("Sign in or send an X-Visitor-Id header: there is no profile to change.")] ProfileRequired,
    [Description("No profile has this id.")] ProfileNotFound,
    [Description("The segment rule does not parse or type-check; the message says where and why.")] InvalidRule,
    [Description("Another segment or persona has this name.")] NameTaken,
    [Description("No persona has this id.")] PersonaNotFound,
    [Description("A persona setting is out of range.")] InvalidPersona,

    // Merchandising
    [Description("No merchandising rule has this id.")] MerchandisingRuleNotFound,
    [Description("A merchandising rule's action, target or value is missing, or the value is too long.")] InvalidMerchandisingRule,
    [Description("An ATTRIBUTE rule needs an attributeName.")] AttributeNameRequired,
    [Description("The weight is not between 0 and 100.")] InvalidWeight,
    [Description("The time window ends before (or when) it starts.")] InvalidTimeWindow,
}

public sealed class UserErrorCodeType : EnumerationGraphType<UserErrorCode>
{
    public UserErrorCodeType()
    {
        Name = "UserErrorCode";
        Description = "Why a mutation's input was refused. New codes may be added; treat an unknown one as a generic failure.";
    }
}
