using Personalization.Rules.Forecasts;

namespace Personalization.Rules.Tests.Forecasts;

public sealed class GammaGammaTests
{
    private static readonly Lazy<GammaGammaFit> CdnowFit =
        new(() => PurchaseModelFitter.FitGammaGamma(CdnowData.Summaries.Values));

    [Fact]
    public void The_fit_on_the_946_repeat_customers_of_cdnow_gives_the_published_parameters_within_one_percent()
    {
        var fit = CdnowFit.Value;

        Assert.Equal(946, fit.SampleSize);
        Assert.InRange(fit.Model.P / 6.25, 0.99, 1.01);
        Assert.InRange(fit.Model.Q / 3.74, 0.99, 1.01);
        Assert.InRange(fit.Model.V / 15.45, 0.99, 1.01);
    }

    [Fact]
    public void The_expected_value_lies_between_the_population_mean_and_the_customers_own_and_nears_it_with_more_purchases()
    {
        var model = new GammaGamma(6.25, 3.74, 15.45);
        var population = model.PopulationMeanValue;
        const double own = 100;

        var fromOne = model.ExpectedPurchaseValue(1, own);
        var fromTen = model.ExpectedPurchaseValue(10, own);

        Assert.Equal(6.25 * 15.45 / 2.74, population, 1e-9);
        Assert.InRange(fromOne, population, own);
        Assert.InRange(fromTen, fromOne, own);
        Assert.Equal(population, model.ExpectedPurchaseValue(0, null));
    }

    [Fact]
    public void Customers_without_repeat_purchases_or_values_are_left_out_and_a_sample_of_none_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PurchaseModelFitter.FitGammaGamma([new PurchaseSummary(0, 0, 10), new PurchaseSummary(3, 5, 10)]));
    }
}
