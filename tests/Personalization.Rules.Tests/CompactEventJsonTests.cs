using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Rules.Facts;
using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

/// <summary>Retained events and activity marks are stored as compact arrays; rows in the earlier object form still load.</summary>
public sealed class CompactEventJsonTests
{
    private static readonly SegmentCatalog Rules = Catalog(
        "count(purchase where category == \"shoes\") == 1",
        "sum(purchase.value, 30d) == 30.5",
        "count(page_view, 1d) == 2 or count(page_view, 1d) == 3",
        "distinct(page_view.tags) >= 1");

    [Fact]
    public void Events_with_every_kind_of_field_round_trip_exactly()
    {
        var plusTwo = new DateTimeOffset(2026, 3, 14, 23, 30, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var facts = Customer().With(Rules,
            new BehaviourEvent("purchase", plusTwo, 30.5, "s1", new Dictionary<string, RuleValue> { ["category"] = RuleValue.FromString("shoes") }),
            new BehaviourEvent("page_view", Now - Minutes(5), SessionId: "s2", Properties: new Dictionary<string, RuleValue> { ["tags"] = RuleValue.FromStrings(["a", "b"]) }),
            new BehaviourEvent("page_view", Now - Minutes(4), SessionId: "s2"),
            new BehaviourEvent("page_view", Now - Minutes(3)));

        var json = JsonSerializer.Serialize(facts);
        var read = JsonSerializer.Deserialize<CustomerFacts>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(read));
        var purchase = Assert.Single(Recent(read, "purchase"));
        Assert.Equal(plusTwo, purchase.Timestamp);
        Assert.Equal(plusTwo.UtcTicks, purchase.Timestamp.UtcTicks);
        Assert.Equal(TimeSpan.Zero, purchase.Timestamp.Offset); // the ledger keeps instants; no rule reads an event's offset
        Assert.Equal(30.5, purchase.Value);
        Assert.Equal("s1", purchase.SessionId);
        Assert.Equal(RuleValue.FromString("shoes"), purchase.Properties!["category"]);
        var views = Recent(read, "page_view");
        Assert.Equal(["s2", "s2", null], views.Select(v => v.SessionId));
        Assert.Null(views[2].Properties);
        Assert.Equal(Evaluate(facts), Evaluate(read));
        Assert.All(Evaluate(read), Assert.True);
    }

    [Fact]
    public void The_compact_form_holds_no_field_names_or_date_text_and_drops_trailing_nulls()
    {
        var facts = Customer().With(Rules, new BehaviourEvent("page_view", Now - Minutes(3)));

        var recent = JsonNode.Parse(JsonSerializer.Serialize(facts))!["Behaviour"]!["Types"]!["page_view"]!["Recent"]!.AsArray();

        var stored = Assert.IsType<JsonArray>(Assert.Single(recent));
        Assert.Equal(2, stored.Count);
        Assert.Equal((Now - Minutes(3)).UtcTicks, stored[0]!.GetValue<long>());
        Assert.Equal(0, stored[1]!.GetValue<int>());
    }

    [Fact]
    public void Facts_stored_with_events_as_objects_load_and_evaluate_the_same()
    {
        var facts = Customer().With(Rules,
            new BehaviourEvent("purchase", Now - Days(2), 30.5, "s1", new Dictionary<string, RuleValue> { ["category"] = RuleValue.FromString("shoes") }),
            new BehaviourEvent("page_view", Now - Minutes(5), SessionId: "s2", Properties: new Dictionary<string, RuleValue> { ["tags"] = RuleValue.FromStrings(["a"]) }),
            new BehaviourEvent("page_view", Now - Minutes(4), SessionId: "s2"));
        var legacy = JsonNode.Parse(JsonSerializer.Serialize(facts))!;
        foreach (var (_, type) in legacy["Behaviour"]!["Types"]!.AsObject())
        {
            var events = type!["Recent"]!.AsArray().Select(e => AsObject(e!.AsArray(), withEventFields: true)).ToArray();
            type["Recent"] = new JsonArray(events);
        }

        var marks = legacy["Behaviour"]!["Activity"]!.AsArray().Select(m => AsObject(m!.AsArray(), withEventFields: false)).ToArray();
        legacy["Behaviour"]!["Activity"] = new JsonArray(marks);
        var legacyJson = legacy.ToJsonString();
        Assert.Contains("\"Timestamp\":", legacyJson);

        var read = JsonSerializer.Deserialize<CustomerFacts>(legacyJson)!;

        Assert.Equal(JsonSerializer.Serialize(facts), JsonSerializer.Serialize(read));
        Assert.Equal(Evaluate(facts), Evaluate(read));
    }

    [Fact]
    public void Facts_stored_with_event_offsets_load_with_the_same_instants_and_answers()
    {
        // Written by the code that kept each event's offset: +120 and -330 minutes, and ISO instants in those offsets.
        const string stored = """
            {"Profile":{},"FirstSeen":"2026-03-15T13:00:00+02:00","LastSeen":"2026-03-15T06:25:00-05:30","Behaviour":{"Types":{
            "purchase":{"Count":1,"ValuedCount":1,"Sum":30.5,"Min":30.5,"Max":30.5,"FirstAt":"2026-03-15T13:00:00+02:00","LastAt":"2026-03-15T13:00:00+02:00","LastValue":30.5,
            "Recent":[[639091692000000000,120,"s1",30.5,{"category":"shoes"}]],"Derived":{"|category == \u0022shoes\u0022":{"Count":1,"LastAt":"2026-03-15T13:00:00+02:00","LastValue":null}}},
            "page_view":{"Count":2,"FirstAt":"2026-03-15T06:20:00-05:30","LastAt":"2026-03-15T06:25:00-05:30","Recent":[[639091722000000000,-330],[639091725000000000,-330]]}},
            "Activity":[[639091692000000000,120,"s1"],[639091722000000000,-330],[639091725000000000,-330]],"OpenSessionStart":"2026-03-15T06:20:00-05:30"}}
            """;
        var rules = Catalog("count(purchase where category == \"shoes\") == 1", "sum(purchase.value, 30d) == 30.5", "count(page_view, session) == 2", "minutes_since(page_view) == 5");
        var recorded = Customer().With(rules,
            new BehaviourEvent("purchase", (Now - Hours(1)).ToOffset(TimeSpan.FromHours(2)), 30.5, "s1", new Dictionary<string, RuleValue> { ["category"] = RuleValue.FromString("shoes") }),
            new BehaviourEvent("page_view", (Now - Minutes(10)).ToOffset(TimeSpan.FromHours(-5.5))),
            new BehaviourEvent("page_view", (Now - Minutes(5)).ToOffset(TimeSpan.FromHours(-5.5))));

        var read = JsonSerializer.Deserialize<CustomerFacts>(stored)!;
        read.ShareNames();

        var matches = new bool[4];
        rules.Evaluate(read, Now, matches);
        Assert.All(matches, Assert.True);
        Assert.Equal(Now - Hours(1), read.Behaviour.Types["purchase"].Recent.Span[0].Timestamp);
        Assert.Equal(Now - Minutes(10), read.Behaviour.OpenSessionStart);
        Assert.Equal(recorded.EventCounters, read.EventCounters);
        Assert.Equal(JsonSerializer.Serialize(recorded.Behaviour.Activity), JsonSerializer.Serialize(read.Behaviour.Activity));
        Assert.Equal(Recent(recorded, "page_view").Select(e => e.Timestamp), Recent(read, "page_view").Select(e => e.Timestamp));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"2026-03-15T12:00:00Z\", 0]")]
    [InlineData("[638000000000000000]")]
    [InlineData("[638000000000000000, 0, \"s\", null, {}, 5]")]
    [InlineData("\"2026-03-15T12:00:00Z\"")]
    public void A_malformed_stored_event_is_refused(string stored) =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<RetainedEvent>(stored));

    private static List<RetainedEvent> Recent(CustomerFacts facts, string type) =>
        JsonSerializer.Deserialize<List<RetainedEvent>>(JsonNode.Parse(JsonSerializer.Serialize(facts))!["Behaviour"]!["Types"]![type]!["Recent"]!.ToJsonString())!;

    private static bool[] Evaluate(CustomerFacts facts)
    {
        var results = new bool[4];
        Rules.Evaluate(facts, Now, results);
        return results;
    }

    /// <summary>The object form the serializer wrote before the compact one: ISO timestamp and named, omitted-when-null fields.</summary>
    private static JsonObject AsObject(JsonArray compact, bool withEventFields)
    {
        var offset = TimeSpan.FromMinutes(compact[1]!.GetValue<int>());
        var timestamp = new DateTimeOffset(compact[0]!.GetValue<long>() + offset.Ticks, offset);
        var legacy = new JsonObject { ["Timestamp"] = timestamp.ToString("O") };
        if (withEventFields && compact.Count > 3 && compact[3] is { } value)
        {
            legacy["Value"] = value.DeepClone();
        }

        if (compact.Count > 2 && compact[2] is { } session)
        {
            legacy["SessionId"] = session.DeepClone();
        }

        if (withEventFields && compact.Count > 4 && compact[4] is { } properties)
        {
            legacy["Properties"] = properties.DeepClone();
        }

        return legacy;
    }
}
