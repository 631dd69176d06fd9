using System.Text.Json;
using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

/// <summary>Customers hold one shared instance of each attribute and event type name, not a copy each.</summary>
public sealed class SharedNamesTests
{
    [Fact]
    public void Merging_sets_and_removes_attributes_under_shared_names()
    {
        var first = new CustomerFacts();
        var second = new CustomerFacts();
        first.MergeProfile([new(Fresh("loyalty_tier"), RuleValue.FromString("gold")), new(Fresh("city"), RuleValue.FromString("Brno"))]);
        second.MergeProfile([new(Fresh("loyalty_tier"), RuleValue.FromString("silver"))]);
        first.MergeProfile([new(Fresh("city"), RuleValue.Null)]);

        Assert.Equal("gold", first.Profile["loyalty_tier"].AsString);
        Assert.False(first.Profile.ContainsKey("city"));
        Assert.Same(first.Profile.Keys.Single(), second.Profile.Keys.Single());
    }

    [Fact]
    public void Replacing_the_profile_keeps_only_the_given_attributes()
    {
        var facts = Customer(Attr("age", 40), Attr("country", "CZ"));
        facts.ReplaceProfile([new(Fresh("country"), RuleValue.FromString("SK"))]);

        Assert.Equal(["country"], facts.Profile.Keys);
        Assert.Equal("SK", facts.Profile["country"].AsString);
        Assert.True(Matches("country == \"SK\" and age == null", facts));
    }

    [Fact]
    public void Facts_read_from_storage_share_their_names_after_ShareNames()
    {
        var catalog = Catalog("count(basket_add) > 0 and segment_hint == \"x\"");
        var stored = JsonSerializer.Serialize(Customer(Attr("segment_hint", "x")).With(catalog, Event(Fresh("basket_add"), TimeSpan.FromMinutes(3))));
        var live = new CustomerFacts();
        live.MergeProfile([new(Fresh("segment_hint"), RuleValue.FromString("y"))]);
        live.Record(Event(Fresh("basket_add"), TimeSpan.Zero), catalog);

        var loaded = JsonSerializer.Deserialize<CustomerFacts>(stored)!;
        Assert.NotSame(live.Profile.Keys.Single(), loaded.Profile.Keys.Single());
        loaded.ShareNames();

        Assert.Same(live.Profile.Keys.Single(), loaded.Profile.Keys.Single());
        Assert.Same(live.Behaviour.Types.Keys.Single(), loaded.Behaviour.Types.Keys.Single());
        var matches = new bool[1];
        catalog.Evaluate(loaded, Now, matches);
        Assert.True(matches[0]);
    }

    /// <summary>A new string instance, as a name deserialized from a call or a stored row is.</summary>
    private static string Fresh(string name) => new(name.AsSpan());
}
