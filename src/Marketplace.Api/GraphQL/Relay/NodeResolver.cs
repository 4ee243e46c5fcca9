using GraphQL.DataLoader;

namespace Marketplace.Api.GraphQL.Relay;

/// <summary>Fetches one node type by id for node(id)/nodes(ids). Each feature registers its own.</summary>
public interface INodeResolver
{
    string TypeName { get; }

    IDataLoaderResult<object?> Load(IServiceProvider services, long id);
}
