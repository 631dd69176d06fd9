namespace Personalization.Cli.Import;

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
