namespace Personalization.Timing;

/// <summary>
/// Keeps a silo-local copy fresh for the silo's active life: refreshes once before the silo takes traffic, then every
/// interval until the silo stops. A failed refresh is reported and the copy kept, so a silo that cannot reach the
/// source runs on what it loaded last rather than on nothing.
/// </summary>
public sealed class PeriodicRefresh(Func<CancellationToken, Task> refresh, TimeSpan interval, Action<Exception> failed)
{
    private CancellationTokenSource? stopping;
    private Task? polling;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await refresh(cancellationToken);
        stopping = new CancellationTokenSource();
        polling = PollAsync(stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (stopping is null || polling is null)
        {
            return;
        }

        await stopping.CancelAsync();
        await polling.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await refresh(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }
}
