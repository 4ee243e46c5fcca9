using System.Net.Mail;
using System.Text.RegularExpressions;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure;
using Marketplace.Api.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Sellers;

public sealed partial class SellerService(
    MarketplaceDb db, TimeProvider time, IOptions<CatalogOptions> catalog, WebhookSecrets webhookSecrets, WebhookUrlPolicy webhookUrls, ILogger<SellerService> logger)
{
    private string Currency => catalog.Value.Currency;

    private static readonly KeysetOrder<Seller> ByCreation = KeysetOrder<Seller>.ById("seller", s => s.Id, descending: false);
    private static readonly KeysetOrder<SellerAuditEntry> AuditNewestFirst = KeysetOrder<SellerAuditEntry>.ById("-audit", e => e.Id, descending: true);
    private static readonly KeysetOrder<Offer> ListingsNewestFirst = KeysetOrder<Offer>.ById("-listing", o => o.Id, descending: true);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")]
    private static partial Regex HandlePattern();

    public Task<Seller?> FindAsync(long id, CancellationToken ct) => db.Sellers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);

    public Task<Seller?> FindByHandleAsync(string handle, CancellationToken ct) =>
        db.Sellers.AsNoTracking().FirstOrDefaultAsync(s => s.Handle == handle, ct);

    public Task<Page<Seller>> SellersAsync(SellerStatus? status, PageRequest page, CancellationToken ct)
    {
        var query = db.Sellers.AsNoTracking();
        if (status is { } wanted) query = query.Where(s => s.Status == wanted);
        return ByCreation.PageAsync(query, page, ct);
    }

    /// <summary>A seller's listings, newest first; buyers see only what they can buy.</summary>
    public Task<Page<Offer>> ListingsAsync(long sellerId, bool includeHidden, OfferStatus? status, PageRequest page, CancellationToken ct)
    {
        var query = (includeHidden ? db.Offers : VisibleOffers.Of(db)).AsNoTracking().Where(o => o.SellerId == sellerId);
        if (status is { } wanted) query = query.Where(o => o.Status == wanted);
        return ListingsNewestFirst.PageAsync(query, page, ct);
    }

    public async Task<SellerPayload> CreateAsync(CreateSellerInput input, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        var handle = input.Handle.Trim().ToLowerInvariant();
        errors.Require(HandlePattern().IsMatch(handle), UserErrorCode.InvalidHandle,
            "Handle must be 3-64 characters of a-z, 0-9 and '-', not starting or ending with '-'.", "handle");
        ValidateProfile(errors, input.Name, input.ContactEmail, input.ContactPhone, input.Description);
        var commissionBps = CommissionBps(errors, input.CommissionRate ?? 0.10m);
        if (errors.Any) return new(null, errors.List);
        if (await db.Sellers.AnyAsync(s => s.Handle == handle, ct))
            return new(null, [new UserError(UserErrorCode.HandleTaken, $"A seller with handle '{handle}' exists.", ["input", "handle"])]);

        var seller = new Seller
        {
            Handle = handle,
            Name = input.Name.Trim(),
            ContactEmail = input.ContactEmail?.Trim(),
            ContactPhone = input.ContactPhone?.Trim(),
            Description = input.Description?.Trim(),
            CommissionBps = commissionBps,
            Status = SellerStatus.Pending,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Sellers.Add(seller);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbConflicts.IsConflict(e))
        {
            // Another admin registered the handle between the check and the insert.
            db.ChangeTracker.Clear();
            return new(null, [new UserError(UserErrorCode.HandleTaken, $"A seller with handle '{handle}' exists.", ["input", "handle"])]);
        }
        return new(seller, []);
    }

    public Task<SellerPayload> ApproveAsync(string sellerId, string? reason, string actor, CancellationToken ct) =>
        ChangeStatusAsync(sellerId, SellerStatus.Active, reason, actor, ct);

    public Task<SellerPayload> SuspendAsync(string sellerId, string? reason, string actor, CancellationToken ct) =>
        ChangeStatusAsync(sellerId, SellerStatus.Suspended, reason, actor, ct);

    /// <summary>Operators' decisions about a seller, newest first.</summary>
    public Task<Page<SellerAuditEntry>> AuditLogAsync(long sellerId, PageRequest page, CancellationToken ct) =>
        AuditNewestFirst.PageAsync(db.SellerAuditLog.AsNoTracking().Where(e => e.SellerId == sellerId), page, ct);

    // A status change shows or hides all of the seller's offers, so the product summaries change with it;
    // the audit entry is written in the same transaction, so no change goes unrecorded.
    private async Task<SellerPayload> ChangeStatusAsync(string sellerGlobalId, SellerStatus status, string? reason, string actor, CancellationToken ct)
    {
        reason = reason?.Trim() is { Length: > 0 } given ? given : null;
        if (reason is { Length: > Limits.AuditReason })
            return new(null, [new UserError(UserErrorCode.TooLong, $"reason must be at most {Limits.AuditReason} characters.", ["input", "reason"])]);
        var id = GlobalId.Parse(sellerGlobalId, SellerType.TypeName);
        var seller = id is null ? null : await db.Sellers.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (seller is null)
            return new(null, [new UserError(UserErrorCode.SellerNotFound, "No seller has this id.", ["input", "sellerId"])]);
        if (seller.Status == status) return new(seller, []);

        seller.Status = status;
        db.SellerAuditLog.Add(new SellerAuditEntry
        {
            SellerId = seller.Id,
            Action = status == SellerStatus.Suspended ? SellerAuditAction.Suspended : SellerAuditAction.Approved,
            Reason = reason,
            Actor = Limits.Clip(actor, Limits.AuditActor),
            At = time.GetUtcNow().UtcDateTime,
        });
        await db.InTransactionAsync(async token =>
        {
            await db.SaveChangesAsync(token);
            return await CatalogChanges.SellerChangedAsync(db, seller.Id, time.GetUtcNow().UtcDateTime, token);
        }, ct);
        return new(seller, []);
    }

    public async Task<SellerPayload> UpdateSettingsAsync(long sellerId, SellerSettingsInput input, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        if (input.WebhookUrl is { Length: > 0 } url)
        {
            if (WebhookUrlPolicy.Malformed(url) is { } malformed) errors.Add(UserErrorCode.InvalidWebhookUrl, malformed, "webhookUrl");
            else if (await webhookUrls.RefusalAsync(url, ct) is { } refused) errors.Add(UserErrorCode.WebhookUrlNotAllowed, refused, "webhookUrl");
        }
        if (input.WebhookSecret is { } secret)
            errors.Require(secret.Length is >= 16 and <= Limits.WebhookSecret, UserErrorCode.InvalidWebhookSecret, $"webhookSecret must be 16 to {Limits.WebhookSecret} characters.", "webhookSecret");
        var rates = input.ShippingRates ?? [];
        for (var i = 0; i < rates.Count; i++)
        {
            var rate = rates[i];
            var at = new[] { "shippingRates", i.ToString() };
            errors.Require(rate.Name.Trim().Length is > 0 and <= Limits.Name, UserErrorCode.InvalidName, "Rate name must be 1-200 characters.", [.. at, "name"]);
            errors.Require(CountryCode().IsMatch(rate.CountryCode), UserErrorCode.InvalidCountry, "countryCode must be an ISO 3166 alpha-2 code such as US.", [.. at, "countryCode"]);
            errors.Require(rate.Price >= 0 && Money.TryToMinor(rate.Price, Currency) is not null, UserErrorCode.InvalidPrice,
                $"price must be zero or more and at most {Limits.MaxAmount}, with at most {Money.Exponent(Currency)} decimals.", [.. at, "price"]);
            errors.Require(rate.FreeOver is null || (rate.FreeOver >= 0 && rate.FreeOver <= Limits.MaxAmount), UserErrorCode.InvalidPrice,
                $"freeOver must be zero or more and at most {Limits.MaxAmount}.", [.. at, "freeOver"]);
            errors.Require(rate.MinDeliveryDays is null || rate.MaxDeliveryDays is null || rate.MinDeliveryDays <= rate.MaxDeliveryDays,
                UserErrorCode.InvalidDeliveryDays, "minDeliveryDays is after maxDeliveryDays.", [.. at, "minDeliveryDays"]);
        }
        if (errors.Any) return new(null, errors.List);

        var seller = await db.Sellers.Include(s => s.ShippingRates).FirstOrDefaultAsync(s => s.Id == sellerId, ct);
        if (seller is null) return new(null, [new UserError(UserErrorCode.SellerNotFound, "Your seller account no longer exists.")]);
        if (input.WebhookUrl is not null)
        {
            seller.Settings.WebhookUrl = input.WebhookUrl.Length == 0 ? null : input.WebhookUrl;
            // Setting the URL again (even unchanged) is how a seller says its endpoint is fixed: enable it again.
            seller.WebhookConsecutiveFailures = 0;
            seller.WebhookDisabledAt = null;
            seller.WebhookDisabledReason = null;
        }
        if (input.WebhookSecret is not null) seller.Settings.WebhookSecret = webhookSecrets.Protect(input.WebhookSecret);
        if (input.ShippingRates is not null)
        {
            seller.ShippingRates.Clear();
            seller.ShippingRates.AddRange(rates.Select(r => new ShippingRate
            {
                Name = r.Name.Trim(),
                CountryCode = r.CountryCode,
                PriceMinor = Money.ToMinorFloor(r.Price, Currency),
                FreeOverMinor = r.FreeOver is { } free ? Money.ToMinorFloor(free, Currency) : null,
                MinDeliveryDays = r.MinDeliveryDays,
                MaxDeliveryDays = r.MaxDeliveryDays,
            }));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            // Two saves replaced the shipping rates at once; the other one's are kept.
            db.ChangeTracker.Clear();
            logger.LogInformation("Settings of seller {SellerId} met a concurrent change ({Conflict}).", sellerId, DbConflicts.Describe(e));
            return new(null, [new UserError(UserErrorCode.Conflict, "Your settings changed at the same time; nothing was written. Send the same request again.")]);
        }
        return new(seller, []);
    }

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();

    private static void ValidateProfile(UserErrors errors, string name, string? email, string? phone, string? description)
    {
        errors.Require(phone is null || phone.Trim().Length <= Limits.Phone, UserErrorCode.TooLong, $"contactPhone must be at most {Limits.Phone} characters.", "contactPhone");
        errors.Require(name.Trim().Length is > 0 and <= Limits.Name, UserErrorCode.InvalidName, $"Name must be 1-{Limits.Name} characters.", "name");
        if (email is { Length: > 0 })
            errors.Require(email.Length <= Limits.Email && MailAddress.TryCreate(email, out _), UserErrorCode.InvalidEmail, "contactEmail is not an email address.", "contactEmail");
        errors.Require(description is null || description.Length <= Limits.Description, UserErrorCode.TooLong, $"Description must be at most {Limits.Description} characters.", "description");
    }

    private static int CommissionBps(UserErrors errors, decimal rate)
    {
        // Range first: decimal's maximum times 10,000 would overflow.
        var valid = rate is >= 0 and <= 1 && rate * 10_000m == decimal.Truncate(rate * 10_000m);
        var bps = valid ? rate * 10_000m : 0;
        errors.Require(valid, UserErrorCode.InvalidCommissionRate, "commissionRate must be between 0 and 1 with at most 4 decimals (0.125 = 12.5%).", "commissionRate");
        return valid ? (int)bps : 0;
    }
}

public sealed record SellerPayload(Seller? Seller, IReadOnlyList<UserError> UserErrors);

public sealed class CreateSellerInput
{
    public string Handle { get; init; } = "";
    public string Name { get; init; } = "";
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    public string? Description { get; init; }
    public decimal? CommissionRate { get; init; }
}

public sealed class SellerSettingsInput
{
    public string? WebhookUrl { get; init; }
    public string? WebhookSecret { get; init; }
    public IReadOnlyList<ShippingRateInput>? ShippingRates { get; init; }
}

public sealed class ShippingRateInput
{
    public string Name { get; init; } = "";
    public string CountryCode { get; init; } = "";
    public decimal Price { get; init; }
    public decimal? FreeOver { get; init; }
    public int? MinDeliveryDays { get; init; }
    public int? MaxDeliveryDays { get; init; }
}
