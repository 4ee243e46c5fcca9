namespace Marketplace.Api.Data;

/// <summary>Column lengths, shared by the model and by input validation so both agree.</summary>
public static class Limits
{
    public const int Handle = 64;
    public const int Name = 200;
    public const int Title = 255;
    public const int Slug = 255;
    public const int Description = 10_000;
    public const int Email = 254;
    public const int Url = 2_048;
    public const int Sku = 64;
    public const int AttributeName = 64;
    public const int AttributeValue = 128;
    public const int AttributesPerProduct = 50;
    public const int ImagesPerProduct = 20;
}
