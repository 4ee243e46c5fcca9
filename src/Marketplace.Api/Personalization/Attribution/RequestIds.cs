namespace Marketplace.Api.Personalization.Attribution;

/// <summary>
/// A response's request id carries its surface and group ("s1-…" a personalized search, "r0-…" a control
/// recommendation, then a GUID), so an event that cites it is attributed without looking anything up.
/// </summary>
public static class RequestIds
{
    private const int Length = 3 + 32;

    /// <summary>A null group ("x") is a response outside the experiment (personalization off, no usable profile): its outcomes count nowhere.</summary>
    public static string Create(ResponseSurface surface, bool? personalized) =>
        $"{Letter(surface)}{personalized switch { true => '1', false => '0', null => 'x' }}-{Guid.NewGuid():N}";

    /// <summary>The surface and group of a request id this API issued; false for anything else.</summary>
    public static bool TryRead(string? requestId, out ResponseSurface surface, out bool personalized)
    {
        surface = default;
        personalized = false;
        if (requestId is not { Length: Length } || requestId[2] != '-' || requestId[1] is not ('0' or '1')
            || !Guid.TryParseExact(requestId.AsSpan(3), "N", out _))
            return false;
        switch (requestId[0])
        {
            case 's': surface = ResponseSurface.Search; break;
            case 'r': surface = ResponseSurface.Recommendations; break;
            default: return false;
        }
        personalized = requestId[1] == '1';
        return true;
    }

    private static char Letter(ResponseSurface surface) => surface switch
    {
        ResponseSurface.Search => 's',
        ResponseSurface.Recommendations => 'r',
        _ => throw new ArgumentOutOfRangeException(nameof(surface)),
    };
}
