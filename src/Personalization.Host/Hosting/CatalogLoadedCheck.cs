using Microsoft.Extensions.Diagnostics.HealthChecks;
using Personalization.Segments;

namespace Personalization.Host.Hosting;

/// <summary>Ready once this silo has compiled the segment catalog; before that, every lookup would answer "no segments".</summary>
internal sealed class CatalogLoadedCheck(SegmentCatalogCache catalogs) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catalogs.IsLoaded
            ? HealthCheckResult.Healthy($"segment catalog version {catalogs.Current.Version}")
            : HealthCheckResult.Unhealthy("segment catalog not loaded yet"));
}
