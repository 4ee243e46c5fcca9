namespace Marketplace.Api.Profiles;

public enum JourneyStage
{
    NewVisitor,
    Browsing,
    Engaged,
    CartAbandoner,
    FirstTimeBuyer,
    RepeatBuyer,
    Lapsed,
}

public enum CustomerType { B2B, B2C }

/// <summary>What a person tells about themselves (updateProfileTraits) or events reveal.</summary>
public sealed class ProfileTraits
{
    public string? Email { get; set; }
    public string? Country { get; set; }
    public string? Language { get; set; }
    public string? Gender { get; set; }
    public int? Age { get; set; }
    public string? Company { get; set; }
    public string? Industry { get; set; }
    public string? Role { get; set; }
    public CustomerType? CustomerType { get; set; }

    /// <summary>"18-24", "25-34", ... derived from <see cref="Age"/>.</summary>
    public string? AgeBand => Age switch
    {
        null => null,
        < 18 => "under-18",
        < 25 => "18-24",
        < 35 => "25-34",
        < 45 => "35-44",
        < 55 => "45-54",
        < 65 => "55-64",
        _ => "65+",
    };
}

/// <summary>
/// One person's unified profile: every visitor id and the customer id that turned out to be them, their traits, and
/// attributes computed from their events as the events arrive.
/// </summary>
public sealed class Profile
{
    public long Id { get; set; }

    /// <summary>The token subject of the signed-in customer, once one is known; at most one profile each.</summary>
    public string? CustomerId { get; set; }
    public ProfileTraits Traits { get; set; } = new();

    /// <summary>Set while the person has withdrawn tracking consent: no behavioural events are stored.</summary>
    public DateTime? ConsentWithdrawnAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public int SessionCount { get; set; }
    public int EventCount { get; set; }
    public int ProductViewCount { get; set; }
    public int PurchaseCount { get; set; }
    public decimal LifetimeValue { get; set; }
    public DateTime? LastPurchaseAt { get; set; }
    public DateTime? LastCartActivityAt { get; set; }
    public JourneyStage JourneyStage { get; set; }

    /// <summary>The decayed affinity weights as JSON (<see cref="Affinities"/>).</summary>
    public string Affinities { get; set; } = "{}";

    /// <summary>Optimistic concurrency: two requests updating one profile at once cannot lose each other's events.</summary>
    public int Version { get; set; }
}

public enum IdentityKind { Visitor, Customer, EmailHash }

/// <summary>An id that names a profile: a browser's visitor id, a customer id, a hashed email. Each names one profile.</summary>
public sealed class ProfileIdentity
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    public IdentityKind Kind { get; set; }
    public required string Value { get; set; }
    public DateTime CreatedAt { get; set; }
}
