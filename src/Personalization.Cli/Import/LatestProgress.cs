namespace Personalization.Cli.Import;

/// <summary>
/// Keeps only the newest report, for a display that draws on its own schedule. Reports come from several
/// threads and may arrive out of order; the one taken latest (the longest elapsed) wins.
/// </summary>
internal sealed class LatestProgress : IProgress<ImportProgress>
{
    private readonly object gate = new();

    public ImportProgress Current { get; private set; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero);

    public void Report(ImportProgress value)
    {
        lock (gate)
        {
            if (value.Elapsed >= Current.Elapsed)
            {
                Current = value;
            }
        }
    }
}
