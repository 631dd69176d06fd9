using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Personalization.Diagnostics;

namespace Personalization.Client;

/// <summary>
/// Healthy while a grain call reaches a silo and returns. The ping grain is a stateless worker, so the check touches
/// no customer and no storage and answers from whichever silo the gateway is on.
/// </summary>
internal sealed class PersonalizationClusterHealthCheck(IGrainFactory grains, IOptions<PersonalizationClientOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IPingGrain>("health").PingAsync().AsTask().WaitAsync(options.Value.CallTimeout, cancellationToken);
            return HealthCheckResult.Healthy("A gateway answered.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster did not answer.", exception);
        }
    }
}
