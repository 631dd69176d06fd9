using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Customers;
using Personalization.Population;
using Personalization.Rules;
using Personalization.Segments;
using Personalization.Testing;
using Xunit.Abstractions;

namespace Personalization.Grains.Tests.Population;

/// <summary>Percentiles over customers spread on two silos: each silo sketches its own, a grain merges them.</summary>
public sealed class PopulationCacheTests(PopulationClusterFixture fixture, ITestOutputHelper output) : IClassFixture<PopulationClusterFixture>
{
    private const int Customers = 3_000;
    private const string Spend = "sum(purchase.value, 365d)";

    [Fact]
    public async Task Ranks_merged_from_two_silos_match_exact_ranks_and_the_top_fifth_holds_a_fifth()
    {
        await fixture.Grains.GetGrain<ISegmentCatalogGrain>(0).PutAsync(new SegmentDraft("top-spenders", "Top spenders", null, $"percentile({Spend}) >= 80"));
        await fixture.RefreshCatalogAsync();
        var now = PopulationClusterFixture.SharedClock.GetUtcNow();
        var random = new Random(21);
        var spends = new double[Customers];
        await Parallel.ForEachAsync(Enumerable.Range(0, Customers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var events = new List<TrackedEvent>();
            Random own;
            lock (random)
            {
                own = new Random(random.Next());
            }

            if (own.Next(10) == 0)
            {
                events.Add(new TrackedEvent(new BehaviourEvent("page_view", now.AddDays(-own.Next(300)), null, null, null)));
            }
            else
            {
                for (var purchases = own.Next(1, 5); purchases > 0; purchases--)
                {
                    var value = Math.Round(Math.Exp(3 + 0.8 * Normal(own)));
                    var at = now.AddDays(-own.Next(400));
                    events.Add(new TrackedEvent(new BehaviourEvent("purchase", at, value, null, null)));
                    spends[i] += at > now.AddDays(-365) ? value : 0;
                }
            }

            await fixture.Grains.GetGrain<ICustomerGrain>($"p-{i}").TrackManyAsync([.. events]);
        });

        var refresh = Stopwatch.StartNew();
        await fixture.RefreshPopulationAsync();
        output.WriteLine($"two rounds of population refresh on two silos: {refresh.ElapsedMilliseconds} ms");

        var sorted = spends.Order().ToArray();
        double Exact(double spend) => ExactRanks.PercentileRank(sorted, spend);
        foreach (var silo in fixture.Silos)
        {
            var distribution = silo.GetRequiredService<PopulationCache>().Ranks.Current.Find(Spend);
            Assert.NotNull(distribution);
            Assert.Equal(Customers, distribution.Count);
            var worst = spends.Max(spend => Math.Abs(distribution.PercentileRank(spend)!.Value - Exact(spend)));
            output.WriteLine($"silo: worst rank error {worst:F3} percentile points over {Customers} customers");
            Assert.True(worst <= 1.0, $"worst rank error {worst}");
        }

        var members = 0;
        var disagreements = 0;
        for (var i = 0; i < Customers; i++)
        {
            var inTop = (await fixture.Grains.GetGrain<ICustomerGrain>($"p-{i}").GetSegmentsAsync()).Contains("top-spenders");
            members += inTop ? 1 : 0;
            var exact = Exact(spends[i]);
            if (inTop != exact >= 80)
            {
                disagreements++;
                Assert.True(Math.Abs(exact - 80) <= 1.0, $"customer {i}: exact rank {exact}, in the segment: {inTop}");
            }
        }

        var share = 100.0 * members / Customers;
        output.WriteLine($"top-spenders: {members} of {Customers} ({share:F1} %); {disagreements} within a point of the cut disagree with exact ranks");
        Assert.InRange(share, 18.5, 21.5);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
