using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Personalization.LoadTests.Runner;

/// <summary>
/// Blocks the calling thread until a Stopwatch timestamp. Managed sleeps and timers wake up to a couple of
/// milliseconds late on Linux, and in an open model that lateness lands in every measured latency, which would
/// swamp a sub-millisecond target; nanosleep is typically late by tens of microseconds.
/// </summary>
internal static partial class PreciseSleep
{
    // Longest single sleep, so a waiting dispatcher notices cancellation promptly.
    private static readonly long MaxSliceTicks = Stopwatch.Frequency / 20;

    private static readonly bool UseNanosleep = Environment.Is64BitProcess && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS());

    /// <summary>Returns false if <paramref name="stop"/> was cancelled before the timestamp was reached.</summary>
    public static bool Until(long timestamp, CancellationToken stop)
    {
        while (true)
        {
            if (stop.IsCancellationRequested)
            {
                return false;
            }

            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return true;
            }

            Sleep(Math.Min(remaining, MaxSliceTicks));
        }
    }

    private static void Sleep(long stopwatchTicks)
    {
        var nanoseconds = (long)(stopwatchTicks * (1_000_000_000.0 / Stopwatch.Frequency));
        if (UseNanosleep)
        {
            var request = new Timespec(nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000);
            var remaining = default(Timespec);
            // An interrupted sleep returns early; the caller's loop recomputes what is left.
            _ = nanosleep(ref request, ref remaining);
            return;
        }

        Thread.Sleep(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, nanoseconds / 100)));
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Timespec(long Seconds, long Nanoseconds);

    [DllImport("libc")]
    private static extern int nanosleep(ref Timespec request, ref Timespec remaining);
}
