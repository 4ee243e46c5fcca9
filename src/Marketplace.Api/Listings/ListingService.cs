using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Sellers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Listings;

/// <summary>A seller's own listings: create, edit, stock, publish, archive, bulk import.</summary>
public sealed class ListingService(MarketplaceDb db, TimeProvider time, IOptions<CatalogOptions> catalog, ILogger<ListingService> logger)
{
    public const int MaxBulkRows = 5_000;
    public const int MaxStock = 1_000_000_000;
    private const int InChunk = 500;
    // A retry reloads what the winner wrote, so the second attempt rarely conflicts again; a third covers a crowd.
    private const int MaxAttempts = 3;

    private string Currency => catalog.Value.Currency;

    public async Task<ListingPayload> CreateAsync(long sellerId, ListingInput input, CancellationToken ct)
    {
        var result = await UpsertAsync(sellerId, [input], createOnly: true, ct);
        if (result.UserErrors.Count > 0) return new(null, result.UserErrors);
        var row = result.Rows[0];
        return new(row.Listing, row.UserErrors);
    }

    public Task<BulkUpsertPayload> BulkUpsertAsync(long sellerId, IReadOnlyList<ListingInput> rows, CancellationToken ct)
    {
        if (rows.Count is 0 or > MaxBulkRows)
            return Task.FromResult(new BulkUpsertPayload([], [new UserError(UserErrorCode.InvalidRowCount,
                $"Send 1 to {MaxBulkRows} rows in one call; split larger imports.", ["input", "rows"])]));
        return UpsertAsync(sellerId, rows, createOnly: false, ct);
    }

    /// <summary>
    /// Writes the rows; when a concurrent writer took a slug, a GTIN or a SKU first, or changed an offer, the whole call
    /// runs again against what it wrote: the slug gets a suffix, the GTIN joins the winner's product, the SKU becomes an update.
    /// </summary>
    private async Task<BulkUpsertPayload> UpsertAsync(long sellerId, IReadOnlyList<ListingInput> rows, bool createOnly, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptUpsertAsync(sellerId, rows, createOnly, ct);
            }
            catch (DbUpdateException e) when (DbConflicts.IsConflict(e))
            {
                db.ChangeTracker.Clear();
                var retrying = attempt < MaxAttempts;
                logger.LogInformation("Listings of seller {SellerId} met a concurrent change ({Conflict}) on attempt {Attempt}; {Outcome}.",
                    sellerId, DbConflicts.Describe(e), attempt, retrying ? "retrying" : "answering CONFLICT");
                if (!retrying)
                    return new([], [new UserError(UserErrorCode.Conflict, "Another change to these listings happened at the same time; nothing was written. Send the same request again.")]);
            }
        }
    }

    private async Task<BulkUpsertPayload> AttemptUpsertAsync(long sellerId, IReadOnlyList<ListingInput> rows, bool createOnly, CancellationToken ct)
    {
        var seller = await db.Sellers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sellerId, ct);
        if (seller is null)
            return new([], [new UserError(UserErrorCode.SellerNotFound, "Your seller account does not exist.")]);
        if (seller.Status == SellerStatus.Suspended)
            return new([], [new UserError(UserErrorCode.SellerSuspended, "Your seller account is suspended; listings cannot change.")]);

        var context = await BatchContext.LoadAsync(db, sellerId, rows, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var results = new BulkRowResult?[rows.Count];
        var pending = new List<(int Index, Offer Offer, BulkRowOutcome Outcome)>();
        var seenSkus = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var errors = new UserErrors(createOnly ? ["input"] : ["input", "rows", i.ToString()]);
            var sku = row.Sku.Trim();
            ValidateOffer(errors, sku, row.Price, row.CompareAtPrice, row.Stock);
            if (!seenSkus.Add(sku))
                errors.Add(UserErrorCode.DuplicateSku, $"SKU '{sku}' appears more than once in this call.", "sku");

            var existing = context.OfferBySku.GetValueOrDefault(sku);
            if (existing is not null && createOnly)
                errors.Add(UserErrorCode.SkuTaken, $"You already have a listing with SKU '{sku}'.", "sku");
            if (existing is not null && row.ProductId is not null && GlobalId.Parse(row.ProductId, ProductType.TypeName) != existing.ProductId)
                errors.Add(UserErrorCode.SkuProductMismatch, $"SKU '{sku}' lists another product; a SKU cannot move to a new product.", "productId");
            if (existing is not null && row.VariantId is not null && GlobalId.Parse(row.VariantId, ProductVariantType.TypeName) != existing.VariantId)
                errors.Add(UserErrorCode.SkuProductMismatch, $"SKU '{sku}' lists another variant; a SKU cannot move to a new variant.", "variantId");
            if (errors.Any)
            {
                results[i] = new(i, sku, BulkRowOutcome.Rejected, null, errors.List);
                continue;
            }

            if (existing is not null)
            {
                existing.PriceMinor = Money.TryToMinor(row.Price, Currency)!.Value;
                existing.CompareAtPriceMinor = row.CompareAtPrice is { } compareAt ? Money.TryToMinor(compareAt, Currency) : null;
                existing.Stock = row.Stock;
                existing.Condition = row.Condition;
                if (row.Publish && existing.Status != OfferStatus.Active) existing.Status = OfferStatus.Active;
                existing.Version++;
                existing.UpdatedAt = now;
                pending.Add((i, existing, BulkRowOutcome.Updated));
                continue;
            }

            var target = ResolveTarget(errors, row, context, now);
            if (target is null || errors.Any)
            {
                results[i] = new(i, sku, BulkRowOutcome.Rejected, null, errors.List);
                continue;
            }
            var offer = new Offer
            {
                SellerId = sellerId,
                Sku = sku,
                ProductId = target.ProductId ?? 0,
                VariantId = target.VariantId ?? 0,
                PriceMinor = Money.TryToMinor(row.Price, Currency)!.Value,
                CompareAtPriceMinor = row.CompareAtPrice is { } compare ? Money.TryToMinor(compare, Currency) : null,
                Currency = Currency,
                Stock = row.Stock,
                Condition = row.Condition,
                Status = row.Publish ? OfferStatus.Active : OfferStatus.Draft,
                CreatedAt = now,
                UpdatedAt = now,
            };
            if (target.NewProduct is not null) context.OfferProduct[offer] = target.NewProduct;
            if (target.NewVariant is not null) context.OfferVariant[offer] = target.NewVariant;
            pending.Add((i, offer, BulkRowOutcome.Created));
        }

        if (pending.Count > 0)
        {
            await SaveAsync(context, pending.Where(p => p.Outcome == BulkRowOutcome.Created).Select(p => p.Offer), ct);
            foreach (var (index, offer, outcome) in pending)
                results[index] = new(index, offer.Sku, outcome, offer, []);
        }
        return new(results.Select(r => r!).ToList(), []);
    }

    private Task<bool> SaveAsync(BatchContext context, IEnumerable<Offer> created, CancellationToken ct)
    {
        // Attributes and images are most of the rows: they go in without the change tracker, once the products have ids.
        var products = context.NewProducts.Select(p => (p.Product, p.Product.Attributes, p.Product.Images)).ToList();
        foreach (var (product, _, _) in products)
        {
            product.Attributes = [];
            product.Images = [];
        }
        return db.InTransactionAsync(async token =>
        {
            // Slugs are chosen inside the transaction, so a writer that committed first is seen (SQLite's
            // transactions take the write lock at once); on other providers a clash is retried by UpsertAsync.
            await context.AssignSlugsAsync(db, token);
            // New products first, for their ids; then their details and the offers; then the summaries buyers filter on.
            db.Products.AddRange(products.Select(p => p.Product));
            db.ProductVariants.AddRange(context.NewVariants.Values);
            await db.SaveChangesAsync(token);
            foreach (var (product, attributes, images) in products)
            {
                attributes.ForEach(a => a.ProductId = product.Id);
                images.ForEach(i => i.ProductId = product.Id);
            }
            await new BulkInsert<ProductAttribute>(db).InsertAsync(db.Database, [.. products.SelectMany(p => p.Attributes)], token);
            await new BulkInsert<ProductImage>(db).InsertAsync(db.Database, [.. products.SelectMany(p => p.Images)], token);
            foreach (var offer in created)
            {
                if (context.OfferVariant.TryGetValue(offer, out var variant)) (offer.ProductId, offer.VariantId) = (variant.ProductId, variant.Id);
                db.Offers.Add(offer);
            }
            await db.SaveChangesAsync(token);
            var touched = db.ChangeTracker.Entries<Offer>().Select(e => e.Entity.ProductId).Distinct().ToList();
            foreach (var chunk in touched.Chunk(InChunk))
                await CatalogChanges.ProductsChangedAsync(db, chunk, time.GetUtcNow().UtcDateTime, token);
            return true;
        }, ct);
    }

    private sealed record ListingTarget(long? ProductId, long? VariantId, NewProduct? NewProduct, ProductVariant? NewVariant);

    /// <summary>The variant a new listing sells: one named by id, one that has its GTIN, a new one of a product, or a new product's.</summary>
    private ListingTarget? ResolveTarget(UserErrors errors, ListingInput row, BatchContext context, DateTime now)
    {
        if ((row.VariantId is null ? 0 : 1) + (row.ProductId is null ? 0 : 1) + (row.Product is null ? 0 : 1) != 1)
        {
            errors.Add(UserErrorCode.ProductRequired, "Give exactly one of variantId (an existing variant), productId (an existing product) or product (a new one).", "productId");
            return null;
        }
        if (row.VariantId is not null)
        {
            var id = GlobalId.Parse(row.VariantId, ProductVariantType.TypeName);
            if (id is null || !context.VariantById.TryGetValue(id.Value, out var chosen))
            {
                errors.Add(UserErrorCode.VariantNotFound, "No variant has this id.", "variantId");
                return null;
            }
            errors.Require(row.Variant is null, UserErrorCode.InvalidOptions, "variant describes a new variant; leave it out with variantId.", "variant");
            return new(chosen.ProductId, chosen.Id, null, null);
        }

        var gtinField = row.Variant?.Gtin is { Length: > 0 } ? new[] { "variant", "gtin" } : ["product", "gtin"];
        var gtinInput = row.Variant?.Gtin is { Length: > 0 } variantGtin ? variantGtin : row.Product?.Gtin;
        var gtin = gtinInput is { Length: > 0 } ? Gtin.Normalize(gtinInput) : null;
        if (gtinInput is { Length: > 0 } && gtin is null)
        {
            errors.Add(UserErrorCode.InvalidGtin, "gtin must be 8, 12, 13 or 14 digits with a valid check digit.", gtinField);
            return null;
        }
        // A GTIN a variant already has means the variant exists: add an offer to it, never a duplicate.
        if (gtin is not null && context.VariantByGtin.TryGetValue(gtin, out var byGtin))
        {
            if (row.ProductId is not null && GlobalId.Parse(row.ProductId, ProductType.TypeName) != byGtin.ProductId)
                errors.Add(UserErrorCode.InvalidGtin, "A variant of another product has this GTIN.", gtinField);
            return new(byGtin.ProductId, byGtin.Id, null, null);
        }
        if (gtin is not null && context.NewVariantByGtin.TryGetValue(gtin, out var sameCall)) return new(null, null, sameCall.Product, sameCall.Variant);

        if (row.ProductId is not null)
        {
            var id = GlobalId.Parse(row.ProductId, ProductType.TypeName);
            if (id is null || !context.Families.TryGetValue(id.Value, out var family))
            {
                errors.Add(UserErrorCode.ProductNotFound, "No product has this id.", "productId");
                return null;
            }
            if (row.Variant is null)
            {
                if (family.Options.Count == 0) return new(id, family.Variants[0].Id, null, null);
                errors.Add(UserErrorCode.VariantRequired,
                    $"The product has options ({string.Join(", ", family.Options.Select(o => o.Name))}): give variantId, or variant for a new one.", "variantId");
                return null;
            }
            var selected = SelectOptions(errors, family.Options, row.Variant.SelectedOptions);
            if (selected is null) return null;
            var key = OptionsKey(selected);
            if (family.Variants.Any(v => OptionsKey(v.SelectedOptions) == key))
            {
                errors.Add(UserErrorCode.DuplicateVariant, "The product already has a variant with these option values; list it by variantId.", "variant", "selectedOptions");
                return null;
            }
            if (!context.NewVariants.TryGetValue((id.Value, key), out var variant))
            {
                var position = family.Variants.Select(v => v.Position).DefaultIfEmpty(-1).Max() + 1 + context.NewVariants.Keys.Count(k => k.ProductId == id.Value);
                variant = NewVariant(selected, gtin, position, now);
                variant.ProductId = id.Value;
                context.NewVariants[(id.Value, key)] = variant;
            }
            return new(id, null, null, variant);
        }

        var input = row.Product!;
        var familyKey = input.FamilyKey?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        if (familyKey is not null && context.NewProductByFamily.TryGetValue(familyKey, out var newFamily))
            return NewVariantOfNewProduct(errors, context, newFamily, row.Variant, gtin, now);
        var title = input.Title.Trim();
        errors.Require(title.Length > 0, UserErrorCode.InvalidTitle, "Title must not be empty.", "product", "title");
        errors.Require(title.Length <= Limits.Title, UserErrorCode.TooLong, $"Title must be at most {Limits.Title} characters.", "product", "title");
        errors.Require(input.Description is null || input.Description.Length <= Limits.Description, UserErrorCode.TooLong,
            $"Description must be at most {Limits.Description} characters.", "product", "description");
        errors.Require(input.Brand is null || input.Brand.Trim().Length <= Limits.Name, UserErrorCode.TooLong, $"Brand must be at most {Limits.Name} characters.", "product", "brand");
        var categoryId = context.ResolveCategory(input);
        if (input.CategoryId is null && input.CategorySlug is null)
            errors.Add(UserErrorCode.CategoryRequired, "Give categoryId or categorySlug.", "product", "categoryId");
        else if (categoryId is null)
            errors.Add(UserErrorCode.CategoryNotFound, "No category has this id or slug.", "product", input.CategoryId is null ? "categorySlug" : "categoryId");
        var attributes = input.Attributes ?? [];
        for (var a = 0; a < attributes.Count; a++)
        {
            var (name, value) = (attributes[a].Name.Trim().ToLowerInvariant(), attributes[a].Value.Trim());
            errors.Require(name.Length is > 0 and <= Limits.AttributeName && value.Length is > 0 and <= Limits.AttributeValue,
                UserErrorCode.InvalidAttribute, $"Attribute names are 1-{Limits.AttributeName} and values 1-{Limits.AttributeValue} characters.", "product", "attributes", a.ToString());
        }
        var images = input.Images ?? [];
        for (var m = 0; m < images.Count; m++)
        {
            errors.Require(images[m].Url.Length <= Limits.Url && Uri.TryCreate(images[m].Url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http",
                UserErrorCode.InvalidImageUrl, "Image url must be an absolute http(s) URL.", "product", "images", m.ToString(), "url");
            errors.Require(images[m].AltText is null || images[m].AltText!.Length <= Limits.AltText, UserErrorCode.TooLong,
                $"Alt text must be at most {Limits.AltText} characters.", "product", "images", m.ToString(), "altText");
        }
        var options = NewOptions(errors, input.Options ?? []);
        List<VariantOptionValue>? firstVariantOptions = null;
        if (options is { Count: > 0 })
        {
            if (row.Variant is null)
                errors.Add(UserErrorCode.VariantRequired, "A product with options is listed by one of its variants: give variant.selectedOptions.", "variant");
            else
                firstVariantOptions = SelectOptions(errors, options, row.Variant.SelectedOptions);
        }
        else if (row.Variant is { SelectedOptions.Count: > 0 })
        {
            errors.Add(UserErrorCode.InvalidOptions, "The product has no options, so its variant selects none.", "variant", "selectedOptions");
        }
        if (errors.Any || options is null) return null;

        var product = new NewProduct(new Product
        {
            Slug = Slugs.From(title),
            Title = title,
            Description = input.Description?.Trim(),
            Brand = input.Brand?.Trim() is { Length: > 0 } brand ? brand : null,
            CategoryId = categoryId!.Value,
            Gtin = options.Count == 0 ? gtin : null,
            CreatedAt = now,
            UpdatedAt = now,
            Attributes = attributes
                .Select(a => new ProductAttribute { Name = a.Name.Trim().ToLowerInvariant(), Value = a.Value.Trim() })
                .DistinctBy(a => (a.Name, a.Value)).ToList(),
            Images = images.Select((img, position) => new ProductImage { Url = img.Url, AltText = img.AltText, Position = position }).ToList(),
            Options = options,
            Variants = [firstVariantOptions is null ? ProductVariant.Default(now, gtin) : NewVariant(firstVariantOptions, gtin, 0, now)],
        });
        context.Add(product, familyKey);
        return new(null, null, product, product.Product.Variants[0]);
    }

    /// <summary>Another row of a family this call creates: the variant it selects, new unless an earlier row made it.</summary>
    private ListingTarget? NewVariantOfNewProduct(UserErrors errors, BatchContext context, NewProduct family, VariantInput? input, string? gtin, DateTime now)
    {
        var options = family.Product.Options;
        if (options.Count == 0 || input is null)
        {
            errors.Add(UserErrorCode.InvalidOptions, "Rows of one family select a variant of it: give variant.selectedOptions, and options on the family's first row.", "variant");
            return null;
        }
        var selected = SelectOptions(errors, options, input.SelectedOptions);
        if (selected is null) return null;
        var key = OptionsKey(selected);
        var variant = family.Product.Variants.FirstOrDefault(v => OptionsKey(v.SelectedOptions) == key);
        if (variant is null)
        {
            variant = NewVariant(selected, gtin, family.Product.Variants.Count, now);
            context.AddVariant(family, variant);
        }
        return new(null, null, family, variant);
    }

    private static ProductVariant NewVariant(List<VariantOptionValue> selected, string? gtin, int position, DateTime now) => new()
    {
        Title = string.Join(" / ", selected.Select(o => o.Value)),
        Gtin = gtin,
        Position = position,
        CreatedAt = now,
        SelectedOptions = selected,
    };

    /// <summary>One value for each of the product's options, named and spelled as the product has them, in its order.</summary>
    private static List<VariantOptionValue>? SelectOptions(UserErrors errors, IReadOnlyList<ProductOption> options, IReadOnlyList<SelectedOptionInput> selected)
    {
        var byName = selected.GroupBy(o => o.Name.Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var result = new List<VariantOptionValue>();
        foreach (var option in options)
        {
            var value = byName.TryGetValue(option.Name, out var given) && given.Count == 1
                ? option.Values.FirstOrDefault(v => string.Equals(v.Value, given[0].Value.Trim(), StringComparison.OrdinalIgnoreCase))?.Value
                : null;
            if (value is null)
            {
                errors.Add(UserErrorCode.InvalidOptions,
                    $"Select exactly one {option.Name}: one of {string.Join(", ", option.Values.Select(v => v.Value))}.", "variant", "selectedOptions");
                return null;
            }
            result.Add(new VariantOptionValue { Name = option.Name, Value = value, Position = option.Position });
        }
        if (byName.Keys.Any(name => !options.Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add(UserErrorCode.InvalidOptions, $"The product's options are {string.Join(", ", options.Select(o => o.Name))}; select only those.", "variant", "selectedOptions");
            return null;
        }
        return result;
    }

    private static string OptionsKey(IEnumerable<VariantOptionValue> selected) =>
        string.Join('|', selected.Select(o => $"{o.Name.ToLowerInvariant()}={o.Value.ToLowerInvariant()}").Order(StringComparer.Ordinal));

    /// <summary>A new product's options: distinct names, each with distinct, non-empty values in picker order.</summary>
    private static List<ProductOption>? NewOptions(UserErrors errors, IReadOnlyList<ProductOptionInput> inputs)
    {
        var options = new List<ProductOption>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var name = inputs[i].Name.Trim();
            var values = inputs[i].Values.Select(v => v.Trim()).ToList();
            var valid = name.Length > 0
                && !options.Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase))
                && values.Count > 0 && values.All(v => v.Length > 0)
                && values.Distinct(StringComparer.OrdinalIgnoreCase).Count() == values.Count;
            if (!valid)
            {
                errors.Add(UserErrorCode.InvalidOptions, "Each option needs a name of its own and one or more distinct values.", "product", "options", i.ToString());
                continue;
            }
            options.Add(new ProductOption
            {
                Name = name,
                Position = i,
                Values = values.Select((value, position) => new ProductOptionValue { Value = value, Position = position }).ToList(),
            });
        }
        return errors.Any ? null : options;
    }

    private void ValidateOffer(UserErrors errors, string sku, decimal price, decimal? compareAtPrice, int stock)
    {
        errors.Require(sku.Length is > 0 and <= Limits.Sku, UserErrorCode.InvalidSku, $"SKU must be 1-{Limits.Sku} characters.", "sku");
        var priceMinor = Money.TryToMinor(price, Currency);
        errors.Require(price > 0 && priceMinor is not null, UserErrorCode.InvalidPrice,
            $"Price must be more than zero and at most {Limits.MaxAmount}, with at most {Money.Exponent(Currency)} decimals.", "price");
        if (compareAtPrice is { } compare)
            errors.Require(compare > price && Money.TryToMinor(compare, Currency) is not null, UserErrorCode.InvalidCompareAtPrice,
                $"compareAtPrice must be more than price and at most {Limits.MaxAmount}.", "compareAtPrice");
        errors.Require(stock is >= 0 and <= MaxStock, UserErrorCode.InvalidStock, "Stock must be zero or more.", "stock");
    }

    public async Task<ListingPayload> UpdateAsync(long sellerId, UpdateListingInput input, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        var offer = await FindOwnAsync(sellerId, input.ListingId, errors, ct);
        if (offer is null) return new(null, errors.List);
        if (input.ExpectedVersion is { } expected && expected != offer.Version)
            return new(null, [new UserError(UserErrorCode.VersionConflict, $"The listing changed (version {offer.Version}, you expected {expected}). Reload and retry.", ["input", "expectedVersion"])]);

        var sku = input.Sku?.Trim() ?? offer.Sku;
        var price = input.Price ?? new Money(offer.PriceMinor, offer.Currency).Amount;
        var compareAt = input.ClearCompareAtPrice ? null
            : input.CompareAtPrice ?? (offer.CompareAtPriceMinor is { } c ? new Money(c, offer.Currency).Amount : null);
        var stock = input.Stock ?? offer.Stock;
        ValidateOffer(errors, sku, price, compareAt, stock);
        if (sku != offer.Sku && await db.Offers.AnyAsync(o => o.SellerId == sellerId && o.Sku == sku, ct))
            errors.Add(UserErrorCode.SkuTaken, $"You already have a listing with SKU '{sku}'.", "sku");
        if (errors.Any) return new(null, errors.List);

        offer.Sku = sku;
        offer.PriceMinor = Money.TryToMinor(price, Currency)!.Value;
        offer.CompareAtPriceMinor = compareAt is { } compareAmount ? Money.TryToMinor(compareAmount, Currency) : null;
        offer.Stock = stock;
        offer.Condition = input.Condition ?? offer.Condition;
        return await SaveOneAsync(offer, ct);
    }

    /// <summary>Adds delta to stock in one conditional UPDATE, so concurrent adjustments never oversell.</summary>
    public async Task<ListingPayload> AdjustStockAsync(long sellerId, string listingId, int delta, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        var offer = await FindOwnAsync(sellerId, listingId, errors, ct);
        if (offer is null) return new(null, errors.List);
        var now = time.GetUtcNow().UtcDateTime;
        var updated = await db.InTransactionAsync(async token =>
        {
            var rows = await ApplyStockDeltaAsync(offer.Id, delta, now, token);
            if (rows == 1) await CatalogChanges.ProductsChangedAsync(db, [offer.ProductId], now, token);
            return rows == 1;
        }, ct);
        await db.Entry(offer).ReloadAsync(ct);
        return updated
            ? new(offer, [])
            : new(null, [new UserError(UserErrorCode.InsufficientStock, $"Stock is {offer.Stock}; it cannot go below zero (delta {delta}).", ["input", "delta"])]);
    }

    /// <summary>The conditional UPDATE behind adjustStock: 1 when applied, 0 when stock would leave its range.</summary>
    internal Task<int> ApplyStockDeltaAsync(long offerId, int delta, DateTime now, CancellationToken ct) =>
        OfferStock.AddAsync(db.Offers.Where(o => o.Id == offerId && o.Stock + (long)delta >= 0 && o.Stock + (long)delta <= MaxStock), delta, now, ct);

    public Task<ListingPayload> PublishAsync(long sellerId, string listingId, CancellationToken ct) =>
        ChangeStatusAsync(sellerId, listingId, OfferStatus.Active, ct);

    public Task<ListingPayload> ArchiveAsync(long sellerId, string listingId, CancellationToken ct) =>
        ChangeStatusAsync(sellerId, listingId, OfferStatus.Archived, ct);

    private async Task<ListingPayload> ChangeStatusAsync(long sellerId, string listingId, OfferStatus status, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        var offer = await FindOwnAsync(sellerId, listingId, errors, ct);
        if (offer is null) return new(null, errors.List);
        if (offer.Status == status) return new(offer, []);
        offer.Status = status;
        return await SaveOneAsync(offer, ct);
    }

    private async Task<ListingPayload> SaveOneAsync(Offer offer, CancellationToken ct)
    {
        offer.Version++;
        offer.UpdatedAt = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.InTransactionAsync(async token =>
            {
                await db.SaveChangesAsync(token);
                return await CatalogChanges.ProductsChangedAsync(db, [offer.ProductId], offer.UpdatedAt, token);
            }, ct);
            return new(offer, []);
        }
        catch (DbUpdateException e) when (DbConflicts.IsConflict(e))
        {
            db.ChangeTracker.Clear();
            logger.LogInformation("Listing {ListingId} met a concurrent change ({Conflict}).", offer.Id, DbConflicts.Describe(e));
            return e is DbUpdateConcurrencyException
                ? new(null, [new UserError(UserErrorCode.VersionConflict, "The listing changed while you were editing it. Reload and retry.")])
                : new(null, [new UserError(UserErrorCode.SkuTaken, "You already have a listing with this SKU.", ["input", "sku"])]);
        }
    }

    /// <summary>The caller's listing; another seller's listing is FORBIDDEN, an unknown one a userError.</summary>
    private async Task<Offer?> FindOwnAsync(long sellerId, string listingId, UserErrors errors, CancellationToken ct)
    {
        var id = GlobalId.Parse(listingId, OfferType.TypeName);
        var offer = id is null ? null : await db.Offers.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (offer is null)
        {
            errors.Add(UserErrorCode.ListingNotFound, "No listing has this id.", "listingId");
            return null;
        }
        if (offer.SellerId != sellerId) throw ApiErrors.Forbidden("This listing belongs to another seller.");
        var seller = await db.Sellers.AsNoTracking().Where(s => s.Id == sellerId).Select(s => s.Status).FirstOrDefaultAsync(ct);
        if (seller == SellerStatus.Suspended)
        {
            errors.Add(UserErrorCode.SellerSuspended, "Your seller account is suspended; listings cannot change.");
            return null;
        }
        return offer;
    }
}
