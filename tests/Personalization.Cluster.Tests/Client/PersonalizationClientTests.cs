using System.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Personalization.Campaigns;
using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Delivery;
using Personalization.Client;
using Personalization.Rules;

namespace Personalization.Cluster.Tests.Client;

/// <summary>The client SDK's retries, timeouts, event ids and checks, against a scripted grain: no cluster involved.</summary>
public sealed class PersonalizationClientTests
{
    private static readonly OfferView Offer = new(
        "offer-1", "welcome", 3, "b", """{"title":"10% off","code":"HELLO10"}""", OfferScope.TimeToLive,
        new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private readonly ScriptedCustomerGrain grain = new();
    private readonly ScriptedCampaignsGrain campaigns = new([Offer]);
    private readonly List<string> addressed = [];

    public static TheoryData<string, Exception> TransientFailures => new()
    {
        { "the silo holding the customer died", new SiloUnavailableException() },
        { "no gateway is listed", new SiloUnavailableException("Could not find any gateway. Orleans client cannot initialize until at least one gateway becomes available.") },
        { "the gateway connection failed", new ConnectionFailedException("Unable to connect to 127.0.0.1:30000") },
        { "the gateway is overloaded", new GatewayTooBusyException() },
        { "Orleans' response timeout passed", new TimeoutException("Response did not arrive on time") },
    };

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task A_track_that_failed_transiently_is_retried_with_the_same_event_id(string because, Exception failure)
    {
        grain.Then(failure);

        var result = await Client().TrackAsync("alice", new CustomerEvent("page_view"));

        var calls = grain.TrackCalls;
        Assert.True(calls.Count == 2, $"Expected one retry when {because}, got {calls.Count - 1}.");
        var eventId = Assert.Single(calls[0]).EventId;
        Assert.False(string.IsNullOrEmpty(eventId));
        Assert.Equal(eventId, Assert.Single(calls[1]).EventId);
        Assert.Equal([eventId], result.EventIds);
        Assert.Equal(ScriptedCustomerGrain.Segments, result.Segments);
    }

    [Fact]
    public async Task Every_track_without_an_event_id_gets_an_id_of_its_own()
    {
        var client = Client();

        var first = await client.TrackAsync("alice", new CustomerEvent("page_view"));
        var second = await client.TrackAsync("alice", new CustomerEvent("page_view"));

        Assert.NotEqual(first.EventIds[0], second.EventIds[0]);
    }

    [Fact]
    public async Task The_callers_event_id_is_sent_unchanged()
    {
        var result = await Client().TrackAsync("alice", new CustomerEvent("purchase") { EventId = "order-1001", Value = 649.5 });

        var sent = Assert.Single(Assert.Single(grain.TrackCalls));
        Assert.Equal("order-1001", sent.EventId);
        Assert.Equal(649.5, sent.Event.Value);
        Assert.Equal(["order-1001"], result.EventIds);
    }

    [Fact]
    public async Task A_lookup_that_failed_transiently_is_retried()
    {
        grain.Then(new SiloUnavailableException()).Then(new TimeoutException());

        var segments = await Client().GetSegmentsAsync("alice");

        Assert.Equal(ScriptedCustomerGrain.Segments, segments);
        Assert.Equal(3, grain.SegmentCalls);
    }

    [Fact]
    public async Task Offers_are_read_from_the_customers_campaign_grain_and_retried_like_lookups()
    {
        campaigns.Then(new SiloUnavailableException());

        var offers = await Client().GetOffersAsync("alice");

        var offer = Assert.Single(offers);
        Assert.Equal(new PendingOffer("offer-1", "welcome", "b", Offer.Content, Offer.CreatedAt, Offer.ExpiresAt), offer);
        Assert.Equal(2, campaigns.OfferCalls);
        Assert.Equal(["alice"], addressed);
    }

    [Fact]
    public async Task A_failure_inside_the_engine_is_not_retried()
    {
        grain.Then(new InvalidOperationException("the catalog is broken"));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => Client().TrackAsync("alice", new CustomerEvent("page_view")));

        Assert.Equal("the catalog is broken", thrown.Message);
        Assert.Single(grain.TrackCalls);
    }

    [Fact]
    public async Task When_every_attempt_fails_the_call_throws_PersonalizationUnavailableException()
    {
        grain.Then(new TimeoutException()).Then(new TimeoutException()).Then(new SiloUnavailableException());

        var thrown = await Assert.ThrowsAsync<PersonalizationUnavailableException>(
            () => Client(new PersonalizationClientOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(1) }).TrackAsync("alice", new CustomerEvent("page_view")));

        Assert.IsType<SiloUnavailableException>(thrown.InnerException);
        Assert.Equal(3, grain.TrackCalls.Count);
        Assert.Single(grain.TrackCalls.Select(call => call[0].EventId).Distinct());
    }

    [Fact]
    public async Task With_retries_off_a_transient_failure_is_thrown_after_one_attempt()
    {
        grain.Then(new SiloUnavailableException());

        await Assert.ThrowsAsync<PersonalizationUnavailableException>(
            () => Client(new PersonalizationClientOptions { MaxRetries = 0 }).GetSegmentsAsync("alice"));

        Assert.Equal(1, grain.SegmentCalls);
    }

    [Fact]
    public async Task An_attempt_that_outlives_the_call_timeout_is_abandoned_and_retried()
    {
        grain.ThenNoAnswer();
        var options = new PersonalizationClientOptions { CallTimeout = TimeSpan.FromMilliseconds(200), RetryDelay = TimeSpan.FromMilliseconds(1) };
        var elapsed = Stopwatch.StartNew();

        var result = await Client(options).TrackAsync("alice", new CustomerEvent("page_view"));

        Assert.Equal(ScriptedCustomerGrain.Segments, result.Segments);
        Assert.Equal(2, grain.TrackCalls.Count);
        Assert.InRange(elapsed.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_call_is_reported_as_cancelled_not_as_unavailable()
    {
        grain.ThenNoAnswer();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Client(new PersonalizationClientOptions { CallTimeout = TimeSpan.FromSeconds(30) }).GetSegmentsAsync("alice", cancellation.Token));
    }

    [Fact]
    public async Task Several_events_go_in_one_call_in_order_each_with_its_own_id()
    {
        CustomerEvent[] events = [new("page_view"), new("add_to_cart") { EventId = "cart-1" }, new("purchase") { Value = 20 }];

        var result = await Client().TrackAsync("alice", events);

        var sent = Assert.Single(grain.TrackCalls);
        Assert.Equal(["page_view", "add_to_cart", "purchase"], sent.Select(e => e.Event.Type));
        Assert.Equal("cart-1", sent[1].EventId);
        Assert.Equal(3, sent.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(sent.Select(e => e.EventId!), result.EventIds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/in/id")]
    [InlineData("ümlaut")]
    public async Task Customer_ids_outside_the_APIs_alphabet_are_refused_before_anything_is_sent(string customerId)
    {
        var client = Client();

        var lookup = await Assert.ThrowsAsync<ArgumentException>(() => client.GetSegmentsAsync(customerId));
        var track = await Assert.ThrowsAsync<ArgumentException>(() => client.TrackAsync(customerId, new CustomerEvent("page_view")));
        var offers = await Assert.ThrowsAsync<ArgumentException>(() => client.GetOffersAsync(customerId));

        Assert.Equal("customerId", lookup.ParamName);
        Assert.Equal("customerId", track.ParamName);
        Assert.Equal("customerId", offers.ParamName);
        Assert.Empty(addressed);
    }

    [Fact]
    public async Task Customer_ids_longer_than_128_characters_are_refused_and_128_are_accepted()
    {
        var client = Client();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetSegmentsAsync(new string('a', 129)));
        await client.GetSegmentsAsync(new string('a', 128));
        await client.GetSegmentsAsync("user@example.com:web.1_A-z");

        Assert.Equal([new string('a', 128), "user@example.com:web.1_A-z"], addressed);
    }

    public static TheoryData<string, CustomerEvent> InvalidEvents => new()
    {
        { "type", new CustomerEvent("") },
        { "type", new CustomerEvent("page view") },
        { "type", new CustomerEvent(new string('t', 65)) },
        { "eventId", new CustomerEvent("page_view") { EventId = "" } },
        { "eventId", new CustomerEvent("page_view") { EventId = new string('e', 129) } },
        { "sessionId", new CustomerEvent("page_view") { SessionId = new string('s', 129) } },
        { "value", new CustomerEvent("purchase") { Value = double.NaN } },
        { "timestamp", new CustomerEvent("page_view") { Timestamp = DateTimeOffset.UtcNow.AddMinutes(10) } },
        { "properties.1st", new CustomerEvent("page_view") { Properties = new Dictionary<string, object?> { ["1st"] = "x" } } },
        { "properties.items", new CustomerEvent("page_view") { Properties = new Dictionary<string, object?> { ["items"] = new[] { "a" } } } },
        { "properties.note", new CustomerEvent("page_view") { Properties = new Dictionary<string, object?> { ["note"] = new string('n', 1025) } } },
        { "properties.ratio", new CustomerEvent("page_view") { Properties = new Dictionary<string, object?> { ["ratio"] = double.PositiveInfinity } } },
        { "properties", new CustomerEvent("page_view") { Properties = Enumerable.Range(0, 65).ToDictionary(i => $"p{i}", object? (i) => i) } },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async Task Events_outside_the_event_limits_are_refused_naming_the_field_and_nothing_is_sent(string field, CustomerEvent customerEvent)
    {
        var thrown = await Assert.ThrowsAsync<ArgumentException>(() => Client().TrackAsync("alice", customerEvent));

        Assert.StartsWith(field, thrown.Message, StringComparison.Ordinal);
        Assert.Empty(grain.TrackCalls);
    }

    [Fact]
    public async Task A_bad_event_in_a_batch_is_named_by_its_index_and_nothing_is_sent()
    {
        CustomerEvent[] events = [new("page_view"), new("bad type")];

        var thrown = await Assert.ThrowsAsync<ArgumentException>(() => Client().TrackAsync("alice", events));

        Assert.StartsWith("events[1]: type", thrown.Message, StringComparison.Ordinal);
        Assert.Empty(grain.TrackCalls);
    }

    [Fact]
    public async Task Property_values_become_strings_numbers_booleans_and_dates()
    {
        var properties = new Dictionary<string, object?>
        {
            ["category"] = "shoes",
            ["size"] = 42,
            ["price"] = 79.9m,
            ["gift"] = true,
            ["released"] = "2026-03-01",
            ["seen"] = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero),
        };

        await Client().TrackAsync("alice", new CustomerEvent("page_view") { Properties = properties });

        var sent = Assert.Single(Assert.Single(grain.TrackCalls)).Event.Properties!;
        Assert.Equal(RuleValue.FromString("shoes"), sent["category"]);
        Assert.Equal(RuleValue.FromNumber(42), sent["size"]);
        Assert.Equal(RuleValue.FromNumber(79.9), sent["price"]);
        Assert.Equal(RuleValue.FromBool(true), sent["gift"]);
        Assert.Equal(RuleValueKind.Date, sent["released"].Kind);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), sent["released"].AsDate);
        Assert.Equal(RuleValueKind.Date, sent["seen"].Kind);
    }

    [Fact]
    public async Task An_event_without_a_timestamp_is_dated_by_the_clients_clock_and_keeps_that_date_when_retried()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        grain.Then(new SiloUnavailableException());

        await new PersonalizationClient(Address, _ => campaigns, new PersonalizationClientOptions { RetryDelay = TimeSpan.Zero }, clock)
            .TrackAsync("alice", new CustomerEvent("page_view"));

        Assert.All(grain.TrackCalls, call => Assert.Equal(clock.GetUtcNow(), call[0].Event.Timestamp));
    }

    private PersonalizationClient Client(PersonalizationClientOptions? options = null) =>
        new(Address, AddressCampaigns, options ?? new PersonalizationClientOptions { RetryDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System);

    private ScriptedCampaignsGrain AddressCampaigns(string customerId)
    {
        lock (addressed)
        {
            addressed.Add(customerId);
        }

        return campaigns;
    }

    private ScriptedCustomerGrain Address(string customerId)
    {
        lock (addressed)
        {
            addressed.Add(customerId);
        }

        return grain;
    }
}
