using System.Diagnostics;
using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.GraphQL;

/// <summary>Hostile documents from the probe in issue 7, and the check that one leaves the server idle.</summary>
public static class Bombs
{
    /// <summary>Ten fragments, each spreading the previous one ten times: 10^10 fields once expanded, under a kilobyte of text.</summary>
    public static string FragmentBomb()
    {
        var fragments = new List<string> { "fragment F0 on Query { categories { slug } }" };
        for (var i = 1; i < 10; i++)
            fragments.Add($"fragment F{i} on Query {{ {string.Concat(Enumerable.Repeat($"...F{i - 1} ", 10))}}}");
        return "query { ...F9 } " + string.Join(" ", fragments);
    }

    /// <summary>The same selection 10,000 times without aliases: about 200 KB.</summary>
    public static string RepeatedSelection(int times = 10_000) =>
        "{ " + string.Concat(Enumerable.Repeat("categories { slug } ", times)) + "}";

    public static string NestedSelection(int depth) =>
        "{ " + string.Concat(Enumerable.Repeat("categories { ", depth)) + "slug" + new string('}', depth + 1);

    /// <summary>Sends a hostile request that must be answered within 10 s, then shows the server is idle again.</summary>
    public static async Task<GraphQLResponse> SendAndCheckServerStaysIdleAsync(HttpClient client, string query, object? variables = null)
    {
        var response = await client.PostGraphQLAsync(query, variables).WaitAsync(TimeSpan.FromSeconds(10));
        var next = Stopwatch.StartNew();
        (await client.PostGraphQLAsync("{ __typename }").WaitAsync(TimeSpan.FromSeconds(10))).DataOrFail();
        // A server still chewing on the bomb would take the full 10 s; a busy 2-core CI machine running other test classes
        // in parallel has been seen to take 2.4 s for a cheap request.
        Assert.True(next.Elapsed < TimeSpan.FromSeconds(5), $"the next cheap request took {next.Elapsed}");
        return response;
    }
}
