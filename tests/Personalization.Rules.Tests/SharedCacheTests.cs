using Personalization.Rules.Engine;
using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

/// <summary>
/// Evaluation caches belong to the catalog and are lent to customers, so a customer's memory does not grow with the
/// catalog; customers that take over one another's caches must still get the answers of a fresh evaluation.
/// </summary>
public sealed class SharedCacheTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 16)]
    public void Customers_sharing_a_few_caches_get_the_answers_of_a_fresh_evaluation(int seed, int poolCapacity)
    {
        string[] rules =
        [
            "count(view, 1h) >= 3",
            "sum(view.value, 2h) > 20 and country == \"CZ\"",
            "distinct(view.category, 1h) >= 2",
            "count(view, session) >= 4",
            "count(buy, 1d) > 0 and count(view, 5m) == 0",
            "in_segment(\"r0\") or minutes_since(buy) between 10 and 40",
            "days_since(view where category == \"a\") == 0",
            "days_since_first_seen >= 1",
        ];
        var random = new Random(seed);
        var catalog = SegmentCatalog.Compile(1, rules.Select((r, i) => new SegmentRule($"r{i}", r)).ToList());
        catalog.Caches = new FactsCachePool(catalog, poolCapacity);
        var customers = Enumerable.Range(0, 12).Select(i => Customer(Attr("country", i % 2 == 0 ? "CZ" : "DE"))).ToArray();
        var incremental = customers.Select(_ => new bool[rules.Length]).ToArray();
        var full = new bool[rules.Length];
        var at = Now;
        for (var step = 0; step < 1500; step++)
        {
            // A few customers come back often and the rest now and then, so some keep their caches and some lose them.
            var who = random.Next(4) == 0 ? random.Next(customers.Length) : random.Next(3);
            at += TimeSpan.FromSeconds(random.Next(0, 400));
            var type = random.Next(5) == 0 ? "buy" : "view";
            var category = RuleValue.FromString(random.Next(2) == 0 ? "a" : "b");
            var e = new BehaviourEvent(type, at, random.Next(0, 10), null, new Dictionary<string, RuleValue> { ["category"] = category });
            customers[who].Record(e, catalog);
            if (random.Next(3) == 0)
            {
                catalog.Evaluate(customers[who], at, incremental[who]);
            }
            else
            {
                catalog.EvaluateAfterEvent(customers[who], at, type, incremental[who]);
            }

            catalog.Evaluate(FreshCopy(customers[who]), at, full);
            Assert.True(full.SequenceEqual(incremental[who]), $"step {step}, customer {who}: {string.Join(", ", rules.Where((_, i) => full[i] != incremental[who][i]))}");
        }

        Assert.InRange(catalog.Caches.Allocated, 1, poolCapacity);
    }

    [Fact]
    public void Customers_seen_once_reuse_one_cache_instead_of_keeping_one_each()
    {
        var catalog = Catalog("count(view, 1h) >= 1", "country == \"CZ\"");
        var matches = new bool[2];
        for (var i = 0; i < 1_000; i++)
        {
            var facts = Customer(Attr("country", "CZ")).With(catalog, Event("view", TimeSpan.FromMinutes(i % 90)));
            catalog.Evaluate(facts, Now, matches);
            Assert.Equal(i % 90 < 60, matches[0]);
        }

        Assert.Equal(1, catalog.Caches.Allocated);
    }

    [Fact]
    public void A_customer_that_comes_back_keeps_its_cache_while_others_pass_through()
    {
        var catalog = Catalog("count(view, 1h) >= 1");
        catalog.Caches = new FactsCachePool(catalog, 2);
        var regular = Customer().With(catalog, Event("view", TimeSpan.FromMinutes(5)));
        var matches = new bool[1];
        catalog.Evaluate(regular, Now, matches);
        catalog.Evaluate(regular, Now, matches);
        var slot = regular.CacheHints.For(catalog);

        for (var i = 0; i < 50; i++)
        {
            catalog.Evaluate(Customer().With(catalog, Event("view", TimeSpan.FromMinutes(i))), Now, new bool[1]);
            catalog.Evaluate(regular, Now, matches);
            Assert.Equal(slot, regular.CacheHints.For(catalog));
        }

        Assert.Equal(2, catalog.Caches.Allocated);
    }

    [Fact]
    public void Customers_that_come_back_in_turn_grow_the_pool_until_each_keeps_its_cache()
    {
        var catalog = Catalog("count(view, 1h) >= 1");
        catalog.Caches = new FactsCachePool(catalog, 32);
        var customers = Enumerable.Range(0, 20).Select(i => Customer().With(catalog, Event("view", TimeSpan.FromMinutes(i * 5)))).ToArray();
        var matches = new bool[1];
        for (var round = 0; round < 3; round++)
        {
            foreach (var facts in customers)
            {
                catalog.Evaluate(facts, Now, matches);
            }
        }

        var slots = customers.Select(facts => facts.CacheHints.For(catalog)).ToArray();
        for (var i = 0; i < customers.Length; i++)
        {
            catalog.Evaluate(customers[i], Now, matches);
            Assert.Equal(i * 5 < 60, matches[0]);
        }

        Assert.Equal(slots, customers.Select(facts => facts.CacheHints.For(catalog)));
        Assert.Equal(20, slots.Distinct().Count());
        Assert.Equal(20, catalog.Caches.Allocated);
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(100, 1)]
    [InlineData(1_000, 1)]
    [InlineData(10, 500)]
    public void A_pool_stays_within_its_memory_budget(int segments, int attributesPerRule)
    {
        var rules = Enumerable.Range(0, segments)
            .Select(i => string.Join(" and ", Enumerable.Range(0, attributesPerRule).Select(a => $"a{i}_{a} == 1").Append($"count(e{i}, {i + 1}h) > 0")))
            .ToArray();
        var catalog = Catalog(rules);
        var capacity = catalog.Caches.Capacity;
        var cacheBytes = MeasureCacheBytes(catalog);

        Assert.InRange(capacity, 8, 16_384);
        Assert.True(capacity == 8 || capacity * cacheBytes <= 2 * FactsCachePool.BudgetBytes, $"{capacity} caches of {cacheBytes} bytes");
    }

    private static long MeasureCacheBytes(SegmentCatalog catalog)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(new FactsCache(catalog));
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

}
