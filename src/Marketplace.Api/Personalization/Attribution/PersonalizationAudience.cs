using Marketplace.Api.Infrastructure.Auth;

namespace Marketplace.Api.Personalization.Attribution;

/// <summary>
/// Whether this request's caller gets personalized results: search and recommendations pass the answer to
/// <see cref="PersonalizationAttribution.BeginResponse"/>, so the stats compare what each group was shown.
/// </summary>
public sealed class PersonalizationAudience(PersonalizationHoldout holdout, Viewer viewer, IHttpContextAccessor http)
{
    /// <summary>The caller is in the held-out control group (stable per visitor, see <see cref="PersonalizationHoldout.PersonKey"/>).</summary>
    public bool IsHeldOut => holdout.IsHeldOut(viewer, http.HttpContext);

    /// <summary>Personalize when the feature is on for this response, the caller is not held out, and their profile may be used.</summary>
    public bool Personalizes(bool enabled, CallerFeatures caller) => enabled && caller.Personalizable && !IsHeldOut;
}
