using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Personalization.Timing;

namespace Personalization.Forecasts;

/// <summary>
/// Fits the purchase models every <see cref="PurchaseModelOptions.FitInterval"/>. Every silo runs the schedule; a silo
/// skips its turn when the stored fit is younger than half the interval, so a cluster fits about once per interval.
/// </summary>
public sealed class PurchaseModelSchedule(
    PurchaseModelFitting fitting,
    IGrainFactory grains,
    IOptions<PurchaseModelOptions> options,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time,
    ILogger<PurchaseModelSchedule> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private PeriodicRefresh? refresher;
    private bool started;

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (options.Value.FitInterval is not { } interval)
        {
            return;
        }

        refresher = new PeriodicRefresh(cancellationToken => FitIfDueAsync(interval, cancellationToken), interval,
            e => logger.LogWarning(e, "Fitting the purchase models failed; the last fit stays in use"));
        lifecycle.Subscribe(nameof(PurchaseModelSchedule), ServiceLifecycleStage.Active, refresher.StartAsync, refresher.StopAsync);
    }

    private async Task FitIfDueAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        // The refresher runs its work once as the silo starts, when customers have not been seen yet: the first fit
        // is due one interval later.
        if (!started)
        {
            started = true;
            return;
        }

        var now = time.GetUtcNow();
        var current = await grains.GetGrain<IPurchaseModelGrain>(0).GetAsync();
        if (current is not null && now - current.FittedAt < interval / 2)
        {
            return;
        }

        var fit = await fitting.FitAsync(cancellationToken);
        logger.LogInformation("Purchase models fitted on {SampleSize} customers: version {Version}", fit?.SampleSize ?? 0, fit?.Version);
    }
}
