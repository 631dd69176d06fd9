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

/// <summary>A line that was not stored: the local reason it could not be read, or the engine's reason for rejecting it.</summary>
public sealed record ImportProblem(long Line, string Reason);

/// <summary>A batch that could not be delivered after its attempts; none of its events are known to be stored.</summary>
public sealed record FailedBatch(long FirstLine, long LastLine, int Events, int Attempts, string Reason);

/// <summary>The outcome of a whole import.</summary>
public sealed record ImportSummary(
    ImportProgress Totals,
    bool DryRun,
    IReadOnlyList<ImportProblem> FirstProblems,
    IReadOnlyList<FailedBatch> FailedBatches)
{
    /// <summary>Every line read was accepted by the engine, or in a dry run, every line could be read.</summary>
    public bool Succeeded => DryRun
        ? Totals.Invalid == 0
        : Totals.Invalid == 0 && Totals.Rejected == 0 && Totals.FailedBatches == 0 && Totals.Accepted == Totals.LinesRead;

    /// <summary>Lines that were not stored for a reason of their own, locally or by the engine.</summary>
    public long ProblemCount => Totals.Invalid + Totals.Rejected;
}
