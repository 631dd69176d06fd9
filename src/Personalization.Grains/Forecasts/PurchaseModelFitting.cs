using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Personalization.Customers;
using Personalization.Rules.Forecasts;
using Personalization.Segments;
using Personalization.Timing;

namespace Personalization.Forecasts;

/// <summary>
/// Fits the purchase models: samples customers uniformly from the customer directory's shards (each keeps a
/// reservoir sample of its registered customers), asks each sampled customer for its purchase summary, fits BG/NBD and
/// Gamma-Gamma by maximum likelihood, stores the result in <see cref="IPurchaseModelGrain"/> and makes this silo's
/// catalog take it at once (the other silos take it at their next catalog poll).
/// </summary>
public sealed class PurchaseModelFitting(
    IGrainFactory grains,
    SegmentCatalogCache catalogs,
    IOptions<PurchaseModelOptions> options,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time)
{
    private readonly SemaphoreSlim fitting = new(1, 1);

    /// <summary>The stored fit; null when no sampled customer has bought.</summary>
    public async Task<PurchaseModelSnapshot?> FitAsync(CancellationToken cancellationToken = default)
    {
        await fitting.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var summaries = await SampleAsync(cancellationToken);
            if (summaries.Count == 0)
            {
                return null;
            }

            var purchases = PurchaseModelFitter.FitBetaGeometricNbd(summaries);
            GammaGammaFit? spend = summaries.Any(s => s.Frequency > 0 && s.MeanRepeatValue > 0)
                ? PurchaseModelFitter.FitGammaGamma(summaries)
                : null;
            var fit = new PurchaseModelSnapshot(
                0,
                purchases.Model.R,
                purchases.Model.Alpha,
                purchases.Model.A,
                purchases.Model.B,
                purchases.LogLikelihood,
                purchases.SampleSize,
                spend?.Model.P,
                spend?.Model.Q,
                spend?.Model.V,
                spend?.LogLikelihood,
                spend?.SampleSize ?? 0,
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                time.GetUtcNow());
            var saved = await grains.GetGrain<IPurchaseModelGrain>(0).SaveAsync(fit);
            await catalogs.RefreshAsync(cancellationToken);
            return saved;
        }
        finally
        {
            fitting.Release();
        }
    }

    /// <summary>The most customers a fit can sample: every shard's whole sample.</summary>
    public const int LargestSample = ICustomerDirectoryGrain.ShardCount * CustomerDirectoryGrain.SampleCapacity;

    private async Task<List<PurchaseSummary>> SampleAsync(CancellationToken cancellationToken)
    {
        var perShard = (options.Value.MaxSampleSize + ICustomerDirectoryGrain.ShardCount - 1) / ICustomerDirectoryGrain.ShardCount;
        var samples = await Task.WhenAll(Enumerable.Range(0, ICustomerDirectoryGrain.ShardCount)
            .Select(shard => grains.GetGrain<ICustomerDirectoryGrain>(shard).SampleAsync(perShard)));
        var summaries = new List<PurchaseSummary>();
        foreach (var chunk in samples.SelectMany(s => s).Take(options.Value.MaxSampleSize).Chunk(64))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var readings = await Task.WhenAll(chunk.Select(id => grains.GetCustomerGrain(id).GetPurchaseSummaryAsync()));
            summaries.AddRange(readings.OfType<PurchaseSummaryReading>()
                .Select(r => new PurchaseSummary(r.Frequency, r.Recency, r.Age, r.MeanRepeatValue))
                .Where(s => s.IsValid));
        }

        return summaries;
    }
}
