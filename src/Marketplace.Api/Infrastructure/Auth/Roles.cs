namespace Marketplace.Api.Infrastructure.Auth;

public static class Roles
{
    public const string Buyer = "buyer";
    public const string Seller = "seller";
    public const string Admin = "admin";

    public static readonly string[] All = [Buyer, Seller, Admin];
}

public static class ClaimNames
{
    public const string Role = "role";
    public const string SellerId = "seller_id";
    public const string Subject = "sub";
}
