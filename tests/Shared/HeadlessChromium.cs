namespace Personalization.Testing;

/// <summary>
/// How the tests run the browser: the Debian chromium tests/setup.sh installs (no browser download), headless, with
/// nothing that reaches out to the network on its own.
/// </summary>
internal static class HeadlessChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Chromium's switches besides headless mode and the profile directory.</summary>
    public static readonly string[] Switches =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];
}
