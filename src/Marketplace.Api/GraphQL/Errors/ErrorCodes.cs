namespace Marketplace.Api.GraphQL.Errors;

/// <summary>Values of <c>extensions.code</c>. They are API: add codes, never rename them.</summary>
public static class ErrorCodes
{
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string BadUserInput = "BAD_USER_INPUT";
    public const string Internal = "INTERNAL";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string BadRequest = "BAD_REQUEST";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string NotAcceptable = "NOT_ACCEPTABLE";
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";
    public const string MaxDepthExceeded = "MAX_DEPTH_EXCEEDED";
    public const string MaxCostExceeded = "MAX_COST_EXCEEDED";
    public const string MaxAliasesExceeded = "MAX_ALIASES_EXCEEDED";
    public const string MaxIntrospectionDepthExceeded = "MAX_INTROSPECTION_DEPTH_EXCEEDED";
    public const string MaxTokensExceeded = "MAX_TOKENS_EXCEEDED";
    public const string MaxFieldsExceeded = "MAX_FIELDS_EXCEEDED";
    public const string MaxFragmentSpreadsExceeded = "MAX_FRAGMENT_SPREADS_EXCEEDED";
    public const string MaxDirectivesExceeded = "MAX_DIRECTIVES_EXCEEDED";
    public const string RequestTimeout = "REQUEST_TIMEOUT";
    public const string ShuttingDown = "SHUTTING_DOWN";
    public const string PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND";
    public const string PersistedQueryHashMismatch = "PERSISTED_QUERY_HASH_MISMATCH";
    public const string PersistedQueryNotSupported = "PERSISTED_QUERY_NOT_SUPPORTED";
    public const string PersistedQueryRequired = "PERSISTED_QUERY_REQUIRED";
}
