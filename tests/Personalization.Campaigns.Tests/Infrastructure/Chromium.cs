using System.Collections.Concurrent;
using System.Diagnostics;

namespace Personalization.Campaigns.Tests;

/// <summary>
/// Headless Chromium (the Debian package tests/setup.sh installs) showing one page, with a fresh profile; disposing
/// kills its whole process tree and deletes the profile.
/// </summary>
internal sealed class Chromium : IDisposable
{
    private readonly Process process;
    private readonly string profile;
    private readonly ConcurrentQueue<string> output = new();

    private Chromium(Uri page)
    {
        profile = Directory.CreateTempSubdirectory("campaigns-chromium-").FullName;
        var start = new ProcessStartInfo(HeadlessChromium.ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--headless", .. HeadlessChromium.Switches, $"--user-data-dir={profile}", page.ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start; run tests/setup.sh");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Chromium's latest output lines, for a failure message.</summary>
    public string Output => string.Join('\n', output);

    public static Chromium Open(Uri page) => new(page);

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        process.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A straggling child may still hold a file; the temporary directory is cleaned up by the system.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 50 && output.TryDequeue(out _))
        {
        }
    }
}
