using Personalization.Rules.Forecasts;

namespace Personalization.Rules.Tests.Forecasts;

public sealed class BetaGeometricNbdTests
{
    private static readonly Lazy<BetaGeometricNbdFit> CdnowFit =
        new(() => PurchaseModelFitter.FitBetaGeometricNbd(CdnowData.FrequencyRecencyAge.ToList()));

    /// <summary>The parameters the 2005 paper reports for the CDNOW sample, in weeks.</summary>
    private static readonly BetaGeometricNbd Published = new(0.243, 4.414, 0.793, 2.426);

    [Fact]
    public void The_fit_on_the_cdnow_summaries_gives_the_published_parameters_within_one_percent()
    {
        var fit = CdnowFit.Value;

        Assert.Equal(2357, fit.SampleSize);
        Assert.InRange(fit.Model.R / Published.R, 0.99, 1.01);
        Assert.InRange(fit.Model.Alpha / Published.Alpha, 0.99, 1.01);
        Assert.InRange(fit.Model.A / Published.A, 0.99, 1.01);
        Assert.InRange(fit.Model.B / Published.B, 0.99, 1.01);
    }

    [Fact]
    public void The_fit_on_the_cdnow_summaries_gives_the_published_log_likelihood()
    {
        Assert.Equal(-9582.4, CdnowFit.Value.LogLikelihood, 0.1);
    }

    [Fact]
    public void The_fitted_maximum_is_higher_than_at_the_published_rounded_parameters()
    {
        var atPublished = CdnowData.FrequencyRecencyAge.Sum(Published.LogLikelihood);

        Assert.True(CdnowFit.Value.LogLikelihood >= atPublished, $"{CdnowFit.Value.LogLikelihood} < {atPublished}");
        Assert.Equal(-9582.4, atPublished, 0.1);
    }

    [Fact]
    public void The_worked_example_of_customer_1_expects_1_226_purchases_in_the_39_holdout_weeks()
    {
        // Fader, Hardie and Lee's worked example (and their implementation note): x = 2, t_x = 30.43, T = 38.86.
        var expected = Published.ExpectedPurchases(39, new PurchaseSummary(2, 30.43, 38.86));

        Assert.Equal(1.226, expected, 0.001);
    }

    [Fact]
    public void A_customer_without_repeat_purchases_is_alive_for_sure_and_expects_what_their_age_allows()
    {
        var summary = new PurchaseSummary(0, 0, 38.86);

        Assert.Equal(1, Published.ProbabilityAlive(summary));
        Assert.InRange(Published.ExpectedPurchases(39, summary), 0.01, Published.ExpectedRepeatPurchasesOfNewCustomer(39));
    }

    [Fact]
    public void A_customer_silent_since_long_ago_is_less_likely_alive_and_expects_fewer_purchases()
    {
        var recent = new PurchaseSummary(5, 38, 38.86);
        var silent = new PurchaseSummary(5, 10, 38.86);

        Assert.True(Published.ProbabilityAlive(silent) < Published.ProbabilityAlive(recent));
        Assert.True(Published.ExpectedPurchases(39, silent) < Published.ExpectedPurchases(39, recent));
        Assert.InRange(Published.ProbabilityAlive(silent), 0, 1);
    }

    [Fact]
    public void Expected_purchases_grow_with_the_horizon_and_are_zero_for_none()
    {
        var summary = new PurchaseSummary(2, 30.43, 38.86);

        Assert.Equal(0, Published.ExpectedPurchases(0, summary));
        Assert.True(Published.ExpectedPurchases(13, summary) < Published.ExpectedPurchases(26, summary));
        Assert.True(Published.ExpectedPurchases(26, summary) < Published.ExpectedPurchases(52, summary));
    }

    [Fact]
    public void The_expectation_for_a_new_customer_agrees_with_the_conditional_one_at_age_zero()
    {
        // A customer observed for no time after the first purchase has told the model nothing yet.
        Assert.Equal(
            Published.ExpectedRepeatPurchasesOfNewCustomer(39),
            Published.ExpectedPurchases(39, new PurchaseSummary(0, 0, 0)),
            1e-9);
    }

    [Fact]
    public void The_cumulative_repeat_purchases_of_the_cohort_track_the_sample_over_the_78_weeks()
    {
        // The paper's Figure 1: the sum over customers of E[X(t)] from each customer's first purchase, against the
        // repeat transactions in the sample up to week 78. At the end of the holdout the paper's model is within a
        // few percent of the actual count.
        var model = CdnowFit.Value.Model;
        var end = new DateOnly(1998, 6, 30);
        var firstPurchases = CdnowData.Transactions.GroupBy(line => line.Customer)
            .Select(group => group.Min(line => line.Date)).ToList();
        var repeatDays = CdnowData.Transactions.GroupBy(line => line.Customer)
            .Sum(group => group.Select(line => line.Date).Distinct().Count() - 1);

        var expected = firstPurchases.Sum(first => model.ExpectedRepeatPurchasesOfNewCustomer((end.DayNumber - first.DayNumber) / 7.0));

        Assert.InRange(expected / repeatDays, 0.95, 1.05);
    }

    [Fact]
    public void A_summary_that_is_no_purchase_history_is_refused_by_the_fit()
    {
        Assert.Throws<ArgumentException>(() => PurchaseModelFitter.FitBetaGeometricNbd([new PurchaseSummary(1, 5, 2)]));
        Assert.Throws<ArgumentException>(() => PurchaseModelFitter.FitBetaGeometricNbd([]));
    }
}
