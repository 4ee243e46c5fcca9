using System.Collections.Immutable;
using System.Globalization;

namespace Marketplace.Api.Seeding;

internal enum ProductKind { Apparel, Footwear, Accessory, Electronics, Home, Sports, Beauty }

/// <summary>Who a product is for: fixed by the department, or drawn per product (sports).</summary>
internal enum GenderMode { None, Women, Men, Kids, Mixed }

internal sealed record AttributeSpec(string Name, ImmutableArray<string> Values);

/// <summary>
/// A product noun, optionally with the material it implies ("Denim Shorts" is denim) and its own
/// price range where the category's would be wrong (a pillowcase is not priced like a duvet).
/// Written "Text@Material$min-max" in the tables below.
/// </summary>
internal sealed record NounSpec(string Text, string? Material, int? MinPrice = null, int? MaxPrice = null);

internal sealed record DepartmentSpec(
    string Slug,
    string Name,
    string SellerPitch,
    ImmutableArray<string> SellerSuffixes,
    int SellerWeight);

internal sealed record LeafSpec(
    string Slug,
    string Name,
    int Department,
    ProductKind Kind,
    GenderMode Gender,
    string SkuCode,
    int Weight,
    int MinPrice,
    int MaxPrice,
    ImmutableArray<NounSpec> Nouns,
    ImmutableArray<string> Modifiers,
    ImmutableArray<string> Materials,
    ImmutableArray<string> Colors,
    ImmutableArray<string> Sizes,
    ImmutableArray<AttributeSpec> Specs,
    ImmutableArray<string> TitleSpecs,
    ImmutableArray<string> Brands,
    ImmutableArray<string> Sentences);

/// <summary>
/// The curated words the generator builds from: a three-level category tree whose leaves carry
/// believable product nouns, modifiers, materials, sizes, price ranges and invented brands.
/// Immutable once built.
/// </summary>
internal sealed class CatalogVocabulary
{
    private CatalogVocabulary(ImmutableArray<SeedCategory> categories, ImmutableArray<DepartmentSpec> departments, ImmutableArray<LeafSpec> leaves)
    {
        Categories = categories;
        Departments = departments;
        Leaves = leaves;
    }

    /// <summary>Every category, parents before children (depth-first).</summary>
    public ImmutableArray<SeedCategory> Categories { get; }
    public ImmutableArray<DepartmentSpec> Departments { get; }
    public ImmutableArray<LeafSpec> Leaves { get; }

    public static readonly ImmutableArray<string> ModelLines = L("Nova|Pulse|Aero|Vertex|Orbit|Flux|Zen|Edge|Halo|Vista|Spark|Apex|Echo|Prism|Titan|Volt|Lumen|Atlas");
    public static readonly ImmutableArray<string> ModelSuffixes = L("Pro|Max|Lite|Air|Mini|S|X|Plus|Ultra");
    public static readonly ImmutableArray<string> ApparelLines = L("Essential|Everyday|Heritage|Studio|Weekend|Signature|Classic|Coastal|Field|Atelier");

    public static readonly ImmutableArray<string> SellerPrefixes = L(
        "Harbor|Maple|Copper|Juniper|Willow|Summit|Cedar|Northfield|Bluebird|Ironwood|Silver Creek|Oakridge|Fox Hollow|Redwood|"
        + "Lakeside|Brightwater|Stonegate|Meadowlark|Pioneer|Evergreen|Highland|Riverbend|Sunset|Magnolia|Birch|Aspen|Sparrow|"
        + "Beacon|Hudson|Canyon|Prairie|Coastal|Windward|Thistle|Lantern|Orchard|Granite|Pinewood|Seaside|Wildflower|Driftwood|Saltbox");
    public static readonly ImmutableArray<string> SellerMiddles = L("Street|Valley|Ridge|Bay|Hill|Park|Point|Grove|Lane|Square|Mill|Creek");
    public static readonly ImmutableArray<string> GeneralSellerSuffixes = L("Trading Co.|Market|Goods|Supply|Mercantile|Emporium|General Store|Depot|Marketplace|Outlet");
    public static readonly ImmutableArray<string> SellerCities = L(
        "Portland, OR|Austin, TX|Denver, CO|Brooklyn, NY|Seattle, WA|Chicago, IL|Nashville, TN|Minneapolis, MN|San Diego, CA|"
        + "Atlanta, GA|Boston, MA|Phoenix, AZ|Salt Lake City, UT|Raleigh, NC|Columbus, OH|Kansas City, MO|Pittsburgh, PA|"
        + "Madison, WI|Boise, ID|Charleston, SC|Santa Fe, NM|Burlington, VT|Asheville, NC|Tucson, AZ|Savannah, GA|Milwaukee, WI|"
        + "Richmond, VA|Sacramento, CA|Omaha, NE|Louisville, KY");
    public static readonly ImmutableArray<string> EmailLocals = L("hello|support|sales|orders|team|care");

    private static ImmutableArray<string> KindSentences(ProductKind kind) => kind switch
    {
        ProductKind.Apparel => ApparelSentences,
        ProductKind.Footwear => FootwearSentences,
        ProductKind.Accessory => AccessorySentences,
        ProductKind.Electronics => ElectronicsSentences,
        ProductKind.Home => HomeSentences,
        ProductKind.Sports => SportsSentences,
        _ => BeautySentences,
    };

    // Placeholders: {brand}, {material}, {color}. A kind only uses those its products always carry.
    private static readonly ImmutableArray<string> ApparelSentences = L(
        "Made from {material} for a soft, breathable feel.|"
        + "A wardrobe staple that pairs as easily with sneakers as with boots.|"
        + "Cut for an easy fit that keeps its shape wash after wash.|"
        + "Finished with reinforced seams for everyday wear.|"
        + "Pre-washed to minimize shrinkage.|"
        + "Designed in-house by {brand} and made in audited factories.|"
        + "The {color} colorway is garment-dyed for a lived-in look.|"
        + "Machine wash cold, tumble dry low.");
    private static readonly ImmutableArray<string> FootwearSentences = L(
        "A cushioned footbed and grippy rubber outsole keep you comfortable from morning to night.|"
        + "The {material} upper breaks in quickly and holds its shape.|"
        + "Fits true to size; between sizes, go half a size up.|"
        + "Comes with a removable insole for a custom fit.|"
        + "Designed by {brand} for all-day wear.|"
        + "Finished in {color} with tonal laces.");
    private static readonly ImmutableArray<string> AccessorySentences = L(
        "Crafted in {material} with a refined finish.|"
        + "Sized to carry the essentials without the bulk.|"
        + "A {brand} favorite that gets better with age.|"
        + "Finished in {color} to go with everything.|"
        + "Arrives in a reusable dust bag, ready to gift.");
    private static readonly ImmutableArray<string> ElectronicsSentences = L(
        "Backed by a one-year {brand} limited warranty.|"
        + "Sets up in minutes with the {brand} companion app.|"
        + "Includes a USB-C cable and a quick-start guide.|"
        + "Finished in {color} with an anodized, fingerprint-resistant coating.|"
        + "Regular firmware updates add features over time.|"
        + "Energy-efficient design with a low-power standby mode.");
    private static readonly ImmutableArray<string> HomeSentences = L(
        "Made from {material} in a {color} finish that suits modern and classic interiors.|"
        + "Built to last through years of daily use.|"
        + "Easy to care for; see the label for details.|"
        + "Ships in recyclable, plastic-free packaging.|"
        + "Designed by the {brand} studio and tested in real homes.|"
        + "Pairs well with the rest of the {brand} collection.");
    private static readonly ImmutableArray<string> SportsSentences = L(
        "Tested by athletes in real-world conditions.|"
        + "Durable {material} construction stands up to hard training.|"
        + "Lightweight and easy to pack for travel.|"
        + "Finished in {color} for high visibility.|"
        + "Backed by the {brand} two-year guarantee.");
    private static readonly ImmutableArray<string> BeautySentences = L(
        "Dermatologist tested and free of parabens and sulfates.|"
        + "Cruelty-free and vegan.|"
        + "A lightweight texture that absorbs quickly without a greasy finish.|"
        + "Packaged in recyclable materials.|"
        + "Formulated in the {brand} lab with clinically studied ingredients.|"
        + "Suitable for daily use, morning and night.");

    private const string ApparelColors = "Black|White|Navy|Heather Grey|Charcoal|Olive|Khaki|Sand|Cream|Burgundy|Sage Green|Dusty Pink|Rust|Cobalt Blue|Forest Green|Lavender|Mustard|Coral|Chocolate Brown|Sky Blue";
    private const string DenimColors = "Light Wash|Medium Wash|Dark Wash|Black|Stone Wash|Ecru|Indigo|Vintage Blue";
    private const string LeatherColors = "Black|Cognac|Tan|Dark Brown|Burgundy|Navy|Olive";
    private const string MetalColors = "Gold|Silver|Rose Gold|Gunmetal";
    private const string TechColors = "Midnight Black|Graphite|Silver|Space Grey|Arctic White|Ocean Blue|Sage|Rose Gold|Sand|Coral Red";
    private const string HomeColors = "Natural|White|Charcoal|Terracotta|Sage Green|Oatmeal|Walnut|Matte Black|Slate Blue|Ivory|Mustard|Blush";
    private const string GearColors = "Black|Graphite|Electric Blue|Volt Yellow|Blaze Orange|Forest Green|Red|Teal|Slate|Purple";

    private const string LetterSizes = "XS|S|M|L|XL|XXL";
    private const string WomenJeanSizes = "24|25|26|27|28|29|30|31|32|33|34";
    private const string MenWaistSizes = "28W x 30L|30W x 30L|30W x 32L|32W x 30L|32W x 32L|33W x 32L|34W x 32L|34W x 34L|36W x 32L|38W x 32L|40W x 32L";
    private const string WomenShoeSizes = "US 5|US 5.5|US 6|US 6.5|US 7|US 7.5|US 8|US 8.5|US 9|US 9.5|US 10|US 11";
    private const string MenShoeSizes = "US 7|US 7.5|US 8|US 8.5|US 9|US 9.5|US 10|US 10.5|US 11|US 11.5|US 12|US 13";
    private const string UnisexShoeSizes = "US 5|US 6|US 7|US 8|US 9|US 10|US 11|US 12|US 13";
    private const string KidsSizes = "2T|3T|4T|5|6|7|8|10|12|14";
    private const string KidsShoeSizes = "Toddler 7|Toddler 9|Toddler 11|Youth 1|Youth 2|Youth 3|Youth 4|Youth 5";
    private const string OneSize = "One Size";

    private const string ApparelBrands = "Marlow & Finch|Juniper Row|Ashbury|Tidewell|Loom & Larch|Fernhill|Corvane|Saltmarsh|Bramwell|Wrenfield|Avenly|Drift & Dune|Halden|Northbay|Olive Street|Ruthven|Kestrel & Co.|Pale Harbor|Stillwater Denim|Cobble Lane";
    private const string FootwearBrands = "Strider & Co.|Cobble Lane|Ashbury|Halden|Pacewell|Northbay|Tread Theory|Marlow & Finch|Fieldstone|Kestrel & Co.";
    private const string KidsBrands = "Little Sprout|Tumbletot|Puddle Jump|Bramble Bear|Wee Wander|Sunny Acre|Juniper Row|Tidewell";
    private const string SportsBrands = "Summit Peak|Trailforge|Pacewell|Ironclad|Ridgeback|Vantage Athletics|Stridelab|Alpenglow|Kinetic|Tallus|Boulder Bay|Crestline";
    private const string TechBrands = "Lumetric|Novacore|Zentrix|Arcwave|Pixelon|Sonara|Kyron|Veltek|Auralis|Brightforge|Orbitek|Quillon";
    private const string HomeBrands = "Hearth & Hollow|Casa Verde|Oakline|Linden House|Nestwell|Harlow Home|Pinecrest|Alder & Ash|Folkhaus|Kiln & Co.|Stonebridge|Maison Brume";
    private const string BeautyBrands = "Dewy Lab|Pure Petal|Solenne|Verdant Skin|Maison Clair|Glowhaus|Aveline|Botanica Nine|Clearwell|Rosemere";

    // Declared after the tables above: static initializers run in textual order.
    public static CatalogVocabulary Default { get; } = Build();

    private static CatalogVocabulary Build()
    {
        var b = new Builder();

        b.Department("women", "Women", "women's fashion", "Outfitters|Boutique|Apparel|Clothing Co.|Wardrobe|Threads", sellerWeight: 4,
            ProductKind.Apparel, GenderMode.Women, ApparelBrands, ApparelColors);
        b.Sub("clothing", "Clothing");
        b.Leaf("t-shirts", "T-Shirts", 9, 45, weight: 3,
            nouns: "Crew Neck T-Shirt|V-Neck T-Shirt|Graphic T-Shirt|Pocket T-Shirt|Cropped T-Shirt|Ribbed T-Shirt|Baby Tee|Long Sleeve T-Shirt|Scoop Neck T-Shirt",
            modifiers: "Relaxed|Slim-Fit|Soft-Wash|Lightweight|Vintage-Wash|Oversized|Boxy|Heavyweight",
            materials: "Organic Cotton|Cotton|Cotton Blend|Modal|Slub Cotton|Recycled Cotton", sizes: LetterSizes);
        b.Leaf("tops", "Shirts & Blouses", 19, 89, weight: 2,
            nouns: "Button-Down Shirt|Wrap Blouse|Peasant Blouse|Silk Camisole@Silk|Tie-Front Blouse|Oxford Shirt@Cotton Oxford|Linen Shirt@Linen|Ruffle-Sleeve Blouse|Satin Shirt@Satin",
            modifiers: "Relaxed|Tailored|Cropped|Oversized|Puff-Sleeve|Pleated|Sleeveless|Long-Sleeve",
            materials: "Cotton|Viscose|Lyocell|Cotton Poplin|Crepe", sizes: LetterSizes);
        b.Leaf("shorts", "Shorts", 14, 69, weight: 3,
            nouns: "Denim Shorts@Cotton Denim|Running Shorts@Recycled Polyester|Linen Shorts@Linen|Bike Shorts@Nylon Spandex|Cargo Shorts@Cotton Twill|Paperbag Shorts|Chino Shorts@Cotton Twill|Sweat Shorts@French Terry|Tailored Shorts|Board Shorts@Recycled Polyester|Mom Shorts@Cotton Denim",
            modifiers: "High-Rise|Mid-Rise|Relaxed|Frayed-Hem|Drawstring|Pleated|Pull-On|Stretch|Lightweight|Vintage",
            materials: "Cotton|Linen Blend|Cotton Twill|Lyocell|Cotton Blend", sizes: LetterSizes,
            specs: "inseam=2 in|3 in|4 in|5 in|7 in");
        b.Leaf("jeans", "Jeans", 29, 129, weight: 3,
            nouns: "Skinny Jeans|Straight-Leg Jeans|Wide-Leg Jeans|Bootcut Jeans|Mom Jeans|Boyfriend Jeans|Flare Jeans|Barrel Jeans|Slim Jeans",
            modifiers: "High-Rise|Mid-Rise|Low-Rise|Cropped|Distressed|Raw-Hem|Vintage|Super-Stretch|Ankle-Length",
            materials: "Cotton Denim|Stretch Denim|Organic Cotton Denim|Recycled Denim", colors: DenimColors, sizes: WomenJeanSizes,
            specs: "length=Petite|Regular|Tall");
        b.Leaf("dresses", "Dresses", 29, 179, weight: 3,
            nouns: "Midi Dress|Maxi Dress|Wrap Dress|Slip Dress@Satin|Shirt Dress|Sundress@Cotton|T-Shirt Dress@Cotton Jersey|Sweater Dress@Rib Knit|Cocktail Dress|A-Line Dress|Bodycon Dress@Stretch Jersey",
            modifiers: "Floral|Ruched|Tiered|Smocked|Belted|Puff-Sleeve|Sleeveless|Button-Front|Pleated|Off-Shoulder",
            materials: "Cotton|Viscose|Linen|Crepe|Chiffon|Lyocell", sizes: LetterSizes);
        b.Leaf("skirts", "Skirts", 19, 99,
            nouns: "Midi Skirt|Mini Skirt|Pleated Skirt|Denim Skirt@Cotton Denim|Slip Skirt@Satin|Wrap Skirt|A-Line Skirt|Maxi Skirt",
            modifiers: "High-Waisted|Flowy|Tiered|Button-Front|Bias-Cut|Printed",
            materials: "Cotton|Viscose|Linen|Crepe|Wool Blend", sizes: LetterSizes);
        b.Leaf("sweaters", "Sweaters & Hoodies", 29, 189, weight: 2,
            nouns: "Crewneck Sweater|Cardigan|Turtleneck Sweater|V-Neck Sweater|Cable-Knit Sweater|Pullover Hoodie@Cotton Fleece|Crewneck Sweatshirt@French Terry|Quarter-Zip Pullover",
            modifiers: "Chunky|Cropped|Oversized|Fine-Knit|Ribbed|Brushed|Relaxed",
            materials: "Merino Wool|Cashmere|Cotton|Wool Blend|Alpaca Blend|Recycled Polyester", sizes: LetterSizes);
        b.Leaf("activewear", "Activewear", 19, 109, weight: 2,
            nouns: "High-Waisted Leggings|Sports Bra|Yoga Pants|Running Tank|Seamless Leggings|Track Jacket|Flared Leggings|Tennis Skirt",
            modifiers: "Sculpting|Breathable|Sweat-Wicking|Second-Skin|Ribbed|Performance",
            materials: "Nylon Spandex|Recycled Polyester|Cotton Spandex|Supplex Nylon", sizes: LetterSizes);
        b.Sub("outerwear", "Outerwear");
        b.Leaf("jackets", "Jackets", 39, 249, weight: 2,
            nouns: "Denim Jacket@Cotton Denim|Puffer Jacket@Recycled Nylon|Rain Jacket@Waterproof Nylon|Bomber Jacket|Leather Jacket@Leather|Utility Jacket@Cotton Twill|Quilted Jacket|Fleece Jacket@Polar Fleece|Shirt Jacket@Wool Blend|Blazer@Wool Blend",
            modifiers: "Cropped|Oversized|Water-Resistant|Packable|Lightweight|Insulated|Belted|Relaxed",
            materials: "Cotton|Recycled Polyester|Nylon|Wool Blend", sizes: LetterSizes);
        b.Leaf("coats", "Coats", 79, 349,
            nouns: "Wool Coat@Wool Blend|Trench Coat@Cotton Gabardine|Parka@Recycled Nylon|Teddy Coat@Faux Shearling|Longline Puffer Coat@Recycled Nylon|Wrap Coat|Peacoat@Wool Blend",
            modifiers: "Double-Breasted|Belted|Hooded|Oversized|Tailored|Insulated|Longline",
            materials: "Wool Blend|Cotton|Recycled Polyester|Cashmere Blend", sizes: LetterSizes);
        b.Sub("shoes", "Shoes", ProductKind.Footwear, FootwearBrands);
        b.Leaf("sneakers", "Sneakers", 39, 179, weight: 2,
            nouns: "Low-Top Sneakers|High-Top Sneakers|Running Shoes|Slip-On Sneakers|Platform Sneakers|Court Sneakers|Trail Running Shoes|Knit Sneakers@Knit Mesh",
            modifiers: "Cushioned|Lightweight|Retro|Everyday|Breathable|Minimalist",
            materials: "Leather|Canvas|Knit Mesh|Suede|Recycled Polyester", sizes: WomenShoeSizes);
        b.Leaf("boots", "Boots", 59, 259,
            nouns: "Ankle Boots|Chelsea Boots|Knee-High Boots|Combat Boots|Hiking Boots|Rain Boots@Rubber|Western Boots|Lug-Sole Boots",
            modifiers: "Waterproof|Block-Heel|Lace-Up|Side-Zip|Lined|Pointed-Toe",
            materials: "Leather|Suede|Vegan Leather|Nubuck", colors: LeatherColors, sizes: WomenShoeSizes);
        b.Leaf("sandals", "Sandals", 19, 129,
            nouns: "Slide Sandals|Strappy Sandals|Platform Sandals|Espadrille Sandals|Flip-Flops@Rubber|Sport Sandals|Block-Heel Sandals",
            modifiers: "Cushioned|Braided|Buckled|Minimalist|Padded",
            materials: "Leather|Suede|Vegan Leather|Woven Raffia", sizes: WomenShoeSizes);
        b.Sub("accessories", "Accessories", ProductKind.Accessory);
        b.Leaf("bags", "Bags", 24, 249,
            nouns: "Tote Bag|Crossbody Bag|Shoulder Bag|Mini Backpack|Clutch|Bucket Bag|Belt Bag|Weekender Bag",
            modifiers: "Structured|Slouchy|Quilted|Woven|Convertible|Everyday",
            materials: "Leather|Vegan Leather|Canvas|Recycled Nylon|Suede", colors: LeatherColors, sizes: OneSize);
        b.Leaf("jewelry", "Jewelry", 15, 149,
            nouns: "Hoop Earrings|Pendant Necklace|Stacking Ring$15-59|Chain Bracelet|Stud Earrings$15-69|Charm Necklace|Cuff Bracelet",
            modifiers: "Dainty|Chunky|Hammered|Twisted|Minimalist|Engraved",
            materials: "Sterling Silver|14k Gold Plated|Brass|Stainless Steel", colors: MetalColors, sizes: OneSize);

        b.Department("men", "Men", "menswear", "Outfitters|Clothing Co.|Haberdashery|Supply Co.|Menswear|Tailors", sellerWeight: 3,
            ProductKind.Apparel, GenderMode.Men, ApparelBrands, ApparelColors);
        b.Sub("clothing", "Clothing");
        b.Leaf("t-shirts", "T-Shirts", 9, 49, weight: 3,
            nouns: "Crew Neck T-Shirt|V-Neck T-Shirt|Graphic T-Shirt|Pocket T-Shirt|Henley T-Shirt|Long Sleeve T-Shirt|Heavyweight T-Shirt|Performance T-Shirt@Recycled Polyester",
            modifiers: "Relaxed|Slim-Fit|Soft-Wash|Garment-Dyed|Vintage-Wash|Boxy|Classic-Fit",
            materials: "Organic Cotton|Cotton|Cotton Blend|Slub Cotton|Supima Cotton", sizes: LetterSizes);
        b.Leaf("shirts", "Shirts", 24, 99, weight: 2,
            nouns: "Oxford Shirt@Cotton Oxford|Flannel Shirt@Cotton Flannel|Linen Shirt@Linen|Denim Shirt@Cotton Denim|Dress Shirt|Polo Shirt@Cotton Pique|Overshirt|Camp-Collar Shirt",
            modifiers: "Slim-Fit|Regular-Fit|Relaxed|Button-Down|Short-Sleeve|Long-Sleeve|Washed|Non-Iron",
            materials: "Cotton|Cotton Poplin|Cotton Twill|Linen Blend", sizes: LetterSizes);
        b.Leaf("shorts", "Shorts", 14, 69, weight: 3,
            nouns: "Cargo Shorts@Cotton Twill|Chino Shorts@Cotton Twill|Denim Shorts@Cotton Denim|Running Shorts@Recycled Polyester|Swim Shorts@Recycled Polyester|Sweat Shorts@French Terry|Hybrid Shorts|Board Shorts@Recycled Polyester|Linen Shorts@Linen|Basketball Shorts@Polyester Mesh",
            modifiers: "Relaxed-Fit|Slim-Fit|Flat-Front|Pleated|Drawstring|Stretch|Lightweight|Quick-Dry|Pull-On",
            materials: "Cotton|Cotton Twill|Nylon Stretch|Cotton Blend", sizes: LetterSizes,
            specs: "inseam=5 in|7 in|9 in|11 in");
        b.Leaf("jeans", "Jeans", 29, 149, weight: 3,
            nouns: "Slim Jeans|Straight-Leg Jeans|Tapered Jeans|Relaxed Jeans|Skinny Jeans|Bootcut Jeans|Carpenter Jeans|Athletic-Fit Jeans",
            modifiers: "Stretch|Selvedge|Distressed|Raw|Vintage|Washed|Classic|Comfort-Flex",
            materials: "Cotton Denim|Stretch Denim|Organic Cotton Denim|Selvedge Denim", colors: DenimColors, sizes: MenWaistSizes);
        b.Leaf("trousers", "Trousers & Chinos", 29, 129, weight: 2,
            nouns: "Chinos@Cotton Twill|Cargo Pants|Joggers@French Terry|Dress Trousers@Wool Blend|Corduroy Pants@Cotton Corduroy|Work Pants@Cotton Canvas|Pleated Trousers|Tech Pants@Nylon Stretch",
            modifiers: "Slim-Fit|Straight-Fit|Relaxed|Tapered|Stretch|Tailored",
            materials: "Cotton|Cotton Twill|Wool Blend|Linen Blend", sizes: MenWaistSizes);
        b.Leaf("sweaters", "Sweaters & Hoodies", 29, 199, weight: 2,
            nouns: "Crewneck Sweater|Quarter-Zip Sweater|Cardigan|Cable-Knit Sweater|Pullover Hoodie@Cotton Fleece|Zip-Up Hoodie@Cotton Fleece|Crewneck Sweatshirt@French Terry|Turtleneck Sweater",
            modifiers: "Chunky|Fine-Knit|Ribbed|Brushed|Relaxed|Heavyweight|Shawl-Collar",
            materials: "Merino Wool|Cashmere|Cotton|Lambswool|Wool Blend", sizes: LetterSizes);
        b.Sub("outerwear", "Outerwear");
        b.Leaf("jackets", "Jackets", 49, 279, weight: 2,
            nouns: "Denim Jacket@Cotton Denim|Puffer Jacket@Recycled Nylon|Rain Jacket@Waterproof Nylon|Bomber Jacket|Leather Jacket@Leather|Field Jacket@Waxed Cotton|Trucker Jacket|Fleece Jacket@Polar Fleece|Softshell Jacket|Harrington Jacket",
            modifiers: "Water-Resistant|Packable|Lightweight|Insulated|Sherpa-Lined|Hooded|Relaxed",
            materials: "Cotton|Recycled Polyester|Nylon|Wool Blend", sizes: LetterSizes);
        b.Leaf("coats", "Coats", 89, 399,
            nouns: "Wool Overcoat@Wool Blend|Parka@Recycled Nylon|Peacoat@Wool Blend|Trench Coat@Cotton Gabardine|Down Parka@Recycled Nylon|Car Coat|Topcoat",
            modifiers: "Double-Breasted|Single-Breasted|Hooded|Insulated|Tailored|Longline",
            materials: "Wool Blend|Cotton|Recycled Polyester|Cashmere Blend", sizes: LetterSizes);
        b.Sub("shoes", "Shoes", ProductKind.Footwear, FootwearBrands);
        b.Leaf("sneakers", "Sneakers", 39, 189, weight: 2,
            nouns: "Low-Top Sneakers|High-Top Sneakers|Running Shoes|Slip-On Sneakers|Court Sneakers|Trail Running Shoes|Skate Shoes|Knit Sneakers@Knit Mesh",
            modifiers: "Cushioned|Lightweight|Retro|Everyday|Breathable|Minimalist",
            materials: "Leather|Canvas|Knit Mesh|Suede|Recycled Polyester", sizes: MenShoeSizes);
        b.Leaf("boots", "Boots", 69, 299,
            nouns: "Chelsea Boots|Work Boots|Hiking Boots|Chukka Boots|Moc-Toe Boots|Lace-Up Boots|Winter Boots|Duck Boots",
            modifiers: "Waterproof|Insulated|Lug-Sole|Steel-Toe|Goodyear-Welted|Lined",
            materials: "Leather|Suede|Nubuck|Oiled Leather", colors: LeatherColors, sizes: MenShoeSizes);
        b.Leaf("dress-shoes", "Dress Shoes", 59, 249,
            nouns: "Oxford Shoes|Derby Shoes|Loafers|Monk-Strap Shoes|Brogues|Penny Loafers|Boat Shoes",
            modifiers: "Cap-Toe|Wingtip|Cushioned|Handcrafted|Classic|Slim",
            materials: "Leather|Suede|Patent Leather|Calfskin", colors: LeatherColors, sizes: MenShoeSizes);
        b.Sub("accessories", "Accessories", ProductKind.Accessory);
        b.Leaf("watches", "Watches", 49, 449,
            nouns: "Chronograph Watch|Dive Watch|Field Watch|Automatic Watch|Minimalist Watch|Pilot Watch",
            modifiers: "Sapphire-Crystal|Water-Resistant|Solar|Vintage-Inspired|Classic",
            materials: "Stainless Steel|Titanium|Leather Strap|Nylon Strap", colors: "Black|Silver|Navy|Green|Gold|Gunmetal",
            sizes: "38 mm|40 mm|42 mm|44 mm");
        b.Leaf("bags-belts", "Bags & Belts", 19, 199,
            nouns: "Leather Belt@Leather$24-89|Messenger Bag$49-199|Backpack$39-179|Duffel Bag$59-199|Wallet@Leather$24-99|Canvas Belt@Canvas$19-39|Briefcase@Leather$99-299|Card Holder@Leather$19-59",
            modifiers: "Slim|Classic|Waxed|Rugged|Minimalist|Reversible",
            materials: "Leather|Canvas|Recycled Nylon|Waxed Canvas", colors: LeatherColors, sizes: OneSize);

        b.Department("kids", "Kids", "kids' clothing", "Kids|Little Ones|Kids Co.|Playhouse", sellerWeight: 1,
            ProductKind.Apparel, GenderMode.Kids, KidsBrands, ApparelColors);
        b.Sub("clothing", "Clothing");
        b.Leaf("t-shirts", "T-Shirts & Tops", 7, 29,
            nouns: "Graphic T-Shirt|Striped T-Shirt|Long Sleeve T-Shirt|Polo Shirt@Cotton Pique|Tank Top|Rash Guard@Recycled Polyester",
            modifiers: "Soft|Organic|Everyday|Play-Ready|Printed",
            materials: "Cotton|Organic Cotton|Cotton Blend", sizes: KidsSizes);
        b.Leaf("bottoms", "Pants & Shorts", 9, 39,
            nouns: "Pull-On Shorts|Joggers@French Terry|Jeans@Stretch Denim|Leggings@Cotton Spandex|Cargo Pants|Chino Shorts@Cotton Twill",
            modifiers: "Elastic-Waist|Reinforced-Knee|Stretch|Everyday|Adjustable-Waist",
            materials: "Cotton|Cotton Twill|Cotton Blend", sizes: KidsSizes);
        b.Leaf("pajamas", "Pajamas", 12, 39,
            nouns: "Pajama Set|Footed Pajamas|Nightgown|Sleep Shorts Set",
            modifiers: "Snug-Fit|Printed|Glow-in-the-Dark|Brushed",
            materials: "Organic Cotton|Cotton|Flannel|Bamboo Viscose", sizes: KidsSizes);
        b.Leaf("jackets", "Jackets", 24, 99,
            nouns: "Puffer Jacket@Recycled Nylon|Rain Jacket@Waterproof Nylon|Fleece Jacket@Polar Fleece|Denim Jacket@Cotton Denim|Snowsuit@Recycled Nylon",
            modifiers: "Hooded|Packable|Reflective|Insulated|Water-Resistant",
            materials: "Recycled Polyester|Nylon|Cotton", sizes: KidsSizes);
        b.Sub("shoes", "Shoes", ProductKind.Footwear);
        b.Leaf("sneakers", "Sneakers", 24, 79,
            nouns: "Light-Up Sneakers|Hook-and-Loop Sneakers|Slip-On Sneakers|Running Shoes|High-Top Sneakers",
            modifiers: "Easy-On|Lightweight|Cushioned|Washable",
            materials: "Canvas|Knit Mesh|Synthetic Leather", sizes: KidsShoeSizes);
        b.Leaf("boots", "Boots", 24, 89,
            nouns: "Rain Boots@Rubber|Snow Boots|Hiking Boots|Chelsea Boots",
            modifiers: "Waterproof|Insulated|Easy-On|Lined",
            materials: "Rubber|Leather|Nylon", sizes: KidsShoeSizes);

        b.Department("sports", "Sports & Outdoors", "sports and outdoor gear", "Sports|Outdoors|Athletics|Gear Co.|Outfitters|Trail Supply", sellerWeight: 2,
            ProductKind.Sports, GenderMode.None, SportsBrands, GearColors);
        b.Sub("fitness", "Fitness");
        b.Leaf("yoga", "Yoga", 12, 129,
            nouns: "Yoga Mat|Yoga Block Set@Cork|Yoga Strap@Cotton|Yoga Wheel|Meditation Cushion@Buckwheat Fill",
            modifiers: "Non-Slip|Extra-Thick|Travel|Eco|Alignment",
            materials: "Natural Rubber|TPE Foam|Cork|PU Leather", colors: "Sage|Black|Lilac|Ocean Blue|Sand|Charcoal|Terracotta",
            specs: "thickness=2 mm|4 mm|6 mm|8 mm");
        b.Leaf("strength", "Strength Training", 19, 499,
            nouns: "Adjustable Dumbbells$149-499|Kettlebell@Cast Iron$19-99|Dumbbell Set$39-249|Weight Bench@Steel$99-349|Barbell@Steel$99-349|Bumper Plates@Rubber$49-299|Pull-Up Bar@Steel$24-79",
            modifiers: "Rubber-Coated|Compact|Heavy-Duty|Home Gym|Competition",
            materials: "Cast Iron|Steel|Rubber|Neoprene", colors: "Black|Graphite|Red|Blue|Grey",
            specs: "weight=10 lb|15 lb|20 lb|25 lb|35 lb|52.5 lb|90 lb", titleSpecs: "weight");
        b.Leaf("fitness-accessories", "Fitness Accessories", 9, 69,
            nouns: "Resistance Band Set|Jump Rope$9-29|Foam Roller|Ab Roller|Workout Gloves|Gym Bag|Massage Gun$49-179",
            modifiers: "Weighted|High-Density|Speed|Adjustable|Heavy-Duty",
            materials: "Latex|EVA Foam|Nylon|Silicone", sizes: "");
        b.Sub("running", "Running");
        b.Leaf("running-shoes", "Running Shoes", 59, 219, weight: 2, kind: ProductKind.Footwear, gender: GenderMode.Mixed,
            nouns: "Road Running Shoes|Trail Running Shoes|Racing Flats|Stability Running Shoes|Cushioned Running Shoes|Carbon-Plate Racing Shoes",
            modifiers: "Lightweight|Max-Cushion|Responsive|Waterproof|Wide-Fit",
            materials: "Engineered Mesh|Knit Mesh|Recycled Polyester", sizes: UnisexShoeSizes,
            specs: "drop=4 mm|6 mm|8 mm|10 mm");
        b.Leaf("running-apparel", "Running Apparel", 14, 129, weight: 2, kind: ProductKind.Apparel, gender: GenderMode.Mixed,
            nouns: "Running Shorts|Running Tights|Running Jacket@Ripstop Nylon|Running Tank|Half-Zip Running Top|Running Cap|Running Socks",
            modifiers: "Lightweight|Reflective|Sweat-Wicking|Breathable|Thermal|Quick-Dry",
            materials: "Recycled Polyester|Nylon Spandex|Merino Blend", sizes: LetterSizes);
        b.Leaf("running-gear", "Running Gear", 12, 129,
            nouns: "Hydration Vest$49-149|Running Belt$12-39|Phone Armband$12-29|Reflective Vest$12-39|Handheld Water Bottle$12-35|Rechargeable Headlamp$19-79",
            modifiers: "Bounce-Free|Lightweight|Adjustable|Ultralight|Weatherproof",
            materials: "Nylon|Neoprene|Recycled Polyester|Silicone");
        b.Sub("camping", "Camping & Hiking");
        b.Leaf("tents", "Tents", 59, 599,
            nouns: "Backpacking Tent|Camping Tent|Family Dome Tent|Ultralight Tent|Pop-Up Beach Tent|Instant Cabin Tent",
            modifiers: "Waterproof|Freestanding|Three-Season|Four-Season|Quick-Pitch",
            materials: "Ripstop Nylon|Polyester|Silnylon", specs: "capacity=1-Person|2-Person|3-Person|4-Person|6-Person", titleSpecs: "capacity");
        b.Leaf("backpacks", "Backpacks", 29, 299,
            nouns: "Hiking Daypack|Backpacking Pack|Hydration Pack|Travel Backpack|Summit Pack",
            modifiers: "Ventilated|Lightweight|Rolltop|Water-Resistant|Expedition",
            materials: "Ripstop Nylon|Recycled Polyester|Cordura Nylon", specs: "volume=18 L|24 L|30 L|45 L|55 L|65 L", titleSpecs: "volume");
        b.Leaf("sleeping", "Sleeping Bags & Pads", 24, 399,
            nouns: "Mummy Sleeping Bag|Rectangular Sleeping Bag|Down Sleeping Bag@Goose Down|Sleeping Pad|Camping Pillow|Camp Quilt",
            modifiers: "Lightweight|Compressible|Insulated|Self-Inflating|Ultralight",
            materials: "Synthetic Fill|Ripstop Nylon|Recycled Polyester", specs: "temperatureRating=15 F|20 F|30 F|40 F|50 F");
        b.Sub("cycling", "Cycling");
        b.Leaf("bike-helmets", "Bike Helmets", 29, 249,
            nouns: "Road Bike Helmet|Mountain Bike Helmet|Commuter Helmet|Kids' Bike Helmet|Aero Helmet",
            modifiers: "MIPS|Ventilated|Lightweight|LED-Equipped|Adjustable",
            materials: "Polycarbonate Shell|EPS Foam", sizes: "S|M|L");
        b.Leaf("bike-accessories", "Bike Accessories", 9, 199,
            nouns: "Bike Light Set$19-89|U-Lock@Hardened Steel$29-119|Floor Pump$24-79|Saddle Bag$14-49|Bottle Cage$9-29|GPS Bike Computer$99-349|Phone Mount$12-39",
            modifiers: "Rechargeable|Compact|Heavy-Duty|Quick-Release|Weatherproof",
            materials: "Aluminum|Nylon|Carbon Fiber|Steel");
        b.Sub("team-sports", "Team & Racket Sports");
        b.Leaf("balls", "Balls", 12, 149,
            nouns: "Soccer Ball|Basketball@Composite Leather|Volleyball|Football@Composite Leather|Rugby Ball",
            modifiers: "Match|Training|Indoor|Outdoor|Official-Size",
            materials: "Synthetic Leather|Rubber|PU Leather", specs: "level=Recreational|Training|Match");
        b.Leaf("rackets", "Racket Sports", 19, 249,
            nouns: "Tennis Racket@Graphite|Pickleball Paddle Set|Badminton Set|Squash Racket@Graphite|Table Tennis Paddle Set",
            modifiers: "Lightweight|Control|Power|Tournament|Beginner",
            materials: "Graphite|Aluminum|Fiberglass|Carbon Fiber");

        b.Department("electronics", "Electronics", "consumer electronics", "Electronics|Tech|Digital|Gadgets|Tech Supply|Audio", sellerWeight: 2,
            ProductKind.Electronics, GenderMode.None, TechBrands, TechColors);
        b.Sub("phones", "Phones & Accessories");
        b.Leaf("smartphones", "Smartphones", 149, 1299, weight: 2,
            nouns: "Smartphone|5G Smartphone|Foldable Smartphone|Rugged Smartphone",
            specs: "storage=64GB|128GB|256GB|512GB|1TB;screenSize=6.1 in|6.4 in|6.7 in|6.9 in;network=5G|4G LTE",
            titleSpecs: "storage|color");
        b.Leaf("phone-cases", "Cases & Screen Protectors", 9, 59,
            nouns: "Clear Case|Silicone Case@Silicone|Rugged Case|Wallet Case@Leather|Magnetic Case|Slim Case|Tempered Glass Screen Protector@Tempered Glass$7-24",
            modifiers: "Shockproof|Ultra-Thin|Anti-Yellowing|Drop-Tested",
            materials: "TPU|Polycarbonate|Silicone|Leather", specs: "fits=6.1-inch phones|6.7-inch phones|6.9-inch phones", titleSpecs: "fits",
            sentences: "Raised edges protect the screen and camera.|Drop-tested from six feet.|Works with wireless charging.|"
                + "Finished in {color}.|Precise cutouts for every port and button.|Backed by a one-year {brand} limited warranty.");
        b.Leaf("chargers", "Chargers & Cables", 9, 79,
            nouns: "65W USB-C Charger|Wireless Charging Pad|3-in-1 Charging Stand|Braided USB-C Cable|Power Bank|Car Charger|GaN Wall Charger",
            modifiers: "Fast-Charging|Compact|Foldable|Travel",
            specs: "connector=USB-C|USB-A to USB-C|USB-C to Lightning|Qi2 Wireless",
            sentences: "Charges phones, tablets and most laptops.|Built-in protection against overheating and overcharging.|"
                + "Finished in {color}.|Backed by a one-year {brand} limited warranty.|Compact enough for a jacket pocket.");
        b.Sub("computers", "Computers");
        b.Leaf("laptops", "Laptops", 299, 2499, weight: 2,
            nouns: "Laptop|Ultrabook|2-in-1 Laptop|Gaming Laptop|Chromebook|Creator Laptop",
            specs: "screenSize=13.3 in|14 in|15.6 in|16 in|17.3 in;memory=8GB RAM|16GB RAM|32GB RAM|64GB RAM;storage=256GB SSD|512GB SSD|1TB SSD|2TB SSD",
            titleSpecs: "screenSize|memory|storage");
        b.Leaf("monitors", "Monitors", 129, 999,
            nouns: "4K Monitor|QHD Monitor|Curved Gaming Monitor|Portable Monitor|UltraWide Monitor|Office Monitor",
            specs: "screenSize=24 in|27 in|32 in|34 in;refreshRate=60Hz|75Hz|144Hz|165Hz|240Hz;panel=IPS|VA|OLED",
            titleSpecs: "screenSize|refreshRate");
        b.Leaf("keyboards-mice", "Keyboards & Mice", 19, 199,
            nouns: "Mechanical Keyboard|Wireless Keyboard|Wireless Mouse|Ergonomic Mouse|Gaming Mouse|Keyboard and Mouse Combo|Compact Keyboard",
            modifiers: "Low-Profile|Backlit|Silent|Rechargeable|Hot-Swappable",
            specs: "connectivity=Bluetooth|2.4 GHz Wireless|USB-C Wired|Tri-Mode Wireless");
        b.Sub("audio", "Audio");
        b.Leaf("headphones", "Headphones", 29, 449, weight: 2,
            nouns: "Over-Ear Headphones|On-Ear Headphones|Noise-Cancelling Headphones|Studio Headphones|Gaming Headset",
            specs: "connectivity=Bluetooth 5.3|Wired 3.5 mm|USB-C|Bluetooth and Wired;batteryLife=20 hours|30 hours|40 hours|60 hours");
        b.Leaf("earbuds", "Earbuds", 19, 299, weight: 2,
            nouns: "True Wireless Earbuds|Sport Earbuds|Noise-Cancelling Earbuds|Open-Ear Earbuds",
            specs: "batteryLife=6 hours|8 hours|10 hours;waterResistance=IPX4|IPX5|IPX7");
        b.Leaf("speakers", "Speakers", 29, 399,
            nouns: "Portable Bluetooth Speaker|Smart Speaker|Waterproof Speaker|Bookshelf Speakers|Party Speaker",
            specs: "batteryLife=10 hours|12 hours|20 hours|24 hours;waterResistance=IPX4|IPX7|IP67");
        b.Sub("wearables", "Wearables");
        b.Leaf("smartwatches", "Smartwatches", 99, 699,
            nouns: "Smartwatch|GPS Smartwatch|Hybrid Smartwatch|Kids Smartwatch|Outdoor Smartwatch",
            specs: "caseSize=41 mm|42 mm|45 mm|47 mm;storage=16GB|32GB|64GB",
            titleSpecs: "caseSize|color");
        b.Leaf("fitness-trackers", "Fitness Trackers", 29, 199,
            nouns: "Fitness Tracker|Sleep Tracker Band|Heart Rate Band|Smart Ring",
            specs: "batteryLife=5 days|7 days|10 days|14 days");
        b.Sub("tv-home-theater", "TV & Home Theater");
        b.Leaf("tvs", "TVs", 179, 2999,
            nouns: "4K UHD Smart TV|QLED Smart TV|OLED Smart TV|Full HD Smart TV|Mini-LED Smart TV",
            specs: "screenSize=32 in|43 in|50 in|55 in|65 in|75 in|85 in;refreshRate=60Hz|120Hz|144Hz",
            titleSpecs: "screenSize");
        b.Leaf("soundbars", "Soundbars", 79, 999,
            nouns: "Soundbar|Soundbar with Wireless Subwoofer|Dolby Atmos Soundbar|Compact Soundbar",
            specs: "channels=2.0|2.1|3.1|5.1|7.1.2");
        b.Leaf("streaming", "Streaming Devices", 29, 149,
            nouns: "4K Streaming Stick|Streaming Box|Media Player",
            specs: "resolution=1080p|4K HDR|4K Dolby Vision");

        b.Department("home", "Home & Kitchen", "home goods", "Home|Living|Home Goods|Interiors|Kitchen Co.|House", sellerWeight: 2,
            ProductKind.Home, GenderMode.None, HomeBrands, HomeColors);
        b.Sub("kitchen", "Kitchen");
        b.Leaf("cookware", "Cookware", 19, 399, weight: 2,
            nouns: "Nonstick Frying Pan@Ceramic Nonstick$19-89|Cast Iron Skillet@Cast Iron$19-79|Dutch Oven@Enameled Cast Iron$59-349|Saucepan@Stainless Steel$29-149|Cookware Set@Tri-Ply Stainless Steel$149-599|Saute Pan@Hard-Anodized Aluminum$39-179|Stockpot@Stainless Steel$39-179|Wok@Carbon Steel$24-99",
            modifiers: "Induction-Ready|Professional|Oven-Safe|Pre-Seasoned|Everyday",
            specs: "size=8 in|10 in|12 in|3 qt|5.5 qt|10-Piece");
        b.Leaf("knives", "Knives & Cutlery", 15, 299,
            nouns: "Chef's Knife$29-249|Santoku Knife$29-199|Knife Block Set$99-299|Paring Knife$12-79|Bread Knife$19-129|Steak Knife Set$39-199|Kitchen Shears$12-49",
            modifiers: "Forged|Hand-Sharpened|Full-Tang|Professional|Everyday",
            materials: "High-Carbon Stainless Steel|Damascus Steel|German Steel|Japanese Steel");
        b.Leaf("appliances", "Small Appliances", 24, 499, weight: 2,
            nouns: "Drip Coffee Maker$39-199|Espresso Machine$149-799|Electric Kettle$24-119|Blender$39-299|Toaster$29-149|Air Fryer$59-249|Stand Mixer$149-499|Food Processor$59-299|Rice Cooker$29-199",
            modifiers: "Programmable|Compact|Digital|Retro|Quiet",
            materials: "Stainless Steel|Brushed Steel|Glass|BPA-Free Plastic");
        b.Leaf("dinnerware", "Dinnerware", 19, 159,
            nouns: "Dinner Plate Set|Bowl Set|Mug Set$19-69|Dinnerware Set$59-249|Tumbler Set@Glass$19-59|Serving Platter$24-89|Pasta Bowl Set",
            modifiers: "Hand-Glazed|Speckled|Matte|Reactive-Glaze|Minimalist|Rustic",
            materials: "Stoneware|Porcelain|Ceramic|Bamboo|Melamine", specs: "pieces=2-Piece|4-Piece|6-Piece|12-Piece|16-Piece", titleSpecs: "pieces");
        b.Sub("furniture", "Furniture");
        b.Leaf("chairs", "Chairs", 59, 799,
            nouns: "Dining Chair|Office Chair|Accent Chair|Bar Stool|Lounge Chair|Rocking Chair",
            modifiers: "Mid-Century|Upholstered|Ergonomic|Stackable|Swivel|Scandinavian",
            materials: "Solid Oak|Walnut Veneer|Rattan|Velvet|Boucle|Steel");
        b.Leaf("tables", "Tables & Desks", 69, 1499,
            nouns: "Coffee Table$129-899|Dining Table$299-1499|Side Table$49-299|Console Table$129-699|Writing Desk$149-799|Standing Desk$249-999|Nightstand$59-349",
            modifiers: "Mid-Century|Round|Extendable|Modern|Farmhouse|Minimalist",
            materials: "Solid Oak|Walnut|Mango Wood|Marble|Tempered Glass|Reclaimed Pine");
        b.Leaf("storage", "Shelving & Storage", 29, 699,
            nouns: "Bookshelf$79-399|Storage Cabinet$99-499|Floating Shelves$24-119|Storage Baskets$19-79|Shoe Rack$29-129|Media Console$149-699|Dresser$199-699",
            modifiers: "Modular|Ladder|Wall-Mounted|Slim|Six-Drawer|Open",
            materials: "Solid Pine|Oak Veneer|Bamboo|Powder-Coated Steel|Seagrass");
        b.Sub("bed-bath", "Bed & Bath");
        b.Leaf("bedding", "Bedding", 29, 299, weight: 2,
            nouns: "Duvet Cover Set$59-299|Sheet Set$39-249|Quilt$79-299|Down-Alternative Comforter$59-249|Pillowcase Pair$19-69|Weighted Blanket$59-199|Throw Blanket$29-129",
            modifiers: "Stonewashed|Breathable|Cooling|Garment-Washed|Hotel-Style|Textured",
            materials: "Percale Cotton|Sateen Cotton|Linen|Bamboo Lyocell|Microfiber|Flannel",
            sizes: "Twin|Full|Queen|King|California King");
        b.Leaf("towels", "Towels", 14, 129,
            nouns: "Bath Towel Set$29-129|Hand Towels$14-49|Bath Sheet$29-89|Beach Towel$19-59|Washcloth Set$9-29|Bath Mat$19-59",
            modifiers: "Plush|Quick-Dry|Ribbed|Waffle-Weave|Hotel-Style",
            materials: "Turkish Cotton|Egyptian Cotton|Organic Cotton|Bamboo Viscose", specs: "pieces=2-Piece|4-Piece|6-Piece");
        b.Sub("decor", "Decor & Lighting");
        b.Leaf("lighting", "Lighting", 24, 399,
            nouns: "Table Lamp$39-249|Floor Lamp$69-399|Pendant Light$59-349|Desk Lamp$29-149|String Lights$14-49|Wall Sconce$49-249",
            modifiers: "Dimmable|Arched|Mushroom|Adjustable|Plug-In|Globe",
            materials: "Brass|Ceramic|Rattan|Linen|Powder-Coated Steel|Glass");
        b.Leaf("rugs", "Rugs", 29, 699,
            nouns: "Area Rug|Runner Rug|Washable Rug|Jute Rug@Jute|Shag Rug|Outdoor Rug@Polypropylene",
            modifiers: "Hand-Woven|Distressed|Geometric|Moroccan-Style|Low-Pile|Striped",
            materials: "Wool|Cotton|Polypropylene|Viscose", sizes: "2 x 3 ft|2.5 x 8 ft|5 x 7 ft|8 x 10 ft|9 x 12 ft");
        b.Leaf("candles", "Candles & Home Fragrance", 9, 79,
            nouns: "Scented Candle|Reed Diffuser|Candle Set|Pillar Candles$12-39|Essential Oil Diffuser$24-79",
            modifiers: "Hand-Poured|Three-Wick|Travel|Long-Burning",
            materials: "Soy Wax|Coconut Wax|Beeswax",
            specs: "scent=Sandalwood|Fig & Cedar|Lavender|Sea Salt|Vanilla Bean|Eucalyptus|Amber|Citrus Grove", titleSpecs: "scent");

        b.Department("beauty", "Beauty", "beauty and personal care", "Beauty|Apothecary|Skin Co.|Beauty Bar", sellerWeight: 1,
            ProductKind.Beauty, GenderMode.None, BeautyBrands, colors: "");
        b.Sub("skincare", "Skincare");
        b.Leaf("moisturizers", "Moisturizers", 9, 89,
            nouns: "Face Moisturizer|Night Cream|Gel Cream|Eye Cream|Tinted Moisturizer SPF 30|Daily Moisturizer SPF 50",
            modifiers: "Hydrating|Hyaluronic Acid|Ceramide|Vitamin C|Oil-Free|Fragrance-Free|Barrier Repair|Peptide",
            specs: "volume=15 ml|30 ml|50 ml|75 ml|100 ml;skinType=All Skin Types|Dry|Oily|Combination|Sensitive", titleSpecs: "volume");
        b.Leaf("cleansers", "Cleansers", 7, 49,
            nouns: "Foaming Cleanser|Gel Cleanser|Cleansing Balm|Micellar Water|Exfoliating Cleanser|Cream Cleanser",
            modifiers: "Gentle|Clarifying|Hydrating|Fragrance-Free|Oat|Green Tea",
            specs: "volume=100 ml|150 ml|200 ml|400 ml;skinType=All Skin Types|Dry|Oily|Combination|Sensitive", titleSpecs: "volume");
        b.Leaf("serums", "Serums & Oils", 12, 119,
            nouns: "Face Serum|Retinol Serum|Niacinamide Serum|Vitamin C Serum|Face Oil",
            modifiers: "Brightening|Firming|Overnight|Clarifying|Plumping",
            specs: "volume=15 ml|30 ml|50 ml;skinType=All Skin Types|Dry|Oily|Combination|Sensitive", titleSpecs: "volume");
        b.Sub("haircare", "Hair Care");
        b.Leaf("shampoo", "Shampoo & Conditioner", 8, 59,
            nouns: "Shampoo|Conditioner|Shampoo and Conditioner Set|Leave-In Conditioner|Hair Mask|Dry Shampoo",
            modifiers: "Repairing|Volumizing|Curl-Defining|Color-Safe|Sulfate-Free|Clarifying",
            specs: "volume=250 ml|300 ml|500 ml|1 L;hairType=All Hair Types|Curly|Fine|Color-Treated|Dry & Damaged", titleSpecs: "volume");
        b.Leaf("hair-tools", "Hair Tools", 19, 399,
            nouns: "Hair Dryer$39-399|Flat Iron$29-249|Curling Wand$24-199|Hot Air Brush$39-299|Hair Clipper$24-149|Heated Rollers$29-99",
            modifiers: "Ionic|Ceramic|Cordless|Compact|Professional",
            colors: "Black|White|Rose Gold|Sage|Champagne|Lilac", specs: "wattage=1200 W|1600 W|1875 W|2000 W",
            sentences: "Ionic technology cuts frizz and styling time.|Several heat settings, with a cool shot to set your style.|"
                + "Finished in {color} with a soft-touch grip.|Backed by a two-year {brand} warranty.|Switches itself off after an hour of rest.|"
                + "Comes with a heat-resistant travel pouch.");
        b.Sub("makeup", "Makeup");
        b.Leaf("lips", "Lips", 6, 39,
            nouns: "Matte Lipstick|Lip Gloss|Tinted Lip Balm|Lip Liner|Liquid Lipstick|Lip Oil",
            modifiers: "Long-Wear|Hydrating|Plumping|Sheer|Velvet",
            specs: "shade=Nude Rose|Berry|Classic Red|Coral Crush|Mauve|Brick|Pink Nude|Cherry", titleSpecs: "shade");
        b.Leaf("face-makeup", "Face", 8, 59,
            nouns: "Foundation|Concealer|Setting Powder|Blush|Bronzer|Highlighter|Primer|Skin Tint",
            modifiers: "Lightweight|Full-Coverage|Buildable|Long-Wear|Radiant",
            specs: "shade=Fair|Light|Light Medium|Medium|Tan|Deep|Rich;finish=Matte|Satin|Dewy|Natural", titleSpecs: "shade");

        return b.Build();
    }

    private static ImmutableArray<string> L(string values) =>
        values.Length == 0 ? [] : [.. values.Split('|')];

    /// <summary>Collects the tree during <see cref="Build"/>; nothing mutable escapes it.</summary>
    private sealed class Builder
    {
        private readonly List<SeedCategory> categories = [];
        private readonly List<DepartmentSpec> departments = [];
        private readonly List<LeafSpec> leaves = [];
        private readonly HashSet<string> slugs = [];
        private DepartmentDefaults department = null!;
        private SubDefaults sub = null!;

        private sealed record DepartmentDefaults(string Slug, int Index, ProductKind Kind, GenderMode Gender, string Brands, string Colors);
        private sealed record SubDefaults(string Slug, ProductKind Kind, string Brands);

        public void Department(string slug, string name, string sellerPitch, string sellerSuffixes, int sellerWeight,
            ProductKind kind, GenderMode gender, string brands, string colors)
        {
            Add(new SeedCategory(slug, name, null));
            department = new(slug, departments.Count, kind, gender, brands, colors);
            departments.Add(new(slug, name, sellerPitch, L(sellerSuffixes), sellerWeight));
        }

        public void Sub(string slug, string name, ProductKind? kind = null, string? brands = null)
        {
            var full = $"{department.Slug}-{slug}";
            Add(new SeedCategory(full, name, department.Slug));
            sub = new(full, kind ?? department.Kind, brands ?? department.Brands);
        }

        public void Leaf(string slug, string name, int minPrice, int maxPrice, string nouns,
            string modifiers = "", string materials = "", string? colors = null, string sizes = "",
            string specs = "", string titleSpecs = "", int weight = 1, ProductKind? kind = null, GenderMode? gender = null,
            string? sentences = null)
        {
            var full = $"{department.Slug}-{slug}";
            Add(new SeedCategory(full, name, sub.Slug));
            kind ??= sub.Kind;
            var words = slug.Split('-');
            var skuCode = (department.Slug[..1] + words[^1][..Math.Min(2, words[^1].Length)]).ToUpperInvariant();
            leaves.Add(new LeafSpec(
                full, name, department.Index, kind.Value, gender ?? department.Gender, skuCode, weight, minPrice, maxPrice,
                [.. L(nouns).Select(ParseNoun)], L(modifiers), L(materials), L(colors ?? department.Colors), L(sizes),
                [.. specs.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(ParseSpec)], L(titleSpecs), L(sub.Brands),
                sentences is null ? KindSentences(kind.Value) : L(sentences)));
        }

        public CatalogVocabulary Build() => new([.. categories], [.. departments], [.. leaves]);

        private void Add(SeedCategory category)
        {
            if (!slugs.Add(category.Slug))
                throw new InvalidOperationException($"Duplicate category slug '{category.Slug}'.");
            categories.Add(category);
        }

        private static NounSpec ParseNoun(string text)
        {
            int? min = null, max = null;
            var dollar = text.IndexOf('$');
            if (dollar >= 0)
            {
                var range = text[(dollar + 1)..].Split('-');
                (min, max) = (int.Parse(range[0], CultureInfo.InvariantCulture), int.Parse(range[1], CultureInfo.InvariantCulture));
                text = text[..dollar];
            }
            var at = text.IndexOf('@');
            return at < 0 ? new(text, null, min, max) : new(text[..at], text[(at + 1)..], min, max);
        }

        private static AttributeSpec ParseSpec(string text)
        {
            var eq = text.IndexOf('=');
            return new(text[..eq], L(text[(eq + 1)..]));
        }
    }
}
