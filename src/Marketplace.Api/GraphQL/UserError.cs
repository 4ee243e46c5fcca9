using GraphQL.Types;

namespace Marketplace.Api.GraphQL;

/// <summary>An expected problem with a mutation's input, returned as data; nothing was written.</summary>
public sealed record UserError(UserErrorCode Code, string Message, IReadOnlyList<string>? Field = null);

public sealed class UserErrorType : ObjectGraphType<UserError>
{
    public UserErrorType()
    {
        Name = "UserError";
        Description = "A problem with the input: nothing was written.";
        Field<NonNullGraphType<UserErrorCodeType>>("code").Description("Stable, machine-readable: what went wrong.").Resolve(ctx => ctx.Source.Code);
        Field(e => e.Message);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("field")
            .Description("Path to the input field at fault, e.g. [\"input\", \"price\"].")
            .Resolve(ctx => ctx.Source.Field);
    }
}

/// <summary>Collects user errors for one input, each with the path of its field.</summary>
public sealed class UserErrors(params string[] root)
{
    private readonly List<UserError> errors = [];

    public IReadOnlyList<UserError> List => errors;

    public bool Any => errors.Count > 0;

    public void Add(UserErrorCode code, string message, params string[] field) => errors.Add(new UserError(code, message, [.. root, .. field]));

    public void Require(bool condition, UserErrorCode code, string message, params string[] field)
    {
        if (!condition) Add(code, message, field);
    }
}
