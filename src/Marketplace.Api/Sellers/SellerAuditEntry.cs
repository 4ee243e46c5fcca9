namespace Marketplace.Api.Sellers;

public enum SellerAuditAction { Approved, Suspended }

/// <summary>One operator decision about a seller: who, what, when and why. Written with the change it records.</summary>
public sealed class SellerAuditEntry
{
    public long Id { get; set; }
    public long SellerId { get; set; }
    public SellerAuditAction Action { get; set; }
    public string? Reason { get; set; }
    /// <summary>The operator's token subject.</summary>
    public required string Actor { get; set; }
    public DateTime At { get; set; }
}
