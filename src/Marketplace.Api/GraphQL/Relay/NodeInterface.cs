using GraphQL.Types;

namespace Marketplace.Api.GraphQL.Relay;

public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "An object with a global id, fetchable with node(id).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Globally unique id.");
    }
}

public static class NodeFieldExtensions
{
    /// <summary>Adds the global <c>id</c> field and declares the type a Node.</summary>
    public static void ImplementNode<T>(this ObjectGraphType<T> type, string typeName, Func<T, long> id)
    {
        type.Interface<NodeInterface>();
        type.Field<NonNullGraphType<IdGraphType>>("id")
            .Description("Globally unique id.")
            .Resolve(ctx => GlobalId.Encode(typeName, id(ctx.Source)));
        type.IsTypeOf = value => value is T;
    }
}
