using System.Globalization;
using System.Text;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// How a <see cref="ProductDocument"/> is laid out in the index. Text fields are searched; filters, facets and sorts
/// read doc values into per-segment arrays (<see cref="SegmentData"/>), so they need no indexed keyword fields.
/// </summary>
internal static class ProductFields
{
    public const string Id = "id";
    public const string Title = "title";
    public const string Description = "description";
    public const string Brand = "brand";
    public const string Category = "category";
    /// <summary>Attribute and option values as text, so "black" or "women's" in a query matches the attribute.</summary>
    public const string AttributeText = "attr";
    /// <summary>Unstemmed words of title, brand, categories and attributes: the spelling dictionary.</summary>
    public const string Words = "words";

    public const string ProductIdValue = "product_id";
    public const string Price = "price";
    public const string MaxPrice = "max_price";
    public const string Popularity = "popularity";
    public const string Created = "created";
    public const string InStock = "in_stock";
    public const string OfferCount = "offer_count";
    /// <summary>Every filter and facet value of the product, as <see cref="FacetTerm"/> keys.</summary>
    public const string Facets = "facets";
    /// <summary>The title as a sorted doc value: suggestions read distinct titles without touching stored fields.</summary>
    public const string SuggestTitle = "suggest_title";
    public const string SellerIds = "seller_ids";

    private const int MaxSortedValueLength = 200;

    private static readonly FieldType WordsType = new FieldType
    {
        IsIndexed = true,
        IsTokenized = true,
        OmitNorms = true,
        IndexOptions = IndexOptions.DOCS_ONLY,
    }.Freeze();

    public static Term IdTerm(long productId) => new(Id, productId.ToString(CultureInfo.InvariantCulture));

    public static Document Build(ProductDocument product)
    {
        var document = new Document
        {
            new StringField(Id, product.ProductId.ToString(CultureInfo.InvariantCulture), Field.Store.NO),
            new NumericDocValuesField(ProductIdValue, product.ProductId),
            new TextField(Title, product.Title, Field.Store.YES),
            new NumericDocValuesField(Price, product.PriceMinor),
            new NumericDocValuesField(MaxPrice, product.MaxPriceMinor),
            new NumericDocValuesField(Popularity, BitConverter.DoubleToInt64Bits(product.Popularity)),
            new NumericDocValuesField(Created, product.CreatedAt.ToUniversalTime().Ticks),
            new NumericDocValuesField(InStock, product.InStock ? 1 : 0),
            new NumericDocValuesField(OfferCount, product.OfferCount),
            new SortedDocValuesField(SuggestTitle, new BytesRef(Truncate(product.Title))),
        };
        // Multi-valued text goes in as one joined value per field: one analysis each, not one per value.
        var words = new StringBuilder(product.Title);
        if (!string.IsNullOrEmpty(product.Description))
            document.Add(new TextField(Description, product.Description, Field.Store.YES));
        if (!string.IsNullOrWhiteSpace(product.Brand))
        {
            document.Add(new TextField(Brand, product.Brand, Field.Store.YES));
            words.Append(" . ").Append(product.Brand);
            AddFacet(document, FacetTerm.ForBrand(product.Brand), available: true);
        }
        var categories = new StringBuilder();
        foreach (var category in product.Categories)
        {
            categories.Append(category.Name).Append(" . ");
            AddFacet(document, FacetTerm.ForCategory(category), available: true);
        }
        if (categories.Length > 0)
        {
            document.Add(new TextField(Category, categories.ToString(), Field.Store.NO));
            words.Append(" . ").Append(categories);
        }
        var attributes = new StringBuilder();
        foreach (var attribute in product.Attributes)
        {
            attributes.Append(attribute.Value).Append(" . ");
            AddFacet(document, FacetTerm.ForAttribute(attribute.Name, attribute.Value), available: true);
        }
        // An option value is searchable text whatever its stock; availability only matters to in-stock filters.
        foreach (var option in product.OptionValues)
        {
            attributes.Append(option.Value).Append(" . ");
            AddFacet(document, FacetTerm.ForAttribute(option.Name, option.Value), option.Available);
        }
        if (attributes.Length > 0)
        {
            document.Add(new TextField(AttributeText, attributes.ToString(), Field.Store.NO));
            words.Append(" . ").Append(attributes);
        }
        document.Add(new Field(Words, words.ToString(), WordsType));
        foreach (var seller in product.Sellers)
        {
            document.Add(new StoredField(SellerIds, seller.Id));
            AddFacet(document, FacetTerm.ForSeller(seller), available: true);
        }
        return document;
    }

    private static void AddFacet(Document document, string key, bool available) =>
        document.Add(new SortedSetDocValuesField(Facets, new BytesRef(FacetTerm.WithAvailability(Truncate(key), available))));

    private static string Truncate(string value) => value.Length <= MaxSortedValueLength ? value : value[..MaxSortedValueLength];
}
