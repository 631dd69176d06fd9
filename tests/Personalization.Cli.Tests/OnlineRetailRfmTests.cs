using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Host.Segments;
using Personalization.Population;
using Personalization.Testing;
using Xunit.Abstractions;

namespace Personalization.Cli.Tests;

/// <summary>
/// The RFM example catalog loaded by the command, the Online Retail invoices imported, one population refresh: each
/// customer's RFM segment against the one exact ranks give, and the segments' sizes (docs/rules.md).
/// </summary>
public sealed class OnlineRetailRfmTests(EngineFactory engine, ITestOutputHelper output) : IClassFixture<EngineFactory>
{
    [Fact]
    public async Task Every_buyer_lands_in_the_rfm_segment_its_exact_quintiles_give_except_within_a_point_of_a_quintile_edge()
    {
        var http = engine.CreateClient();
        var command = new CommandSession(engine);
        Assert.Equal(0, await command.RunAsync(liveProgress: false, "segments", "load", "rfm"));
        var imported = await OnlineRetail.ImportAsync(http, withEventIds: true);
        Assert.Equal(OnlineRetail.Invoices, imported.Totals.Accepted);

        await engine.Services.GetRequiredService<PopulationCache>().RefreshAsync();

        var expected = OnlineRetail.ExpectedPurchases();
        var now = engine.Clock.GetUtcNow();
        var days = expected.ToDictionary(pair => pair.Key, pair => Math.Floor((now - pair.Value.LastAt) / TimeSpan.FromDays(1)));
        var recency = Ranks(days);
        var frequency = Ranks(expected.ToDictionary(pair => pair.Key, pair => (double)pair.Value.Count));
        var monetary = Ranks(expected.ToDictionary(pair => pair.Key, pair => pair.Value.Sum));

        var sizes = new ConcurrentDictionary<string, int>();
        var nearEdge = 0;
        var disagreements = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(expected.Keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (customerId, cancellationToken) =>
        {
            var answer = await http.GetFromJsonAsync<JsonObject>($"/v1/customers/{customerId}/segments", cancellationToken);
            var rfm = answer!["segments"]!.AsArray().Select(s => s!.GetValue<string>()).Where(s => s.StartsWith("rfm-", StringComparison.Ordinal)).ToList();
            var (r, f, m) = (recency[customerId], frequency[customerId], monetary[customerId]);
            var want = RfmSegments.Definitions.First(d => In(6 - Quintile(r), d.R) && In(Quintile(f), d.F) && In(Quintile(m), d.M)).Id;
            if (rfm.Count != 1)
            {
                disagreements.Add($"{customerId}: in {rfm.Count} RFM segments ({string.Join(", ", rfm)})");
                return;
            }

            sizes.AddOrUpdate(rfm[0], 1, (_, n) => n + 1);
            if (rfm[0] != want)
            {
                if (new[] { r, f, m }.Any(rank => NearEdge(rank)))
                {
                    Interlocked.Increment(ref nearEdge);
                }
                else
                {
                    disagreements.Add($"{customerId}: in {rfm[0]}, exact ranks R {r:F2} F {f:F2} M {m:F2} give {want}");
                }
            }
        });

        foreach (var definition in RfmSegments.Definitions)
        {
            var size = sizes.GetValueOrDefault(definition.Id);
            output.WriteLine($"| `{definition.Id}` | {definition.Name} | {size:N0} | {100.0 * size / OnlineRetail.Customers:F1} % |");
        }

        output.WriteLine($"{nearEdge} customers within a percentile point of a quintile edge landed next door");
        Assert.True(disagreements.IsEmpty, $"{disagreements.Count} disagreements, first: {string.Join(Environment.NewLine, disagreements.Take(10))}");
        Assert.Equal(OnlineRetail.Customers, sizes.Values.Sum());
        Assert.All(RfmSegments.Definitions, definition => Assert.True(sizes.GetValueOrDefault(definition.Id) > 0, $"{definition.Id} is empty"));
    }

    /// <summary>Exact percentile ranks, rank-with-minimum: 100 × (customers with a smaller value) / customers.</summary>
    private static Dictionary<string, double> Ranks(Dictionary<string, double> values)
    {
        var sorted = values.Values.Order().ToArray();
        return values.ToDictionary(pair => pair.Key, pair => ExactRanks.PercentileRank(sorted, pair.Value));
    }

    private static int Quintile(double rank) => Math.Min(5, (int)Math.Floor(rank / 20) + 1);

    private static bool NearEdge(double rank) => new[] { 20.0, 40, 60, 80 }.Any(edge => Math.Abs(rank - edge) <= 1.0);

    private static bool In(int score, (int Low, int High) range) => range.Low <= score && score <= range.High;
}
