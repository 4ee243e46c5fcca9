using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Api.GraphQL.Ide;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using PuppeteerSharp;

namespace Marketplace.Api.Tests.GraphQL;

public sealed partial class IdeTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string BrowserAccept =
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";

    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Browsers_get_the_page_and_every_asset_it_references()
    {
        using var client = api.CreateClient();
        using var response = await GetPageAsync(client);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);

        var assets = AssetReference().Matches(html)
            .Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value))
            .Where(url => !url.StartsWith("data:", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(assets, url => url.Contains("graphiql-", StringComparison.Ordinal) && url.Contains(".js?", StringComparison.Ordinal));
        Assert.Contains(assets, url => url.Contains("graphiql-", StringComparison.Ordinal) && url.Contains(".css?", StringComparison.Ordinal));
        foreach (var url in assets)
        {
            Assert.StartsWith("/graphql/ide/", url);
            using var asset = await client.GetAsync(url);

            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            var expected = url.Split('?')[0].EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript";
            Assert.Equal(expected, asset.Content.Headers.ContentType?.MediaType);
            Assert.False(asset.Headers.ETag?.IsWeak ?? true, $"{url} has no strong ETag");
            Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
            Assert.NotEmpty(await asset.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task The_page_runs_no_inline_script_or_style()
    {
        using var client = api.CreateClient();
        using var response = await GetPageAsync(client);
        var html = await response.Content.ReadAsStringAsync();

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)", html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotContain(" style=", html);
    }

    [Fact]
    public async Task An_unknown_asset_is_not_found()
    {
        using var client = api.CreateClient();

        using var response = await client.GetAsync("/graphql/ide/graphiql-0.0.0.min.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_asset_is_not_sent_again_when_its_etag_matches()
    {
        using var client = api.CreateClient();
        using var first = await client.GetAsync("/graphql/ide/ide.js");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql/ide/ide.js");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("GET", "", BrowserAccept, true)]
    [InlineData("GET", "", "text/html", true)]
    [InlineData("GET", "", "text/html, application/json;q=0.9", true)]
    [InlineData("GET", "?query={hello}", BrowserAccept, false)]
    [InlineData("GET", "?query=", BrowserAccept, false)]
    [InlineData("POST", "", BrowserAccept, false)]
    [InlineData("GET", "", null, false)]
    [InlineData("GET", "", "*/*", false)]
    [InlineData("GET", "", "application/graphql-response+json, application/json", false)]
    [InlineData("GET", "", "application/json, text/html", false)]
    [InlineData("GET", "", "text/html;q=0.5, application/json", false)]
    [InlineData("GET", "", "text/*, application/*;q=0.5", true)]
    [InlineData("GET", "", "text/html;q=0", false)]
    public void WantsPage_is_true_only_for_a_browser_navigation(string method, string queryString, string? accept, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.QueryString = new(queryString);
        if (accept is not null)
            context.Request.Headers.Accept = accept;

        Assert.Equal(expected, GraphQLIde.WantsPage(context.Request));
    }

    [ChromiumFact]
    public async Task GraphiQL_loads_the_schema_and_runs_the_default_query()
    {
        await using var server = new KestrelMarketplaceApi();
        using var client = server.CreateClient();
        var products = (await client.PostGraphQLAsync(GraphQLIde.DefaultQuery)).DataOrFail()["products"]!;
        var firstTitle = products["edges"]![0]!["node"]!["title"]!.GetValue<string>();

        var userDataDir = Directory.CreateTempSubdirectory("marketplace-ide-chromium-");
        try
        {
            await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = ChromiumFactAttribute.ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                UserDataDir = userDataDir.FullName,
            });
            await using var page = await browser.NewPageAsync();
            page.DefaultTimeout = (int)BrowserTimeout.TotalMilliseconds;

            var requests = new ConcurrentQueue<string>();
            var errors = new ConcurrentQueue<string>();
            page.Request += (_, e) =>
            {
                // Inline fonts and icons are data: URLs; they never reach the network.
                if (!e.Request.Url.StartsWith("data:", StringComparison.Ordinal))
                    requests.Enqueue($"{e.Request.Method} {e.Request.Url}");
            };
            page.PageError += (_, e) => errors.Enqueue(e.Message);
            page.Console += (_, e) =>
            {
                if (e.Message.Type == ConsoleType.Error)
                    errors.Enqueue(e.Message.Text);
            };
            await page.EvaluateExpressionOnNewDocumentAsync(
                "window.cspViolations = [];" +
                "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");

            string Diagnostics() =>
                $"Errors:\n{string.Join('\n', errors)}\nRequests:\n{string.Join('\n', requests)}";

            var introspection = page.WaitForResponseAsync(IsGraphQLPost("__schema"));
            await page.GoToAsync(new Uri(server.BaseAddress, "/graphql").ToString());

            var schema = await (await introspection).TextAsync();
            Assert.True(JsonNode.Parse(schema)?["data"]?["__schema"] is not null, $"Introspection failed: {schema}\n{Diagnostics()}");

            // The docs explorer lists the root types only once GraphiQL has built the schema from introspection.
            await page.WaitForSelectorAsync(".graphiql-sidebar button[aria-label='Show Documentation Explorer']");
            await page.ClickAsync(".graphiql-sidebar button[aria-label='Show Documentation Explorer']");
            await WaitForTextAsync(page, ".graphiql-doc-explorer", "Query", Diagnostics);

            var execution = page.WaitForResponseAsync(IsGraphQLPost("products"));
            await page.ClickAsync(".graphiql-execute-button");
            Assert.Equal(HttpStatusCode.OK, (await execution).Status);
            await WaitForTextAsync(page, ".graphiql-response", firstTitle, Diagnostics);

            // Dialogs inject a scroll-lock <style>, which the policy admits only with the page's nonce.
            await page.ClickAsync(".graphiql-sidebar button[aria-label='Open settings dialog']");
            await page.WaitForSelectorAsync("[role='dialog']");

            Assert.Empty(await page.EvaluateExpressionAsync<string[]>("window.cspViolations"));
            Assert.True(errors.IsEmpty, Diagnostics());
            Assert.All(requests, request => Assert.Contains($" {server.BaseAddress.GetLeftPart(UriPartial.Authority)}/", request));
        }
        finally
        {
            userDataDir.Delete(recursive: true);
        }
    }

    private static Func<IResponse, bool> IsGraphQLPost(string bodyContains) => response =>
        response.Request.Method == HttpMethod.Post
        && response.Url.EndsWith("/graphql", StringComparison.Ordinal)
        && response.Request.PostData?.ToString()?.Contains(bodyContains, StringComparison.Ordinal) == true;

    private static async Task WaitForTextAsync(IPage page, string selector, string text, Func<string> diagnostics)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "(selector, text) => document.querySelector(selector)?.innerText.includes(text)",
                new WaitForFunctionOptions { Timeout = (int)BrowserTimeout.TotalMilliseconds },
                selector,
                text);
        }
        catch (WaitTaskTimeoutException e)
        {
            var shown = await page.EvaluateFunctionAsync<string?>("selector => document.querySelector(selector)?.innerText", selector);
            throw new Xunit.Sdk.XunitException($"'{text}' never appeared in {selector}, which shows: {shown}\n{diagnostics()}\n{e.Message}");
        }
    }

    private static async Task<HttpResponseMessage> GetPageAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd(BrowserAccept);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex AssetReference();
}
