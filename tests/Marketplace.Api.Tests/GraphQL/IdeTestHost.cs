using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Ide;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests.GraphQL;

/// <summary>
/// A real Kestrel listener on 127.0.0.1 serving the IDE, so a browser can reach it.
/// </summary>
public sealed class IdeTestHost : IAsyncLifetime
{
    private WebApplication? app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async Task InitializeAsync()
    {
        app = BuildApp();
        await app.StartAsync();
        BaseAddress = new(app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
            await app.DisposeAsync();
    }

    // Stands in for the real API until the GraphQL transport is merged: swap this for the app's own pipeline then.
    private static WebApplication BuildApp()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var schema = new Schema { Query = new QueryType() };
        schema.Initialize();
        var executer = new DocumentExecuter();
        var serializer = new GraphQLSerializer();

        app.MapGraphQLIdeAssets();
        app.MapGet("/graphql", (HttpContext context) =>
            GraphQLIde.WantsPage(context.Request)
                ? GraphQLIde.WritePageAsync(context)
                : Results.StatusCode(StatusCodes.Status406NotAcceptable).ExecuteAsync(context));
        app.MapPost("/graphql", async (HttpContext context) =>
        {
            var ct = context.RequestAborted;
            var request = await serializer.ReadAsync<GraphQLRequest>(context.Request.Body, ct);
            var result = await executer.ExecuteAsync(options =>
            {
                options.Schema = schema;
                options.Query = request?.Query;
                options.OperationName = request?.OperationName;
                options.Variables = request?.Variables;
                options.CancellationToken = ct;
            });
            context.Response.ContentType = "application/graphql-response+json; charset=utf-8";
            await serializer.WriteAsync(context.Response.Body, result, ct);
        });
        return app;
    }

    internal static readonly string[] ProductTitles = ["Test product 1", "Test product 2", "Test product 3"];

    private sealed class QueryType : ObjectGraphType
    {
        public QueryType()
        {
            Name = "Query";
            Field<StringGraphType>("hello").Resolve(_ => "world");
            Field<NonNullGraphType<ProductConnectionType>>("products")
                .Argument<IntGraphType>("first")
                .Resolve(ctx => ProductTitles.Take(ctx.GetArgument("first", ProductTitles.Length)).ToArray());
        }
    }

    private sealed class ProductConnectionType : ObjectGraphType<string[]>
    {
        public ProductConnectionType() =>
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductEdgeType>>>>("edges").Resolve(ctx => ctx.Source);
    }

    private sealed class ProductEdgeType : ObjectGraphType<string>
    {
        public ProductEdgeType() =>
            Field<NonNullGraphType<ProductType>>("node").Resolve(ctx => ctx.Source);
    }

    private sealed class ProductType : ObjectGraphType<string>
    {
        public ProductType() =>
            Field<NonNullGraphType<StringGraphType>>("title").Resolve(ctx => ctx.Source);
    }
}
