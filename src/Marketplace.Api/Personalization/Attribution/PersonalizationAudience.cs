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

    /// <summary>
    /// The experiment group a response to this caller counts for: true personalized, false held out (shown what a
    /// caller without a profile is shown), null outside the experiment (personalization off for this response, or no
    /// profile it may use).
    /// </summary>
    public bool? GroupOf(bool enabled, CallerFeatures caller) => enabled && caller.Personalizable ? !IsHeldOut : null;
}
