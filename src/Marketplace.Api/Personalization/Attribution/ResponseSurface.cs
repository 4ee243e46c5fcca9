namespace Marketplace.Api.Personalization.Attribution;

/// <summary>Where a response that can lead to a click was shown.</summary>
public enum ResponseSurface { Search, Recommendations }
