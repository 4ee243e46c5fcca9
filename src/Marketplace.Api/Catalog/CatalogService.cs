using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Sellers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Catalog;

public sealed class CatalogService(MarketplaceDb db, IOptions<CatalogOptions> options)
{
    private static readonly KeysetOrder<Product> PriceAsc = KeysetOrder<Product>.By("price", p => p.MinPriceMinor!.Value, p => p.Id, descending: false);
    private static readonly KeysetOrder<Product> PriceDesc = KeysetOrder<Product>.By("-price", p => p.MinPriceMinor!.Value, p => p.Id, descending: true);
    private static readonly KeysetOrder<Product> Oldest = KeysetOrder<Product>.ById("created", p => p.Id, descending: false);
    private static readonly KeysetOrder<Product> Newest = KeysetOrder<Product>.ById("-created", p => p.Id, descending: true);
    private static readonly KeysetOrder<Product> TitleAsc = KeysetOrder<Product>.By("title", p => p.Title, p => p.Id, descending: false);
    private static readonly KeysetOrder<Product> TitleDesc = KeysetOrder<Product>.By("-title", p => p.Title, p => p.Id, descending: true);

    public string Currency => options.Value.Currency;

    /// <summary>What buyers see of a stock count: enough to decide, not the seller's inventory.</summary>
    public int QuantityShown(int stock) => Math.Clamp(stock, 0, options.Value.MaxQuantityShown);

    public Task<Product?> FindProductAsync(long id, CancellationToken ct) =>
        db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);

    public Task<Product?> FindProductBySlugAsync(string slug, CancellationToken ct) =>
        db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug, ct);

    /// <summary>Products buyers can buy (at least one visible offer), filtered and paged in the database.</summary>
    public async Task<Page<Product>> ProductsAsync(ProductWhere? where, ProductOrder? order, PageRequest page, CancellationToken ct)
    {
        var query = await FilterAsync(db.Products.AsNoTracking().Where(p => p.MinPriceMinor != null), where ?? new(), ct);
        order ??= new ProductOrder();
        var keyset = (order.Field, order.Direction) switch
        {
            (ProductSortField.Price, SortDirection.Asc) => PriceAsc,
            (ProductSortField.Price, SortDirection.Desc) => PriceDesc,
            (ProductSortField.Title, SortDirection.Asc) => TitleAsc,
            (ProductSortField.Title, SortDirection.Desc) => TitleDesc,
            (ProductSortField.CreatedAt, SortDirection.Asc) => Oldest,
            _ => Newest,
        };
        return await keyset.PageAsync(query, page, ct);
    }

    private async Task<IQueryable<Product>> FilterAsync(IQueryable<Product> query, ProductWhere where, CancellationToken ct)
    {
        if (where.CategoryId is not null || where.CategorySlug is not null)
        {
            var categoryIds = await DescendantCategoryIdsAsync(where, ct);
            query = query.Where(p => categoryIds.Contains(p.CategoryId));
        }
        if (where.Brands is { Count: > 0 } brandList)
        {
            var brands = brandList.Select(b => b.ToLowerInvariant()).ToList();
            query = query.Where(p => p.Brand != null && brands.Contains(p.Brand.ToLower()));
        }
        if (where.SellerId is not null || where.SellerHandle is not null)
        {
            var sellerId = await ResolveSellerIdAsync(where, ct);
            var visible = VisibleOffers.Of(db);
            query = query.Where(p => visible.Any(o => o.ProductId == p.Id && o.SellerId == sellerId));
        }
        if (where.Price is { } price)
        {
            if (price.Min is { } min && price.Max is { } max && min > max)
                throw ApiErrors.BadUserInput("price.min is greater than price.max.");
            if (price.Min is { } lower)
            {
                var minMinor = Money.ToMinorCeiling(lower, Currency);
                query = query.Where(p => p.MinPriceMinor >= minMinor);
            }
            if (price.Max is { } upper)
            {
                var maxMinor = Money.ToMinorFloor(upper, Currency);
                query = query.Where(p => p.MinPriceMinor <= maxMinor);
            }
        }
        if (where.Attributes is { Count: > 0 } attributes)
            query = query.Where(p => MatchingVariants(attributes, inStockOnly: where.InStock == true).Any(v => v.ProductId == p.Id));
        if (where.InStock is { } inStock)
            query = query.Where(p => p.InStock == inStock);
        return query;
    }

    /// <summary>
    /// Variants that match every filter, each either by a product attribute (gender, material) or by the variant's own
    /// option value (Size: M), names and values compared without case; with inStockOnly, only variants in stock, so
    /// size M in stock means a visible offer of size M has stock.
    /// </summary>
    private IQueryable<ProductVariant> MatchingVariants(IReadOnlyList<AttributeFilter> filters, bool inStockOnly)
    {
        var variants = inStockOnly ? db.ProductVariants.Where(v => v.InStock) : db.ProductVariants;
        foreach (var filter in filters)
        {
            if (filter.Values.Count == 0)
                throw ApiErrors.BadUserInput($"attributes: give at least one value for '{filter.Name}'.");
            var name = filter.Name.ToLowerInvariant();
            var values = filter.Values.Select(v => v.ToLowerInvariant()).ToList();
            variants = variants.Where(v =>
                db.ProductAttributes.Any(a => a.ProductId == v.ProductId && a.Name.ToLower() == name && values.Contains(a.Value.ToLower()))
                || v.SelectedOptions.Any(o => o.Name.ToLower() == name && values.Contains(o.Value.ToLower())));
        }
        return variants;
    }

    private async Task<List<int>> DescendantCategoryIdsAsync(ProductWhere where, CancellationToken ct)
    {
        Category? category;
        if (where.CategoryId is not null)
        {
            var id = GlobalId.Parse(where.CategoryId, CategoryType.TypeName)
                ?? throw ApiErrors.BadUserInput("categoryId is not a Category id.");
            category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        }
        else
        {
            category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Slug == where.CategorySlug, ct);
        }
        if (category is null) return [];
        var path = category.Path;
        return await db.Categories.Where(c => c.Path.StartsWith(path)).Select(c => c.Id).ToListAsync(ct);
    }

    private async Task<long> ResolveSellerIdAsync(ProductWhere where, CancellationToken ct)
    {
        if (where.SellerId is not null)
            return GlobalId.Parse(where.SellerId, SellerType.TypeName) ?? throw ApiErrors.BadUserInput("sellerId is not a Seller id.");
        return await db.Sellers.Where(s => s.Handle == where.SellerHandle).Select(s => s.Id).FirstOrDefaultAsync(ct);
    }

    public Task<List<Category>> RootCategoriesAsync(CancellationToken ct) =>
        db.Categories.AsNoTracking().Where(c => c.ParentId == null).OrderBy(c => c.Position).ThenBy(c => c.Name).ToListAsync(ct);

    public Task<Category?> FindCategoryBySlugAsync(string slug, CancellationToken ct) =>
        db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);
}
