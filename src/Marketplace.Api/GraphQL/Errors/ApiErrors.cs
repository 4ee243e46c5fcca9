using GraphQL;

namespace Marketplace.Api.GraphQL.Errors;

/// <summary>Errors a resolver throws; the executor reports them with their code and no stack trace.</summary>
public static class ApiErrors
{
    public static ExecutionError Unauthenticated(string message = "Sign in to do this.") => Create(ErrorCodes.Unauthenticated, message);

    public static ExecutionError Forbidden(string message = "You are not allowed to do this.") => Create(ErrorCodes.Forbidden, message);

    public static ExecutionError NotFound(string message) => Create(ErrorCodes.NotFound, message);

    public static ExecutionError BadUserInput(string message) => Create(ErrorCodes.BadUserInput, message);

    /// <summary>A dependency (the search engine) cannot answer now; the client may retry later.</summary>
    public static ExecutionError Unavailable(string message) => Create(ErrorCodes.ServiceUnavailable, message);

    public static ExecutionError TooLarge(string message) => Create(ErrorCodes.RequestTooLarge, message);

    private static ExecutionError Create(string code, string message) => new(message) { Code = code };
}
