using Personalization.Rules.Forecasts;

namespace Personalization.Rules.Tests.Forecasts;

public sealed class PurchaseModelFitterTests
{
    [Fact]
    public void A_small_sample_without_drop_outs_still_gives_a_finite_fit()
    {
        // 40 customers buying at regular intervals until today: nobody seems to leave, so the likelihood keeps rising
        // as the drop-out probability goes to zero and the maximum lies at the edge of the parameter space.
        var summaries = Enumerable.Range(0, 40)
            .Select(customer => customer % 4 == 0
                ? new PurchaseSummary(0, 0, (customer * 3) + 1)
                : new PurchaseSummary(customer % 4, 17 * (customer % 4), (customer * 3) + 1 + (17 * (customer % 4)), 10 + customer))
            .ToList();

        var fit = PurchaseModelFitter.FitBetaGeometricNbd(summaries);

        Assert.True(fit.Model.IsValid, fit.Model.ToString());
        Assert.True(double.IsFinite(fit.LogLikelihood));
    }
}
