using System.Globalization;
using Personalization.Rules.Forecasts;
using Personalization.Testing;

namespace Personalization.Rules.Tests.Forecasts;

/// <summary>The CDNOW sample of Forecasts/Data (see its README), read as the models take it.</summary>
internal static class CdnowData
{
    /// <summary>The first day of the 39-week calibration period; the 78 weeks of the sample end on 1998-06-30.</summary>
    public static readonly DateOnly CalibrationStart = new(1997, 1, 1);

    /// <summary>The last day of the calibration period; the holdout is the 39 weeks after it.</summary>
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    public static string File(string name) =>
        RepositoryFiles.InRepository(Path.Combine("tests", "Personalization.Rules.Tests", "Forecasts", "Data", name));

    /// <summary>The published calibration summaries in weeks, by sample customer id, with the mean repeat value (zbar).</summary>
    public static IReadOnlyDictionary<int, PurchaseSummary> Summaries { get; } = ReadSummaries();

    /// <summary>The published (x, t_x, T) of cdnow_customers_summary.csv in weeks, in file order.</summary>
    public static IReadOnlyList<PurchaseSummary> FrequencyRecencyAge { get; } = System.IO.File
        .ReadLines(File("cdnow_customers_summary.csv"))
        .Skip(1)
        .Select(line => line.Split(','))
        .Select(cells => new PurchaseSummary(
            int.Parse(cells[1], CultureInfo.InvariantCulture),
            double.Parse(cells[2], CultureInfo.InvariantCulture),
            double.Parse(cells[3], CultureInfo.InvariantCulture)))
        .ToList();

    /// <summary>Every line of CDNOW_sample.txt: sample customer id, date and dollar value.</summary>
    public static IReadOnlyList<(int Customer, DateOnly Date, double Value)> Transactions { get; } = ReadTransactions();

    /// <summary>Distinct purchase days per customer in the 39 holdout weeks after <see cref="CalibrationEnd"/>.</summary>
    public static IReadOnlyDictionary<int, int> HoldoutPurchases { get; } = Transactions
        .Where(line => line.Date > CalibrationEnd)
        .GroupBy(line => line.Customer)
        .ToDictionary(group => group.Key, group => group.Select(line => line.Date).Distinct().Count());

    private static Dictionary<int, PurchaseSummary> ReadSummaries()
    {
        var summaries = new Dictionary<int, PurchaseSummary>();
        foreach (var line in System.IO.File.ReadLines(File("cdnow_customers_summary_with_transactions.csv")).Skip(1))
        {
            var cells = line.Split(',');
            var frequency = int.Parse(cells[1], CultureInfo.InvariantCulture);
            var mean = double.Parse(cells[4], CultureInfo.InvariantCulture);
            summaries.Add(int.Parse(cells[0], CultureInfo.InvariantCulture), new PurchaseSummary(
                frequency,
                double.Parse(cells[2], CultureInfo.InvariantCulture),
                double.Parse(cells[3], CultureInfo.InvariantCulture),
                frequency > 0 ? mean : null));
        }

        return summaries;
    }

    private static List<(int, DateOnly, double)> ReadTransactions() => System.IO.File.ReadLines(File("CDNOW_sample.txt"))
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(cells => cells.Length == 5)
        .Select(cells => (
            int.Parse(cells[1], CultureInfo.InvariantCulture),
            DateOnly.ParseExact(cells[2], "yyyyMMdd", CultureInfo.InvariantCulture),
            double.Parse(cells[4], CultureInfo.InvariantCulture)))
        .ToList();
}
