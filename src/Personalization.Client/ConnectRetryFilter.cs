namespace Personalization.Client;

/// <summary>
/// Keeps start-up trying to reach a gateway for <see cref="PersonalizationClientOptions.ConnectTimeout"/>, so a front
/// end started together with the cluster (docker-compose, a rolling deploy) waits for it instead of failing at once.
/// </summary>
internal sealed class ConnectRetryFilter(TimeSpan connectTimeout, TimeProvider time) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    private long? firstFailure;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        firstFailure ??= time.GetTimestamp();
        if (cancellationToken.IsCancellationRequested
            || !TransientFailures.IsTransient(exception)
            || time.GetElapsedTime(firstFailure.Value) + Pause > connectTimeout)
        {
            return false;
        }

        await Task.Delay(Pause, time, cancellationToken);
        return true;
    }
}
