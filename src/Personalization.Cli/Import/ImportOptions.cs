namespace Personalization.Cli.Import;

public sealed record ImportOptions
{
    /// <summary>The most events the API takes in one batch.</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>The largest request body the API takes.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public int BatchSize { get; init; } = MaxBatchSize;

    /// <summary>How many batches may be on their way to the engine at once.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Read, check and batch everything, but send nothing.</summary>
    public bool DryRun { get; init; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>How many problems, the first by line, the summary keeps with their reasons; all are counted.</summary>
    public int ProblemsKept { get; init; } = 20;

    /// <exception cref="ArgumentOutOfRangeException">A setting is outside what the API or this importer allows.</exception>
    public void Validate()
    {
        if (BatchSize is < 1 or > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"The batch size must be 1-{MaxBatchSize}, the API's limit.");
        }

        if (Parallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "At least one batch must be allowed on its way.");
        }

        if (ProblemsKept < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ProblemsKept), ProblemsKept, "Cannot keep a negative number of problems.");
        }

        Retry.Validate();
    }
}
