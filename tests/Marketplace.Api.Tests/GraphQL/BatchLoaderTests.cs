using Marketplace.Api.GraphQL.Loading;

namespace Marketplace.Api.Tests.GraphQL;

public sealed class BatchLoaderTests
{
    private sealed class SquareLoader : EntityLoader<int, string>
    {
        public List<int[]> Batches { get; } = [];

        protected override Task<IReadOnlyDictionary<int, string?>> FetchAsync(IReadOnlyCollection<int> keys, CancellationToken ct)
        {
            Batches.Add([.. keys.Order()]);
            IReadOnlyDictionary<int, string?> found = keys.Where(k => k > 0).ToDictionary(k => k, k => (string?)(k * k).ToString());
            return Task.FromResult(found);
        }
    }

    [Fact]
    public async Task Keys_asked_for_before_the_first_await_load_in_one_batch()
    {
        var loader = new SquareLoader();
        var results = new[] { loader.Load(2), loader.Load(3), loader.Load(2), loader.Load(-1) };

        var values = new List<string?>();
        foreach (var result in results) values.Add(await result.GetResultAsync());

        Assert.Equal(["4", "9", "4", null], values);
        Assert.Single(loader.Batches);
        Assert.Equal([-1, 2, 3], loader.Batches[0]);
    }

    [Fact]
    public async Task Loaded_keys_are_cached_and_new_keys_make_a_new_batch()
    {
        var loader = new SquareLoader();
        await loader.Load(2).GetResultAsync();
        var again = await loader.Load(2).GetResultAsync();
        var other = await loader.Load(5, value => value?.Length).GetResultAsync();

        Assert.Equal("4", again);
        Assert.Equal(2, other);
        Assert.Equal(2, loader.Batches.Count);
        Assert.Equal([5], loader.Batches[1]);
    }
}
