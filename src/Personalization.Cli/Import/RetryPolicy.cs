namespace Personalization.Cli.Import;

/// <summary>
/// How a batch that met a transient failure (no connection, 408, 429, 5xx, no answer in time) is tried again:
/// up to <see cref="MaxAttempts"/> in all, waiting <see cref="FirstDelay"/>, then twice as long each time up to
/// <see cref="MaxDelay"/>, or as long as the engine's Retry-After asks within that bound.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } = new(5, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > MaxDelay ? MaxDelay : asked;
        }

        var doubled = FirstDelay * Math.Pow(2, attempt - 1);
        // Jitter spreads the retries of parallel batches, so a recovering engine is not hit by all of them at once.
        var jittered = doubled * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return jittered > MaxDelay ? MaxDelay : jittered;
    }

    internal void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "Every batch is tried at least once.");
        }

        if (FirstDelay < TimeSpan.Zero || MaxDelay < FirstDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstDelay), FirstDelay, "Delays must be non-negative and the first at most the largest.");
        }
    }
}
