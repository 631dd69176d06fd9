using System.Globalization;
using Personalization.Rules.Facts;
using Personalization.Rules.Forecasts;
using Personalization.Testing;
using Xunit.Abstractions;

namespace Personalization.Rules.Tests.Forecasts;

/// <summary>
/// The purchase models on the Online Retail invoices (../shared/datasets/online-retail): each invoice recorded by the
/// engine as a purchase event, the customers' summaries taken from their kept purchase days, the models fitted in
/// days. Calibration to 2011-09-09, holdout the 91 days after it, to the data set's last day. Writes
/// docs/forecasts-calibration-online-retail.svg.
/// </summary>
public sealed class OnlineRetailForecastTests(ITestOutputHelper output)
{
    private static readonly DateOnly CalibrationEnd = new(2011, 9, 9);
    private static readonly DateOnly LastDay = new(2011, 12, 9);
    private const double HoldoutDays = 91;

    [Fact]
    public void Fitted_on_the_calibration_period_the_models_predict_the_holdout_purchases_and_the_chart_is_written()
    {
        var invoices = File.ReadLines(RepositoryFiles.Shared("datasets/online-retail/invoices.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => (Customer: cells[2], Date: DateOnly.ParseExact(cells[1], "yyyy-MM-dd", CultureInfo.InvariantCulture), Value: double.Parse(cells[3], CultureInfo.InvariantCulture)))
            .ToList();
        var catalog = SegmentCatalog.Compile(1, [new SegmentRule("forecast", "p_alive() > 0")]);
        var calibration = Record(invoices.Where(i => i.Date <= CalibrationEnd), catalog);
        var whole = Record(invoices, catalog);
        var holdout = invoices.Where(i => i.Date > CalibrationEnd)
            .GroupBy(i => i.Customer)
            .ToDictionary(group => group.Key, group => group.Select(i => i.Date).Distinct().Count());

        var calibrationSummaries = Summaries(calibration, CalibrationEnd);
        var fit = PurchaseModelFitter.FitBetaGeometricNbd([.. calibrationSummaries.Values]);
        var wholeFit = PurchaseModelFitter.FitBetaGeometricNbd([.. Summaries(whole, LastDay).Values]);
        var wholeSpend = PurchaseModelFitter.FitGammaGamma(Summaries(whole, LastDay).Values);
        output.WriteLine($"calibration BG/NBD on {fit.SampleSize}: {fit.Model}, log-likelihood {fit.LogLikelihood:0.0}");
        output.WriteLine($"whole period BG/NBD on {wholeFit.SampleSize}: {wholeFit.Model}, log-likelihood {wholeFit.LogLikelihood:0.0}");
        output.WriteLine($"whole period Gamma-Gamma on {wholeSpend.SampleSize}: {wholeSpend.Model}, log-likelihood {wholeSpend.LogLikelihood:0.0}");

        var rows = calibrationSummaries
            .GroupBy(pair => Math.Min(pair.Value.Frequency, 7))
            .OrderBy(group => group.Key)
            .Select(group => (
                Group: group.Key == 7 ? "7+" : group.Key.ToString(CultureInfo.InvariantCulture),
                Customers: group.Count(),
                Actual: group.Average(pair => holdout.GetValueOrDefault(pair.Key)),
                Predicted: group.Average(pair => fit.Model.ExpectedPurchases(HoldoutDays, pair.Value))))
            .ToList();
        foreach (var row in rows)
        {
            output.WriteLine($"x = {row.Group}: {row.Customers} customers, actual {row.Actual:0.000}, predicted {row.Predicted:0.000}");
        }

        var actualTotal = calibrationSummaries.Keys.Sum(id => holdout.GetValueOrDefault(id));
        var predictedTotal = calibrationSummaries.Values.Sum(summary => fit.Model.ExpectedPurchases(HoldoutDays, summary));
        output.WriteLine($"total: actual {actualTotal}, predicted {predictedTotal:0.0}");

        Assert.Equal(4338, whole.Count);
        Assert.True(rows.Zip(rows.Skip(1)).All(pair => pair.Second.Predicted > pair.First.Predicted));
        // The holdout is September to December, this retailer's peak season, which a model of steady purchase rates
        // fitted on the months before does not know: it predicts about a quarter fewer purchase days than were made.
        Assert.InRange(predictedTotal / actualTotal, 0.65, 1.1);
        Assert.InRange(wholeSpend.Model.Q, 1, double.MaxValue);

        var svg = CalibrationChart.Render(
            "Online Retail: purchase days in the 91 holdout days, mean per customer",
            "repeat purchase days to 2011-09-09",
            "purchase days in the holdout",
            [.. rows.Select(row => (row.Group, row.Actual, row.Predicted))]);
        File.WriteAllText(RepositoryFiles.InRepository(Path.Combine("docs", "forecasts-calibration-online-retail.svg")), svg);
    }

    private static Dictionary<string, CustomerFacts> Record(IEnumerable<(string Customer, DateOnly Date, double Value)> invoices, SegmentCatalog catalog)
    {
        var customers = new Dictionary<string, CustomerFacts>(StringComparer.Ordinal);
        foreach (var (customer, date, value) in invoices)
        {
            if (!customers.TryGetValue(customer, out var facts))
            {
                customers.Add(customer, facts = new CustomerFacts());
            }

            facts.Record(new BehaviourEvent("purchase", new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), value), catalog);
        }

        return customers;
    }

    private static Dictionary<string, PurchaseSummary> Summaries(Dictionary<string, CustomerFacts> customers, DateOnly end) =>
        customers.ToDictionary(
            pair => pair.Key,
            pair => pair.Value.Purchases!.Summarise(PurchaseDays.DayOf(end.ToDateTime(TimeOnly.MinValue).Ticks)),
            StringComparer.Ordinal);
}
