using System.Globalization;
using Personalization.Rules.Facts;
using Personalization.Rules.Forecasts;

namespace Personalization.Rules.Tests.Forecasts;

/// <summary>The forecast functions evaluated by the engine against the models' own values.</summary>
public sealed class ForecastFunctionTests
{
    /// <summary>The published CDNOW parameters in days: the purchase rate's gamma rate scales with the unit, the rest does not.</summary>
    private static readonly PurchaseForecastModel Model = new(new BetaGeometricNbd(0.243, 4.414 * 7, 0.793, 2.426), new GammaGamma(6.25, 3.74, 15.45));

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static BehaviourEvent Purchase(int daysAgo, double? value) => Given.Event("purchase", Day * daysAgo, value);

    /// <summary>First purchase 200 days ago, then on two more days (two purchases on the later one): x = 2, t_x = 180, T = 200.</summary>
    private static CustomerFacts Buyer(SegmentCatalog catalog) =>
        new CustomerFacts().With(catalog, Purchase(200, 40), Purchase(150, 50), Purchase(20, 70), Purchase(20, 30), Given.Event("page_view", Day));

    private static readonly PurchaseSummary BuyerSummary = new(2, 180, 200, 75);

    private static SegmentCatalog Compile(PurchaseForecastModel? model, params string[] rules) =>
        SegmentCatalog.Compile(1, [.. rules.Select((rule, i) => new SegmentRule($"s{i}", rule))], model);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Both segments hold exactly when the function's value is within 1e-9 of <paramref name="expected"/>.</summary>
    private static bool[] Bracket(string function, double expected, Func<SegmentCatalog, CustomerFacts> customer)
    {
        var catalog = Compile(Model, $"{function} > {Number(expected - 1e-9)}", $"{function} < {Number(expected + 1e-9)}");
        var matches = new bool[2];
        catalog.Evaluate(customer(catalog), Given.Now, matches);
        return matches;
    }

    [Fact]
    public void Predicted_purchases_is_the_models_expectation_for_the_customers_summary()
    {
        var expected = Model.Purchases!.ExpectedPurchases(90, BuyerSummary);

        Assert.Equal([true, true], Bracket("predicted_purchases(90d)", expected, Buyer));
        Assert.InRange(expected, 0.01, 10);
    }

    [Fact]
    public void P_alive_is_the_models_probability()
    {
        var expected = Model.Purchases!.ProbabilityAlive(BuyerSummary);

        Assert.Equal([true, true], Bracket("p_alive()", expected, Buyer));
        Assert.InRange(expected, 0.01, 0.99);
    }

    [Fact]
    public void Predicted_clv_is_the_expected_purchases_times_the_expected_value_of_one()
    {
        var expected = Model.Purchases!.ExpectedPurchases(365, BuyerSummary) * Model.Spend!.ExpectedPurchaseValue(2, 75);

        Assert.Equal([true, true], Bracket("predicted_clv(365d)", expected, Buyer));
    }

    [Fact]
    public void A_horizon_in_hours_is_a_fraction_of_a_day()
    {
        var expected = Model.Purchases!.ExpectedPurchases(1.5, BuyerSummary);

        Assert.Equal([true, true], Bracket("predicted_purchases(36h)", expected, Buyer));
    }

    [Fact]
    public void Without_a_fitted_model_or_without_purchases_the_functions_are_null()
    {
        var rules = new[] { "predicted_purchases(90d) == null", "p_alive() == null", "predicted_clv(365d) == null" };
        var unfitted = Compile(null, rules);
        var onlyPurchases = Compile(new PurchaseForecastModel(Model.Purchases), rules);
        var fitted = Compile(Model, rules);
        var matches = new bool[3];

        unfitted.Evaluate(Buyer(unfitted), Given.Now, matches);
        Assert.Equal([true, true, true], matches);

        onlyPurchases.Evaluate(Buyer(onlyPurchases), Given.Now, matches);
        Assert.Equal([false, false, true], matches);

        fitted.Evaluate(new CustomerFacts().With(fitted, Given.Event("page_view", Day)), Given.Now, matches);
        Assert.Equal([true, true, true], matches);

        fitted.Evaluate(Buyer(fitted), Given.Now, matches);
        Assert.Equal([false, false, false], matches);
    }

    [Fact]
    public void The_answer_holds_until_the_next_midnight_when_the_customer_is_a_day_older()
    {
        var catalog = Compile(Model, "p_alive() > 0.5");
        var facts = Buyer(catalog);
        var matches = new bool[1];

        var validUntil = catalog.Evaluate(facts, Given.Now, matches);

        Assert.Equal(new DateTimeOffset(2026, 3, 16, 0, 0, 0, TimeSpan.Zero), validUntil);
        Assert.Equal(validUntil, catalog.NextChangeAt(facts, Given.Now));
    }

    [Fact]
    public void Without_a_fitted_model_time_changes_nothing()
    {
        var catalog = Compile(null, "p_alive() == null");
        var facts = Buyer(catalog);

        Assert.Null(catalog.Evaluate(facts, Given.Now, new bool[1]));
        Assert.Null(catalog.NextChangeAt(facts, Given.Now));
    }

    [Fact]
    public void A_purchase_re_evaluates_the_forecast_segments()
    {
        var catalog = Compile(Model, "predicted_purchases(30d) >= 1");
        var facts = new CustomerFacts().With(catalog, Purchase(100, 10));
        var matches = new bool[1];
        catalog.Evaluate(facts, Given.Now, matches);
        Assert.False(matches[0]);

        for (var daysAgo = 60; daysAgo > 0; daysAgo -= 3)
        {
            facts.Record(Purchase(daysAgo, 10), catalog);
            catalog.EvaluateAfterEvent(facts, Given.Now, "purchase", matches);
        }

        Assert.True(matches[0]);
    }

    [Fact]
    public void Purchase_days_are_kept_only_while_a_rule_reads_a_forecast()
    {
        var plain = Compile(Model, "count(purchase) > 0");
        var forecasting = Compile(Model, "p_alive() > 0.5");

        var facts = Buyer(plain);
        Assert.Null(facts.Purchases);

        facts.Record(Purchase(10, 5), forecasting);
        Assert.NotNull(facts.Purchases);
        Assert.Equal(3, facts.Purchases.Frequency);

        facts.Record(Given.Event("page_view", TimeSpan.Zero), plain);
        Assert.Null(facts.Purchases);
    }

    [Fact]
    public void A_forecast_rule_added_after_the_purchases_reads_them_from_the_retained_events_and_keeps_them_from_the_next_one()
    {
        var plain = Compile(Model, "count(purchase) > 0");
        var facts = Buyer(plain);
        var expected = Model.Purchases!.ExpectedPurchases(90, BuyerSummary);

        Assert.Equal([true, true], Bracket("predicted_purchases(90d)", expected, _ => facts));
        Assert.Null(facts.Purchases);

        // The plain catalog retained 30 days of events: the purchase 150 days ago is counted as a day, its value unknown.
        var forecasting = Compile(Model, "p_alive() > 0");
        facts.Record(Purchase(5, 25), forecasting);
        Assert.Equal(new PurchaseSummary(3, 195, 200, (100 + 25) / 2.0), facts.Purchases!.Summarise(PurchaseDays.DayOf(Given.Now.UtcTicks)));
    }

    [Fact]
    public void Purchase_days_are_merged_with_the_customers_and_survive_storage()
    {
        var catalog = Compile(Model, "p_alive() > 0");
        var known = new CustomerFacts().With(catalog, Purchase(200, 40), Purchase(20, 70));
        var absorbed = new CustomerFacts().With(catalog, Purchase(150, 50), Purchase(20, 30));

        var merged = FactsMerge.Merge(known, absorbed, catalog);
        var stored = Given.FreshCopy(merged);

        var today = PurchaseDays.DayOf(Given.Now.UtcTicks);
        Assert.Equal(BuyerSummary, merged.Purchases!.Summarise(today));
        Assert.Equal(BuyerSummary, stored.Purchases!.Summarise(today));
        Assert.Equal(new PurchaseSummary(1, 180, 200, 70), known.Purchases!.Summarise(today));
    }

    [Fact]
    public void Purchases_are_the_configured_event_type_valued_by_the_configured_property()
    {
        var model = Model with { EventType = "order", ValueField = "total" };
        var catalog = Compile(model, "p_alive() > 0");
        BehaviourEvent Order(int daysAgo, double total) =>
            Given.Event("order", Day * daysAgo, null, null, ("total", RuleValue.FromNumber(total)));

        var facts = new CustomerFacts().With(catalog, Order(200, 40), Order(150, 50), Order(20, 100), Purchase(10, 999));

        Assert.Equal(BuyerSummary, facts.Purchases!.Summarise(PurchaseDays.DayOf(Given.Now.UtcTicks)));
    }

    [Fact]
    public void The_engine_summarises_the_cdnow_calibration_purchases_as_the_published_file_does()
    {
        var catalog = Compile(Model, "p_alive() > 0");
        var customers = new Dictionary<int, CustomerFacts>();
        foreach (var (customer, date, value) in CdnowData.Transactions.Where(line => line.Date <= CdnowData.CalibrationEnd))
        {
            var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            if (!customers.TryGetValue(customer, out var facts))
            {
                customers.Add(customer, facts = new CustomerFacts());
            }

            facts.Record(new BehaviourEvent("purchase", at, value), catalog);
        }

        var end = PurchaseDays.DayOf(CdnowData.CalibrationEnd.ToDateTime(TimeOnly.MinValue).Ticks);
        Assert.Equal(CdnowData.Summaries.Count, customers.Count);
        foreach (var (id, published) in CdnowData.Summaries)
        {
            var days = customers[id].Purchases!.Summarise(end);
            Assert.Equal(published.Frequency, days.Frequency);
            Assert.Equal(published.Recency, Math.Round(days.Recency / 7, 2));
            Assert.Equal(published.Age, Math.Round(days.Age / 7, 2));
            // The file rounds to cents half up (22.345 is 22.35); within half a cent plus the binary representation.
            Assert.Equal(published.MeanRepeatValue is null, days.MeanRepeatValue is null);
            Assert.InRange(Math.Abs((published.MeanRepeatValue ?? 0) - (days.MeanRepeatValue ?? 0)), 0, 0.005 + 1e-9);
        }
    }
}
