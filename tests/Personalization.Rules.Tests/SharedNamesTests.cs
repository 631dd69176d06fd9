using System.Text.Json;
using Personalization.Rules.Facts;
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
    public void A_profile_is_stored_as_the_object_of_names_to_values_it_always_was()
    {
        var facts = new CustomerFacts();
        facts.MergeProfile([new("country", RuleValue.FromString("CZ")), new("age", RuleValue.FromNumber(40)), new("tags", RuleValue.FromStrings(["a", "b"]))]);

        var json = JsonSerializer.SerializeToNode(facts)!["Profile"]!.ToJsonString();
        Assert.Equal("""{"age":40,"country":"CZ","tags":["a","b"]}""", json);

        var written = JsonSerializer.Serialize(new Dictionary<string, RuleValue> { ["country"] = RuleValue.FromString("SK"), ["age"] = RuleValue.FromNumber(41) });
        var loaded = JsonSerializer.Deserialize<ProfileAttributes>(written)!;
        Assert.Equal(["age", "country"], loaded.Keys);
        Assert.Equal("SK", loaded["country"].AsString);
        Assert.False(loaded.ContainsKey("tags"));
        Assert.False(loaded.TryGetValue("Country", out _));
    }

    [Fact]
    public void A_repeated_name_keeps_its_last_value_and_merging_a_null_removes_it()
    {
        var profile = ProfileAttributes.From([new("tier", RuleValue.FromString("silver")), new("tier", RuleValue.FromString("gold")), new("city", RuleValue.FromString("Brno"))]);
        Assert.Equal("gold", profile["tier"].AsString);

        var merged = profile.Merge([new("city", RuleValue.Null), new("age", RuleValue.FromNumber(30))]);

        Assert.Equal(["age", "tier"], merged.Keys);
        Assert.Equal(["city", "tier"], profile.Keys);
        Assert.Equal("Brno", profile["city"].AsString);
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
        Assert.Same(live.Profile.Keys.Single(), loaded.Profile.Keys.Single());
        Assert.NotSame(live.Behaviour.Types.Keys.Single(), loaded.Behaviour.Types.Keys.Single());
        loaded.ShareNames();

        Assert.Same(live.Behaviour.Types.Keys.Single(), loaded.Behaviour.Types.Keys.Single());
        var matches = new bool[1];
        catalog.Evaluate(loaded, Now, matches);
        Assert.True(matches[0]);
    }

    [Fact]
    public void Retained_event_properties_survive_storage_and_are_kept_compactly_after_loading()
    {
        var catalog = Catalog("count(page_view where category == \"shoes\" and device == \"mobile\", 7d) >= 2");
        var facts = new CustomerFacts().With(catalog,
            Event("page_view", TimeSpan.FromHours(3), null, null, ("category", RuleValue.FromString("shoes")), ("device", RuleValue.FromString("mobile")), ("ignored", RuleValue.FromNumber(1))),
            Event("page_view", TimeSpan.FromHours(2), null, null, ("category", RuleValue.FromString("shoes"))),
            Event("page_view", TimeSpan.FromHours(1), null, null, ("category", RuleValue.FromString("shoes")), ("device", RuleValue.FromString("mobile"))));
        var loaded = JsonSerializer.Deserialize<CustomerFacts>(JsonSerializer.Serialize(facts))!;
        loaded.ShareNames();

        var recent = loaded.Behaviour.Types["page_view"].Recent.Span;
        Assert.Equal(new[] { "category", "device" }, recent[0].Properties!.Keys);
        Assert.Equal(new[] { "category" }, recent[1].Properties!.Keys);
        Assert.Equal("mobile", recent[2].Properties!["device"].AsString);
        Assert.IsNotType<Dictionary<string, RuleValue>>(recent[0].Properties);
        var matches = new bool[1];
        catalog.Evaluate(loaded, Now, matches);
        Assert.True(matches[0]);
        catalog.Evaluate(facts, Now, matches);
        Assert.True(matches[0]);
    }

    [Fact]
    public void Stored_counters_leave_out_zeros_and_absent_numbers_and_read_back_the_same()
    {
        var catalog = Catalog("count(view) > 0");
        var facts = new CustomerFacts().With(catalog, Event("view", TimeSpan.FromMinutes(1)), Event("buy", TimeSpan.Zero, 12.5));
        var json = JsonSerializer.Serialize(facts);
        var loaded = JsonSerializer.Deserialize<CustomerFacts>(json)!;

        var view = JsonDocument.Parse(json).RootElement.GetProperty("Behaviour").GetProperty("Types").GetProperty("view");
        Assert.False(view.TryGetProperty("Sum", out _));
        Assert.False(view.TryGetProperty("Min", out _));
        Assert.Equal(2, view.GetProperty("Recent")[0].GetArrayLength()); // timestamp only: no session, value or properties
        Assert.Equal(facts.EventCounters, loaded.EventCounters);
    }

    /// <summary>A new string instance, as a name deserialized from a call or a stored row is.</summary>
    private static string Fresh(string name) => new(name.AsSpan());
}
