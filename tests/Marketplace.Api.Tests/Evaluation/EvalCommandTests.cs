using Marketplace.Api.Cli;
using Marketplace.Api.Recommendations;
using Marketplace.Api.Recommendations.Evaluation;
using Marketplace.Api.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Marketplace.Api.Tests.Evaluation;

/// <summary>`eval recommendations` as a user runs it, with a tiny history; the engine is the test-only <see cref="AffinityRecommender"/>.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class EvalCommandTests(ITestOutputHelper log)
{
    private async Task<(int Exit, string Output)> RunAsync(Action<IServiceCollection>? services, params string[] args)
    {
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            var exit = await MarketplaceCli.RunAsync(args, services);
            log.WriteLine(output.ToString());
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Eval_recommendations_prints_every_strategy_the_blend_and_popularity_with_progress_and_a_summary_line()
    {
        var (exit, output) = await RunAsync(services => services.AddScoped<IRecommender, AffinityRecommender>(),
            "eval", "recommendations", "--shoppers", "25", "--seed", "3");

        Assert.True(exit == 0, output);
        var lines = Lines(output);
        foreach (var step in new[] { "Loading the demo catalog", "Replaying training history", "Asking for recommendations" })
            Assert.Equal($"{step}: 100%", Assert.Single(lines, l => l.StartsWith(step) && l.EndsWith("100%")));
        // The whole training history arrived through tracking and checkout.
        var training = Assert.Single(lines, l => l.StartsWith("Training: "));
        Assert.Matches(@"\([\d,]+ events tracked, [1-9][\d,]* orders placed\)\. Test: [1-9]\d* shoppers", training);
        Assert.DoesNotContain("rejected", output);
        var header = Assert.Single(lines, l => l.Contains("Strategy"));
        foreach (var column in new[] { "Precision@10", "Recall@10", "NDCG@10", "Coverage", "NDCG@10 vs popularity" }) Assert.Contains(column, header);
        foreach (var row in Enum.GetValues<RecommendationStrategy>().Select(RecommendationEvaluation.Name)
            .Append(RecommendationEvaluation.HomeBlend).Append(RecommendationEvaluation.Popularity))
            Assert.Single(lines, l => l.StartsWith($"│ {row} "));
        Assert.Matches(@"^Best: [A-Z_]+( \(blend\))? NDCG@10 \d\.\d{3} vs popularity \d\.\d{3} \([+-]\d+%\): the \+20% bar is (met|NOT met); (all 6 personalized rows clear it|\d of 6 personalized rows clear it, not [A-Z_, ()a-z]+) \(\d+ s\)\.$", lines[^1]);
        // The stand-in ranks by what ingestion made of the replayed events, which beats popularity by far on this history;
        // the strategies it does not implement return nothing and fall short.
        Assert.Contains("the +20% bar is met; 4 of 6 personalized rows clear it, not FREQUENTLY_BOUGHT_TOGETHER, ALSO_VIEWED (", lines[^1]);
    }

    [Fact]
    public async Task Eval_recommendations_scores_the_real_engine_and_leaves_no_data_behind()
    {
        var (exit, output) = await RunAsync(null, "eval", "recommendations", "--shoppers", "8");

        Assert.True(exit == 0, output);
        var lines = Lines(output);
        Assert.Single(lines, l => l.StartsWith($"│ {RecommendationEvaluation.Popularity} "));
        Assert.Single(lines, l => l.StartsWith("│ RECOMMENDED_FOR_YOU "));
        Assert.Single(lines, l => l.StartsWith("│ ALSO_VIEWED "));
        Assert.StartsWith("Best: ", lines[^1]);
        var directory = System.Text.RegularExpressions.Regex.Match(lines[0], @"throwaway database at (.+)\.$").Groups[1].Value;
        Assert.NotEmpty(directory);
        Assert.False(Directory.Exists(directory), output);
    }
}
