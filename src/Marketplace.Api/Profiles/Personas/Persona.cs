namespace Marketplace.Api.Profiles.Personas;

public enum ContentFormat { Text, Video }

public enum PriceSensitivity { Low, Medium, High }

/// <summary>
/// An experience a storefront can choose for a person: the persona of the highest-priority segment they belong to.
/// </summary>
public sealed class Persona
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public ContentFormat ContentFormat { get; set; }

    /// <summary>How long product descriptions should be, in words.</summary>
    public int DescriptionWords { get; set; }
    public PriceSensitivity PriceSensitivity { get; set; }

    /// <summary>Category slugs, comma-separated.</summary>
    public string PreferredCategories { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<PersonaSegment> Segments { get; set; } = [];
}

/// <summary>A segment whose members get the persona; among a person's personas the highest priority wins.</summary>
public sealed class PersonaSegment
{
    public long PersonaId { get; set; }
    public long SegmentId { get; set; }
    public int Priority { get; set; }
}
