using Marketplace.Api.Personalization.Merchandising;

namespace Marketplace.Api.Recommendations;

/// <summary>Stands in until the merchandising feature registers its own <see cref="IActiveMerchandising"/>: no rules in force.</summary>
internal sealed class NoMerchandising : IActiveMerchandising
{
    public Task<IReadOnlyList<ActiveMerchandisingRule>> ForSegmentsAsync(IReadOnlyCollection<long> segmentIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ActiveMerchandisingRule>>([]);
}
