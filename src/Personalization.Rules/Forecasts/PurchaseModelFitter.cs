namespace Personalization.Rules.Forecasts;

/// <summary>
/// Maximum-likelihood fits of the purchase models to customers' <see cref="PurchaseSummary"/> values. Identical
/// summaries are grouped first and weighted by their count, which on day-grained histories cuts the work of each
/// likelihood evaluation several-fold.
/// </summary>
public static class PurchaseModelFitter
{
    /// <summary>Fits the BG/NBD model to the summaries (frequency, recency, age; values are ignored).</summary>
    /// <exception cref="ArgumentException">No summaries, or one that is not <see cref="PurchaseSummary.IsValid"/>.</exception>
    public static BetaGeometricNbdFit FitBetaGeometricNbd(IReadOnlyCollection<PurchaseSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        if (summaries.Count == 0)
        {
            throw new ArgumentException("At least one customer summary is needed.", nameof(summaries));
        }

        var groups = summaries
            .Select(summary => summary.IsValid
                ? summary with { MeanRepeatValue = null }
                : throw new ArgumentException($"Not a purchase history: {summary}.", nameof(summaries)))
            .GroupBy(summary => summary)
            .Select(group => (Summary: group.Key, Count: group.Count()))
            .ToArray();

        double LogLikelihood(double[] parameters)
        {
            var model = new BetaGeometricNbd(parameters[0], parameters[1], parameters[2], parameters[3]);
            var total = 0.0;
            foreach (var (summary, count) in groups)
            {
                total += count * model.LogLikelihood(summary);
            }

            return total;
        }

        var (best, logLikelihood, iterations) = LogScaleMaximumLikelihood.Maximise(LogLikelihood, [1, 1, 1, 1]);
        return new BetaGeometricNbdFit(
            new BetaGeometricNbd(best[0], best[1], best[2], best[3]), logLikelihood, summaries.Count, iterations);
    }

    /// <summary>
    /// Fits the Gamma-Gamma model to the summaries with repeat purchases and a known mean repeat value; the others
    /// are left out.
    /// </summary>
    /// <exception cref="ArgumentException">No summary with repeat purchases and a mean value.</exception>
    public static GammaGammaFit FitGammaGamma(IEnumerable<PurchaseSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var groups = summaries
            .Where(summary => summary.Frequency > 0 && summary.MeanRepeatValue > 0 && summary.IsValid)
            .GroupBy(summary => (summary.Frequency, Mean: summary.MeanRepeatValue!.Value))
            .Select(group => (group.Key.Frequency, group.Key.Mean, Count: group.Count()))
            .ToArray();
        if (groups.Length == 0)
        {
            throw new ArgumentException("At least one customer with repeat purchases and their mean value is needed.", nameof(summaries));
        }

        double LogLikelihood(double[] parameters)
        {
            var model = new GammaGamma(parameters[0], parameters[1], parameters[2]);
            var total = 0.0;
            foreach (var (frequency, mean, count) in groups)
            {
                total += count * model.LogLikelihood(frequency, mean);
            }

            return total;
        }

        var (best, logLikelihood, iterations) = LogScaleMaximumLikelihood.Maximise(LogLikelihood, [1, 1, 1]);
        return new GammaGammaFit(
            new GammaGamma(best[0], best[1], best[2]), logLikelihood, groups.Sum(group => group.Count), iterations);
    }
}
