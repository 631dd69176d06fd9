using Personalization.Rules.Engine;
using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

public sealed class AllocationTests
{
    [Fact]
    public void Evaluation_allocates_nothing_once_the_customer_cache_exists()
    {
        var catalog = Catalog(
            "country in [\"CZ\", \"SK\"] and count(purchase) >= 2 and days_since(purchase) <= 30",
            "count(add_to_cart, 1h) > 0 and count(purchase, 1h) == 0",
            "count(page_view where category == \"shoes\", session) >= 3",
            "distinct(page_view.category, 7d) >= 2 and lower(email) contains \"@example\"",
            "sum(purchase.value where value > 10) >= 100 and avg(purchase.value, 90d) between 10 and 100",
            "age_in_years(birth_date) >= 18 and days_since_first_seen > 1 and minutes_since(page_view) < 60",
            "starts_with(email, \"ann\") or interests contains \"golf\" or \"wine\" in interests");
        var facts = Customer(Attr("country", "CZ"), Attr("email", "ann@Example.com"), Attr("interests", "golf"),
            Attr("birth_date", new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        for (var i = 0; i < 40; i++)
        {
            facts.Record(Event(i % 4 == 0 ? "purchase" : "page_view", Minutes(40 * (40 - i)), 10 + i, null, ("category", RuleValue.FromString(i % 3 == 0 ? "shoes" : "bags"))), catalog);
        }

        var matches = new bool[catalog.SegmentIds.Count];
        catalog.Evaluate(facts, Now, matches);
        catalog.NextChangeAt(facts, Now);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            var at = Now + TimeSpan.FromMinutes(i);
            catalog.Evaluate(facts, at, matches);
            catalog.EvaluateAfterEvent(facts, at, "page_view", matches);
            catalog.NextChangeAt(facts, at);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <param name="caches">0 for the catalog's own pool; 1 makes most evaluations at once find the one cache in use.</param>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void One_catalog_evaluates_many_customers_on_many_threads(int caches)
    {
        var catalog = Catalog("count(purchase, 7d) >= 2 and country == \"CZ\"", "sum(purchase.value) > 50");
        if (caches > 0)
        {
            catalog.Caches = new FactsCachePool(catalog, caches);
        }

        var results = new bool[64][];
        Parallel.For(0, 64, i =>
        {
            var facts = Customer(Attr("country", i % 2 == 0 ? "CZ" : "DE"));
            for (var n = 0; n < i % 4; n++)
            {
                facts.Record(Event("purchase", Days(n), 20), catalog);
            }

            results[i] = new bool[2];
            for (var repeat = 0; repeat < 200; repeat++)
            {
                catalog.Evaluate(facts, Now, results[i]);
            }
        });

        for (var i = 0; i < 64; i++)
        {
            Assert.Equal([i % 2 == 0 && i % 4 >= 2, i % 4 * 20 > 50], results[i]);
        }

        Assert.InRange(catalog.Caches.Allocated, 1, catalog.Caches.Capacity);
    }
}
