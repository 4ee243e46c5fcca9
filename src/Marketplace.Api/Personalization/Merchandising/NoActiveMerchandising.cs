namespace Marketplace.Api.Personalization.Merchandising;

/// <summary>Until merchandising rules are stored, no segment has any.</summary>
public sealed class NoActiveMerchandising : IActiveMerchandising
{
    public Task<IReadOnlyList<ActiveMerchandisingRule>> ForSegmentsAsync(IReadOnlyCollection<long> segmentIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ActiveMerchandisingRule>>([]);
}
