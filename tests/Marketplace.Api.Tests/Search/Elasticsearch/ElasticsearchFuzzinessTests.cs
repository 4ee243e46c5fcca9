using Marketplace.Api.Search;
using Marketplace.Api.Search.Elasticsearch;

namespace Marketplace.Api.Tests.Search.Elasticsearch;

public sealed class ElasticsearchFuzzinessTests
{
    /// <summary>Elasticsearch's AUTO:low,high: exact below low characters, one edit below high, two from high on.</summary>
    private static int AutoFuzziness(int length, int low, int high) => length < low ? 0 : length < high ? 1 : 2;

    [Fact]
    public void The_fuzziness_sent_allows_the_edits_the_analysis_spec_allows_for_every_term_length()
    {
        Assert.Equal("AUTO:4,8", ElasticsearchSearchQuery.Fuzziness);
        var parts = ElasticsearchSearchQuery.Fuzziness["AUTO:".Length..].Split(',').Select(int.Parse).ToArray();

        for (var length = 1; length <= 30; length++)
            Assert.Equal(SearchText.AllowedEdits(length), AutoFuzziness(length, parts[0], parts[1]));
    }
}
