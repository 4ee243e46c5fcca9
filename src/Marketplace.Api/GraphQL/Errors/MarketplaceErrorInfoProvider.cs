using System.Diagnostics;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using Marketplace.Api.GraphQL.Limits;

namespace Marketplace.Api.GraphQL.Errors;

/// <summary>Every error carries exactly one stable <c>extensions.code</c>; internal ones add a trace id.</summary>
public sealed class MarketplaceErrorInfoProvider(bool exposeExceptionDetails) : IErrorInfoProvider
{
    // Codes our own code sets; anything else (a library's code, an exception's) is reported as INTERNAL.
    private static readonly HashSet<string> OwnCodes = typeof(ErrorCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet();

    public ErrorInfo GetInfo(ExecutionError executionError)
    {
        var code = CodeOf(executionError);
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (code == ErrorCodes.Internal)
        {
            extensions["traceId"] = Activity.Current?.TraceId.ToString();
            if (exposeExceptionDetails && executionError.InnerException is { } inner)
                extensions["details"] = inner.ToString();
        }
        return new ErrorInfo
        {
            Message = code == ErrorCodes.Internal && !exposeExceptionDetails ? "Internal server error." : executionError.Message,
            Extensions = extensions,
        };
    }

    public static string CodeOf(ExecutionError error) => error switch
    {
        LimitExceededError limit => limit.LimitCode,
        SyntaxError => ErrorCodes.ParseFailed,
        // A bound declared on an input (GraphQL/InputBounds.cs) fails validation with our own code inside.
        ValidationError { InnerException: ExecutionError { Code: { } inner } } when OwnCodes.Contains(inner) => inner,
        InvalidVariableError => ErrorCodes.BadUserInput,
        ValidationError => ErrorCodes.ValidationFailed,
        QueryMissingError or NoOperationError or NoOperationNameError or InvalidOperationNameError or InvalidOperationError
            => ErrorCodes.BadRequest,
        UnhandledError or TimeoutError => ErrorCodes.Internal,
        { Code: { } code } when OwnCodes.Contains(code) => code,
        _ => ErrorCodes.Internal,
    };
}
