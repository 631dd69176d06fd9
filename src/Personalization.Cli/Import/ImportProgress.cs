namespace Personalization.Cli.Import;

/// <summary>Where an import stands; every count only grows while it runs.</summary>
public sealed record ImportProgress(
    long LinesRead,
    long Invalid,
    long EventsSent,
    long Accepted,
    long Duplicates,
    long Rejected,
    int FailedBatches,
    long FailedEvents,
    long Retries,
    TimeSpan Elapsed)
{
    /// <summary>Events the engine accepted per second of the import so far.</summary>
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Accepted / Elapsed.TotalSeconds : 0;
}
