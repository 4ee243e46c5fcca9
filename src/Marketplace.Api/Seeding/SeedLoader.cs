using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Sellers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Seeding;

public sealed record SeedLoadResult(int Sellers, int Categories, int Products, int Offers, int SkippedProducts, TimeSpan Elapsed, int Variants = 0);

/// <summary>
/// Streams a seed folder into the database in batches, each batch one transaction, so memory stays flat
/// at any catalog size and a stopped load can be run again (existing handles, slugs and SKUs are skipped).
/// </summary>
public sealed class SeedLoader(MarketplaceDb db, TimeProvider time, IOptions<CatalogOptions> catalog)
{
    public const int BatchSize = 2_000;

    // Each batch touches pages all over the indexes; a bigger page cache and rarer checkpoints write each page
    // fewer times (a 1M-product load went from ~1,600 to ~2,400 products/s). A catalog of families has five times
    // the index entries, so the cache may grow to 1 GB; it is only taken as pages are read.
    private const string SqliteLoadPragmas = "PRAGMA cache_size = -1048576; PRAGMA wal_autocheckpoint = 100000;";
    private const string SqliteDefaultPragmas = "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000;";

    public async Task<SeedManifest?> ReadManifestAsync(string directory, CancellationToken ct)
    {
        var path = Path.Combine(directory, SeedFiles.Manifest);
        if (!File.Exists(path)) return null;
        await using var stream = File.OpenRead(path);
        return await System.Text.Json.JsonSerializer.DeserializeAsync<SeedManifest>(stream, SeedFiles.Json, ct);
    }

    public async Task<SeedLoadResult> LoadAsync(string directory, IProgress<int>? productsLoaded = null, CancellationToken ct = default)
    {
        foreach (var file in new[] { SeedFiles.Sellers, SeedFiles.Categories, SeedFiles.Products })
        {
            if (!File.Exists(Path.Combine(directory, file)))
                throw new FileNotFoundException($"The seed folder has no {file}.", Path.Combine(directory, file));
        }
        var started = time.GetTimestamp();
        var currency = catalog.Value.Currency;
        if (await ReadManifestAsync(directory, ct) is { } manifest && manifest.Currency != currency)
            throw new InvalidDataException($"The seed is priced in {manifest.Currency} but the marketplace currency (Catalog:Currency) is {currency}.");

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var tables = new Tables(new(db), new(db), new(db), new(db), new(db), new(db), new(db), new(db), new(db), new(db));
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync(SqliteLoadPragmas, ct);
            var sellers = await LoadSellersAsync(tables, directory, currency, ct);
            var categories = await LoadCategoriesAsync(directory, ct);
            var (products, variants, offers, skipped) = await LoadProductsAsync(tables, directory, sellers.Ids, categories.Ids, currency, productsLoaded, ct);
            return new SeedLoadResult(sellers.Added, categories.Added, products, offers, skipped, time.GetElapsedTime(started), variants);
        }
        finally
        {
            // The connection goes back to the pool, so it gets SQLite's defaults back.
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync(SqliteDefaultPragmas, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The tracker-free inserts of the bulky tables (see BulkInsert).</summary>
    private sealed record Tables(
        BulkInsert<Seller> Sellers, BulkInsert<ShippingRate> ShippingRates, BulkInsert<Product> Products,
        BulkInsert<ProductAttribute> Attributes, BulkInsert<ProductImage> Images, BulkInsert<ProductOption> Options,
        BulkInsert<ProductOptionValue> OptionValues, BulkInsert<ProductVariant> Variants, BulkInsert<VariantOptionValue> SelectedOptions,
        BulkInsert<Offer> Offers);

    private async Task<(Dictionary<string, long> Ids, int Added)> LoadSellersAsync(Tables tables, string directory, string currency, CancellationToken ct)
    {
        var ids = await db.Sellers.AsNoTracking().ToDictionaryAsync(s => s.Handle, s => s.Id, ct);
        var batch = new List<Seller>(BatchSize);
        var handles = new HashSet<string>();
        var added = 0;
        var now = time.GetUtcNow().UtcDateTime;
        await foreach (var record in SeedFiles.ReadLinesAsync<SeedSeller>(Path.Combine(directory, SeedFiles.Sellers), ct))
        {
            if (ids.ContainsKey(record.Handle) || !handles.Add(record.Handle)) continue;
            batch.Add(new Seller
            {
                Handle = record.Handle,
                Name = record.Name,
                Status = Enum.Parse<SellerStatus>(record.Status, ignoreCase: true),
                CommissionBps = (int)(record.CommissionRate * 10_000m),
                ContactEmail = record.ContactEmail,
                ContactPhone = record.ContactPhone,
                Description = record.Description,
                CreatedAt = now,
                ShippingRates = (record.ShippingRates ?? []).Select(r => new ShippingRate
                {
                    Name = r.Name,
                    CountryCode = r.CountryCode,
                    PriceMinor = Money.ToMinorFloor(r.Price, currency),
                    FreeOverMinor = r.FreeOver is { } free ? Money.ToMinorFloor(free, currency) : null,
                    MinDeliveryDays = r.MinDays,
                    MaxDeliveryDays = r.MaxDays,
                }).ToList(),
            });
            if (batch.Count < BatchSize) continue;
            added += await SaveSellersAsync(tables, batch, ids, ct);
            batch.Clear();
        }
        added += await SaveSellersAsync(tables, batch, ids, ct);
        return (ids, added);
    }

    private async Task<int> SaveSellersAsync(Tables tables, List<Seller> sellers, Dictionary<string, long> ids, CancellationToken ct)
    {
        if (sellers.Count == 0) return 0;
        await db.InTransactionAsync(async token =>
        {
            await tables.Sellers.InsertAsync(db.Database, sellers, token);
            var handles = sellers.ConvertAll(s => s.Handle);
            var saved = await db.Sellers.Where(s => EF.Parameter(handles).Contains(s.Handle)).Select(s => new { s.Handle, s.Id }).ToDictionaryAsync(s => s.Handle, s => s.Id, token);
            foreach (var seller in sellers)
            {
                seller.Id = saved[seller.Handle];
                seller.ShippingRates.ForEach(r => r.SellerId = seller.Id);
            }
            await tables.ShippingRates.InsertAsync(db.Database, sellers.SelectMany(s => s.ShippingRates).ToList(), token);
            return true;
        }, ct);
        foreach (var seller in sellers) ids[seller.Handle] = seller.Id;
        return sellers.Count;
    }

    private async Task<(Dictionary<string, (int Id, string Path, int Depth)> Ids, int Added)> LoadCategoriesAsync(string directory, CancellationToken ct)
    {
        var known = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Slug, c => (c.Id, c.Path, c.Depth), ct);
        var added = 0;
        var position = 0;
        await foreach (var record in SeedFiles.ReadLinesAsync<SeedCategory>(Path.Combine(directory, SeedFiles.Categories), ct))
        {
            position++;
            if (known.ContainsKey(record.Slug)) continue;
            (int Id, string Path, int Depth)? parent = null;
            if (record.Parent is not null)
            {
                if (!known.TryGetValue(record.Parent, out var found))
                    throw new InvalidDataException($"Category '{record.Slug}' names parent '{record.Parent}', which does not come before it.");
                parent = found;
            }
            var category = new Category
            {
                Slug = record.Slug,
                Name = record.Name,
                ParentId = parent?.Id,
                Depth = parent is null ? 0 : parent.Value.Depth + 1,
                Position = position,
            };
            db.Categories.Add(category);
            await db.SaveChangesAsync(ct);
            category.Path = $"{parent?.Path ?? "/"}{category.Id}/";
            db.Entry(category).Property(c => c.Path).IsModified = true;
            await db.SaveChangesAsync(ct);
            known[record.Slug] = (category.Id, category.Path, category.Depth);
            added++;
        }
        db.ChangeTracker.Clear();
        return (known, added);
    }

    private async Task<(int Products, int Variants, int Offers, int Skipped)> LoadProductsAsync(
        Tables tables, string directory, Dictionary<string, long> sellers, Dictionary<string, (int Id, string Path, int Depth)> categories,
        string currency, IProgress<int>? progress, CancellationToken ct)
    {
        var (products, variants, offers, skipped) = (0, 0, 0, 0);
        await using var records = SeedFiles.ReadLinesAsync<SeedProduct>(Path.Combine(directory, SeedFiles.Products), ct).GetAsyncEnumerator(ct);
        // The next batch is parsed on another thread while this one is saved: JSON is about a tenth of a load's work.
        var next = Task.Run(() => ReadBatchAsync(records), ct);
        try
        {
            while (await next is { Count: > 0 } batch)
            {
                next = Task.Run(() => ReadBatchAsync(records), ct);
                var saved = await SaveBatchAsync(tables, batch, sellers, categories, currency, ct);
                (products, variants, offers, skipped) = (products + saved.Products, variants + saved.Variants, offers + saved.Offers, skipped + saved.Skipped);
                progress?.Report(products + skipped);
            }
        }
        finally
        {
            // The reader is disposed only once no batch is being read from it.
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return (products, variants, offers, skipped);
    }

    private static async Task<List<SeedProduct>> ReadBatchAsync(IAsyncEnumerator<SeedProduct> records)
    {
        var batch = new List<SeedProduct>(BatchSize);
        while (batch.Count < BatchSize && await records.MoveNextAsync()) batch.Add(records.Current);
        return batch;
    }

    private async Task<(int Products, int Variants, int Offers, int Skipped)> SaveBatchAsync(
        Tables tables, List<SeedProduct> batch, Dictionary<string, long> sellers, Dictionary<string, (int Id, string Path, int Depth)> categories,
        string currency, CancellationToken ct)
    {
        var slugs = batch.Select(p => p.Slug).ToList();
        // One array parameter, not one parameter per slug: SQLite finds each parameter by name in a list, so
        // binding a thousand of them took longer than the look-ups.
        var existing = (await db.Products.AsNoTracking().Where(p => EF.Parameter(slugs).Contains(p.Slug)).Select(p => p.Slug).ToListAsync(ct)).ToHashSet();
        var now = time.GetUtcNow().UtcDateTime;
        var rows = new List<(Product Product, List<List<Offer>> Offers)>();
        foreach (var record in batch)
        {
            if (existing.Contains(record.Slug)) continue;
            if (!categories.TryGetValue(record.Category, out var category))
                throw new InvalidDataException($"Product '{record.Slug}' names category '{record.Category}', which is not in categories.jsonl.");
            var (options, variants) = ReadFamily(record, now);
            var product = new Product
            {
                Slug = record.Slug,
                Title = record.Title,
                Description = record.Description,
                Brand = record.Brand,
                CategoryId = category.Id,
                // The listing code still matches sellers' GTINs on the product, so a product of one variant keeps it there.
                Gtin = variants.Count == 1 ? variants[0].Variant.Gtin : null,
                CreatedAt = now,
                UpdatedAt = now,
                Attributes = (record.Attributes ?? []).Select(a => new ProductAttribute { Name = a.Name, Value = a.Value }).DistinctBy(a => (a.Name, a.Value)).ToList(),
                Images = (record.Images ?? []).Select((image, position) => new ProductImage { Url = image.Url, AltText = image.Alt, Position = position }).ToList(),
                Options = options,
                Variants = variants.ConvertAll(v => v.Variant),
            };
            rows.Add((product, variants.ConvertAll(v => v.Offers.Select(offer => new Offer
            {
                SellerId = sellers.TryGetValue(offer.Seller, out var sellerId) ? sellerId
                    : throw new InvalidDataException($"Offer '{offer.Sku}' names seller '{offer.Seller}', which is not in sellers.jsonl."),
                Sku = offer.Sku,
                PriceMinor = Money.ToMinorFloor(offer.Price, currency),
                CompareAtPriceMinor = offer.CompareAtPrice is { } compare ? Money.ToMinorFloor(compare, currency) : null,
                Currency = currency,
                Stock = offer.Stock,
                Condition = Enum.Parse<OfferCondition>(offer.Condition, ignoreCase: true),
                Status = Enum.Parse<OfferStatus>(offer.Status, ignoreCase: true),
                CreatedAt = now,
                UpdatedAt = now,
            }).ToList())));
        }
        if (rows.Count == 0) return (0, 0, 0, batch.Count);

        await db.InTransactionAsync(async token =>
        {
            await SummarizeAsync(rows, token);
            // Keys are not read back from an INSERT, so the new rows are found again by their natural keys among
            // those above the highest key before it: one range of the primary key rather than a look-up per row.
            var lastProduct = await db.Products.MaxAsync(p => (long?)p.Id, token) ?? 0;
            await tables.Products.InsertAsync(db.Database, rows.ConvertAll(r => r.Product), token);
            var productIds = await db.Products.Where(p => p.Id > lastProduct).Select(p => new { p.Slug, p.Id }).ToDictionaryAsync(p => p.Slug, p => p.Id, token);
            rows.ForEach(r => r.Product.Id = productIds[r.Product.Slug]);
            foreach (var (product, _) in rows)
            {
                product.Attributes.ForEach(a => a.ProductId = product.Id);
                product.Images.ForEach(i => i.ProductId = product.Id);
                product.Options.ForEach(o => o.ProductId = product.Id);
                product.Variants.ForEach(v => v.ProductId = product.Id);
            }
            await tables.Attributes.InsertAsync(db.Database, rows.SelectMany(r => r.Product.Attributes).ToList(), token);
            await tables.Images.InsertAsync(db.Database, rows.SelectMany(r => r.Product.Images).ToList(), token);

            var options = rows.SelectMany(r => r.Product.Options).ToList();
            if (options.Count > 0)
            {
                var lastOption = await db.ProductOptions.MaxAsync(o => (long?)o.Id, token) ?? 0;
                await tables.Options.InsertAsync(db.Database, options, token);
                var optionIds = await db.ProductOptions.Where(o => o.Id > lastOption)
                    .Select(o => new { o.ProductId, o.Position, o.Id }).ToDictionaryAsync(o => (o.ProductId, o.Position), o => o.Id, token);
                foreach (var option in options)
                {
                    option.Id = optionIds[(option.ProductId, option.Position)];
                    option.Values.ForEach(v => v.OptionId = option.Id);
                }
                await tables.OptionValues.InsertAsync(db.Database, options.SelectMany(o => o.Values).ToList(), token);
            }

            var lastVariant = await db.ProductVariants.MaxAsync(v => (long?)v.Id, token) ?? 0;
            await tables.Variants.InsertAsync(db.Database, rows.SelectMany(r => r.Product.Variants).ToList(), token);
            var variantIds = await db.ProductVariants.Where(v => v.Id > lastVariant)
                .Select(v => new { v.ProductId, v.Position, v.Id }).ToDictionaryAsync(v => (v.ProductId, v.Position), v => v.Id, token);
            foreach (var (product, offers) in rows)
            {
                for (var i = 0; i < product.Variants.Count; i++)
                {
                    var variant = product.Variants[i];
                    variant.Id = variantIds[(product.Id, variant.Position)];
                    variant.SelectedOptions.ForEach(o => o.VariantId = variant.Id);
                    offers[i].ForEach(o => (o.ProductId, o.VariantId) = (product.Id, variant.Id));
                }
            }
            await tables.SelectedOptions.InsertAsync(db.Database, rows.SelectMany(r => r.Product.Variants).SelectMany(v => v.SelectedOptions).ToList(), token);
            await tables.Offers.InsertAsync(db.Database, rows.SelectMany(r => r.Offers).SelectMany(o => o).ToList(), token);
            // The summaries were written with the rows; the search index still has to hear of them.
            await CatalogChanges.EnqueueAsync(db, new CatalogChanges.ProductsChanged(ProductIds: [.. productIds.Values]), now, token);
            return true;
        }, ct);
        return (rows.Count, rows.Sum(r => r.Product.Variants.Count), rows.Sum(r => r.Offers.Sum(o => o.Count)), batch.Count - rows.Count);
    }

    /// <summary>
    /// Sets the derived price, stock and offer-count columns of new products and their variants before they are
    /// written, by ProductSummaries' rule over the offers of the batch (a new product has no others). Sellers are
    /// read in the batch's transaction, as the UPDATE after the inserts did, and inserting the final values spares
    /// the price indexes an entry that the update would move.
    /// </summary>
    private async Task SummarizeAsync(List<(Product Product, List<List<Offer>> Offers)> rows, CancellationToken ct)
    {
        var inactiveSellers = await db.Sellers.Where(s => s.Status != SellerStatus.Active).Select(s => s.Id).ToHashSetAsync(ct);
        foreach (var (product, offers) in rows)
        {
            var visible = new List<Offer>();
            for (var i = 0; i < product.Variants.Count; i++)
            {
                var ofVariant = offers[i].Where(o => VisibleOffers.Includes(o, inactiveSellers)).ToList();
                var variant = product.Variants[i];
                (variant.MinPriceMinor, variant.InStock, variant.OfferCount) = ProductSummaries.Summarize(ofVariant);
                visible.AddRange(ofVariant);
            }
            (product.MinPriceMinor, product.InStock, product.OfferCount) = ProductSummaries.Summarize(visible);
        }
    }

    /// <summary>
    /// A record's options and variants with each variant's offers. A record without variants is a product of one
    /// default variant carrying the record's GTIN and offers. Options not listed are taken from the variants, in the
    /// order they first name them.
    /// </summary>
    private static (List<ProductOption> Options, List<(ProductVariant Variant, IReadOnlyList<SeedOffer> Offers)> Variants) ReadFamily(SeedProduct record, DateTime now)
    {
        if (record.Variants is not { Count: > 0 } seedVariants)
        {
            if (record.Options is { Count: > 0 })
                throw new InvalidDataException($"Product '{record.Slug}' has options but no variants.");
            return ([], [(ProductVariant.Default(now, Gtin.Normalize(record.Gtin)), record.Offers ?? [])]);
        }
        if (record.Gtin is not null || record.Offers is { Count: > 0 })
            throw new InvalidDataException($"Product '{record.Slug}' has variants, so its GTIN and offers belong on them, not on the product.");

        var declared = record.Options ?? seedVariants
            .SelectMany(v => v.Options ?? [])
            .GroupBy(o => o.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => new SeedOption(g.First().Name, g.Select(o => o.Value).Distinct().ToList()))
            .ToList();
        var options = declared.Select((option, position) => new ProductOption
        {
            Position = position,
            Name = option.Name,
            Values = option.Values.Distinct().Select((value, i) => new ProductOptionValue { Position = i, Value = value }).ToList(),
        }).ToList();
        if (options.DistinctBy(o => o.Name, StringComparer.OrdinalIgnoreCase).Count() != options.Count)
            throw new InvalidDataException($"Product '{record.Slug}' names an option twice.");

        var variants = new List<(ProductVariant, IReadOnlyList<SeedOffer>)>();
        var combinations = new HashSet<string>();
        foreach (var (seed, position) in seedVariants.Select((v, i) => (v, i)))
        {
            var selected = new List<VariantOptionValue>();
            foreach (var option in options)
            {
                var values = (seed.Options ?? []).Where(o => string.Equals(o.Name, option.Name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (values.Count != 1)
                    throw new InvalidDataException($"Variant {position + 1} of product '{record.Slug}' must give one value for option '{option.Name}'.");
                if (!option.Values.Exists(v => v.Value == values[0].Value))
                    throw new InvalidDataException($"Variant {position + 1} of product '{record.Slug}' has {option.Name} '{values[0].Value}', which is not one of the option's values.");
                selected.Add(new VariantOptionValue { Name = option.Name, Value = values[0].Value, Position = option.Position });
            }
            if ((seed.Options?.Count ?? 0) != selected.Count)
                throw new InvalidDataException($"Variant {position + 1} of product '{record.Slug}' names an option the product does not have.");
            var title = selected.Count == 0 ? ProductVariant.DefaultTitle : string.Join(" / ", selected.Select(o => o.Value));
            if (!combinations.Add(title))
                throw new InvalidDataException($"Product '{record.Slug}' has two variants '{title}'.");
            variants.Add((new ProductVariant { Position = position, Title = title, Gtin = Gtin.Normalize(seed.Gtin), CreatedAt = now, SelectedOptions = selected },
                seed.Offers ?? []));
        }
        return (options, variants);
    }
}
