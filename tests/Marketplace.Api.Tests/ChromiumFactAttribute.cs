namespace Marketplace.Api.Tests;

/// <summary>
/// A fact that drives the system Chromium and is skipped where it is not installed.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath))
            Skip = "Chromium not installed: apt-get install chromium";
    }
}
