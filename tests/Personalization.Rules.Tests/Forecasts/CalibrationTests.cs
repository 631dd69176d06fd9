using System.Globalization;
using Personalization.Rules.Forecasts;
using Personalization.Testing;
using Xunit.Abstractions;

namespace Personalization.Rules.Tests.Forecasts;

/// <summary>
/// The BG/NBD model fitted on CDNOW's 39 calibration weeks against what the customers bought in the 39 holdout weeks
/// after them, grouped by their calibration repeat purchases as in the paper's Figure 4. Writes the chart
/// docs/forecasts-calibration.svg that docs/forecasts.md shows.
/// </summary>
public sealed class CalibrationTests(ITestOutputHelper output)
{
    private const double HoldoutWeeks = 39;

    [Fact]
    public void Predicted_holdout_purchases_follow_the_actual_ones_by_calibration_frequency_and_the_chart_is_written()
    {
        var fit = PurchaseModelFitter.FitBetaGeometricNbd([.. CdnowData.Summaries.Values]);
        var spend = PurchaseModelFitter.FitGammaGamma(CdnowData.Summaries.Values);
        output.WriteLine($"BG/NBD: {fit.Model}, log-likelihood {fit.LogLikelihood:0.000}, {fit.Iterations} iterations");
        output.WriteLine($"Gamma-Gamma: {spend.Model}, log-likelihood {spend.LogLikelihood:0.000}, {spend.SampleSize} customers");
        var rows = CdnowData.Summaries
            .GroupBy(pair => Math.Min(pair.Value.Frequency, 7))
            .OrderBy(group => group.Key)
            .Select(group => (
                Group: group.Key == 7 ? "7+" : group.Key.ToString(CultureInfo.InvariantCulture),
                Customers: group.Count(),
                Actual: group.Average(pair => CdnowData.HoldoutPurchases.GetValueOrDefault(pair.Key)),
                Predicted: group.Average(pair => fit.Model.ExpectedPurchases(HoldoutWeeks, pair.Value))))
            .ToList();
        foreach (var row in rows)
        {
            output.WriteLine($"x = {row.Group}: {row.Customers} customers, actual {row.Actual:0.000}, predicted {row.Predicted:0.000}");
        }

        var actualTotal = CdnowData.Summaries.Keys.Sum(id => CdnowData.HoldoutPurchases.GetValueOrDefault(id));
        var predictedTotal = CdnowData.Summaries.Values.Sum(summary => fit.Model.ExpectedPurchases(HoldoutWeeks, summary));
        output.WriteLine($"total: actual {actualTotal}, predicted {predictedTotal:0.0}");

        Assert.Equal(8, rows.Count);
        // Expectations rise with past purchases, as the purchases themselves do.
        Assert.True(rows.Zip(rows.Skip(1)).All(pair => pair.Second.Predicted > pair.First.Predicted));
        // The paper's Figure 4 shows the same slight shortfall for customers with one to six calibration purchases.
        Assert.InRange(predictedTotal / actualTotal, 0.85, 1.15);
        Assert.All(rows, row => Assert.InRange(row.Predicted - row.Actual, -1.0, 1.0));

        var svg = CalibrationChart.Render(
            "CDNOW: repeat purchases in the 39 holdout weeks, mean per customer",
            "repeat purchases in the 39 calibration weeks",
            "purchases in the holdout",
            [.. rows.Select(row => (row.Group, row.Actual, row.Predicted))]);
        var path = RepositoryFiles.InRepository(Path.Combine("docs", "forecasts-calibration.svg"));
        File.WriteAllText(path, svg);
        Assert.Contains("<svg", File.ReadAllText(path), StringComparison.Ordinal);
    }
}
