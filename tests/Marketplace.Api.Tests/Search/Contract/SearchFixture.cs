using Marketplace.Api.Search;

namespace Marketplace.Api.Tests.Search.Contract;

/// <summary>A small catalog every engine indexes for the contract: apparel in sizes and colors, shoes, computers.</summary>
public static class SearchFixture
{
    public static readonly DocumentCategory Clothing = new(1, "clothing", "Clothing");
    public static readonly DocumentCategory Men = new(2, "men", "Men");
    public static readonly DocumentCategory Women = new(3, "women", "Women");
    public static readonly DocumentCategory MenShorts = new(4, "men-shorts", "Shorts");
    public static readonly DocumentCategory MenTees = new(5, "men-tees", "T-Shirts");
    public static readonly DocumentCategory WomenShorts = new(6, "women-shorts", "Shorts");
    public static readonly DocumentCategory WomenTees = new(7, "women-tees", "T-Shirts");
    public static readonly DocumentCategory Shoes = new(10, "shoes", "Shoes");
    public static readonly DocumentCategory Sneakers = new(11, "sneakers", "Sneakers");
    public static readonly DocumentCategory Electronics = new(20, "electronics", "Electronics");
    public static readonly DocumentCategory Computers = new(21, "computers", "Computers");

    public static readonly DocumentSeller Acme = new(101, "acme-outfitters", "Acme Outfitters");
    public static readonly DocumentSeller CitySports = new(102, "city-sports", "City Sports");
    public static readonly DocumentSeller TechHub = new(103, "tech-hub", "Tech Hub");

    public static IReadOnlyList<ProductDocument> Products { get; } =
    [
        Product(1, "Men's Running Shorts", "Light shorts with a zip pocket.", "Stride", [Clothing, Men, MenShorts], "Men",
            colors: ["Black"], sizes: ["S", "M", "L"], price: 2500, popularity: 50, sellers: [Acme, CitySports]),
        Product(2, "Men's Cargo Shorts", "Cotton twill with six pockets.", "Trailhead", [Clothing, Men, MenShorts], "Men",
            colors: ["Khaki"], sizes: ["L"], soldOutSizes: ["M"], price: 4000, popularity: 30, sellers: [Acme]),
        Product(3, "Men's Denim Shorts", "Washed denim, five pockets.", "Denimco", [Clothing, Men, MenShorts], "Men",
            colors: [], soldOutSizes: ["M", "L"], soldOutColors: ["Blue"], price: 3500, popularity: 10, sellers: [CitySports], inStock: false),
        Product(4, "Women's Running Shorts", "Breathable shorts with a liner.", "Stride", [Clothing, Women, WomenShorts], "Women",
            colors: ["Black"], sizes: ["XS", "S", "M"], price: 2700, popularity: 60, sellers: [Acme, CitySports]),
        Product(5, "Women's Linen Shorts", "Relaxed fit for warm days.", "Breeze", [Clothing, Women, WomenShorts], "Women",
            colors: ["White"], sizes: ["S"], soldOutSizes: ["M"], price: 4500, popularity: 20, sellers: [Acme]),
        Product(6, "Women's Bike Shorts", "Stretch fabric, high waist.", "Stride", [Clothing, Women, WomenShorts], "Women",
            colors: ["Navy"], sizes: ["M"], price: 3000, popularity: 15, sellers: [CitySports]),
        Product(7, "Men's Classic T-Shirt", "Heavy cotton crew neck.", "Basics", [Clothing, Men, MenTees], "Men",
            colors: ["White", "Black"], sizes: ["M", "L"], price: 1500, popularity: 80, sellers: [Acme]),
        Product(8, "Men's Graphic Tee", "Printed front, soft hand feel.", "Basics", [Clothing, Men, MenTees], "Men",
            colors: ["Gray"], sizes: ["M"], price: 1800, popularity: 25, sellers: [Acme]),
        Product(9, "Men's Pocket T-Shirt", "Chest pocket, garment dyed.", "Trailhead", [Clothing, Men, MenTees], "Men",
            colors: ["Navy"], sizes: ["S", "M"], price: 2000, popularity: 12, sellers: [CitySports]),
        Product(10, "Women's V-Neck T-Shirt", "Slim fit, soft jersey.", "Basics", [Clothing, Women, WomenTees], "Women",
            colors: ["Black"], sizes: ["S", "M"], price: 1600, popularity: 40, sellers: [Acme]),
        Product(11, "Women's Cropped Tee", "Boxy cut, ribbed collar.", "Breeze", [Clothing, Women, WomenTees], "Women",
            colors: ["Pink"], sizes: ["XS", "S"], price: 1900, popularity: 18, sellers: [CitySports]),
        Product(12, "Men's Court Sneakers", "Leather upper, cup sole.", "Stride", [Shoes, Sneakers], "Men",
            colors: ["White"], sizes: ["9", "10", "11"], price: 6500, popularity: 70, sellers: [CitySports]),
        Product(13, "Women's Canvas Sneakers", "Lightweight canvas, rubber sole.", "Breeze", [Shoes, Sneakers], "Women",
            colors: ["Black"], sizes: ["7", "8"], price: 5500, popularity: 35, sellers: [Acme]),
        Product(14, "Trail Running Shoes", "Grippy outsole for rough ground.", "Trailhead", [Shoes], "Unisex",
            colors: ["Gray"], sizes: ["9", "10"], price: 9000, popularity: 45, sellers: [CitySports]),
        Product(15, "Ultrabook Laptop 14", "Thin and light with all-day battery.", "Voltix", [Electronics, Computers], null,
            colors: [], sizes: [], price: 89900, popularity: 90, sellers: [TechHub], storage: ["256 GB", "512 GB"]),
        Product(16, "Gaming Notebook 16", "Fast graphics and a 165 Hz screen.", "Voltix", [Electronics, Computers], null,
            colors: [], sizes: [], price: 129900, popularity: 55, sellers: [TechHub], storage: ["1 TB"]),
        Product(17, "Wireless Mouse", "Quiet clicks, two-year battery.", "Voltix", [Electronics], null,
            colors: ["Black"], sizes: [], price: 2500, popularity: 20, sellers: [TechHub]),
        Product(18, "Men's Summer Shirt", "A breathable linen blend shirt for hot days.", "Breeze", [Clothing, Men], "Men",
            colors: ["Blue"], sizes: ["M"], price: 3900, popularity: 22, sellers: [Acme]),
        Product(19, "Running Club Training Shorts", "Club colors, quick dry.", "Stride", [Clothing], "Unisex",
            colors: ["Red"], sizes: ["M"], price: 2200, popularity: 100, sellers: [CitySports]),
        Product(20, "Kids' Rain Jacket", "Waterproof shell with hood.", "Trailhead", [Clothing], "Kids",
            colors: ["Yellow"], sizes: ["S"], price: 3200, popularity: 8, sellers: [Acme]),
    ];

    public static ProductDocument ById(long id) => Products.Single(p => p.ProductId == id);

    public static ProductDocument Product(
        long id, string title, string description, string brand, DocumentCategory[] categories, string? gender,
        string[] colors, string[]? sizes = null, long price = 1000, double popularity = 1, DocumentSeller[]? sellers = null,
        string[]? soldOutSizes = null, string[]? soldOutColors = null, bool inStock = true, string[]? storage = null)
    {
        var options = colors.Select(c => new DocumentOptionValue("Color", c, true))
            .Concat((soldOutColors ?? []).Select(c => new DocumentOptionValue("Color", c, false)))
            .Concat((sizes ?? []).Select(s => new DocumentOptionValue("Size", s, inStock)))
            .Concat((soldOutSizes ?? []).Select(s => new DocumentOptionValue("Size", s, false)))
            .Concat((storage ?? []).Select(s => new DocumentOptionValue("Storage", s, true)))
            .ToList();
        return new ProductDocument
        {
            ProductId = id,
            Title = title,
            Description = description,
            Brand = brand,
            Categories = categories,
            Attributes = gender is null ? [] : [new DocumentAttribute("gender", gender)],
            OptionValues = options,
            PriceMinor = price,
            MaxPriceMinor = price + 500,
            InStock = inStock,
            Sellers = sellers ?? [Acme],
            OfferCount = (sellers ?? [Acme]).Length,
            Popularity = popularity,
            CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(id * 7 % 23),
        };
    }
}
