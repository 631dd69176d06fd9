using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Customers;

namespace Personalization.Campaigns.Tests;

/// <summary>Offer lifetimes, frequency caps and campaign dates, with the engine clock moved by the test.</summary>
public sealed class ScopeAndCapTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    private static JsonObject OnEvent(string eventType, string scope = "session", string? ttl = null, JsonObject? caps = null)
    {
        var campaign = new JsonObject
        {
            ["trigger"] = new JsonObject { ["onEvent"] = eventType },
            ["offer"] = new JsonObject { ["title"] = $"Offer on {eventType}" },
            ["scope"] = scope,
        };
        if (ttl is not null)
        {
            campaign["ttl"] = ttl;
        }

        if (caps is not null)
        {
            campaign["caps"] = caps;
        }

        return campaign;
    }

    [Fact]
    public async Task A_session_offer_lasts_while_events_keep_coming_and_ends_after_30_idle_minutes()
    {
        var client = host.CreateClient();
        await client.PutCampaignAsync("session-idle", OnEvent("promo_idle").ToJsonString());
        await client.TrackAsync("idle-1", "page_view", sessionId: "a");
        await client.TrackAsync("idle-1", "promo_idle", sessionId: "a");
        var offer = (await Api.EventuallyAsync(() => client.OffersAsync("idle-1"), o => o.Count == 1, "the session offer"))[0]!;
        Assert.Equal("session", offer["scope"]!.GetValue<string>());
        Assert.Equal(host.Clock.GetUtcNow().AddMinutes(30), offer["expiresAt"]!.GetValue<DateTimeOffset>());

        host.Clock.Advance(TimeSpan.FromMinutes(20));
        await client.TrackAsync("idle-1", "page_view");
        await ExpectSessionOfferUntilAsync(client, "idle-1", host.Clock.GetUtcNow().AddMinutes(30), "the session extended by the page view");

        host.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Single(await client.OffersAsync("idle-1"));

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await client.OffersAsync("idle-1"));
        Assert.Empty((await client.GetNodeAsync("/v1/customers/idle-1/segments"))["offers"]!.AsArray());
    }

    [Fact]
    public async Task A_session_offer_still_follows_its_session_after_the_customer_grain_was_deactivated()
    {
        var client = host.CreateClient();
        await MakeSessionOfferAsync(client, "session-reactivated", "promo_reactivated", "reactivated-1");

        var before = host.Listener.Forwarded;
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var activeCustomers = host.Services.GetRequiredService<ActiveCustomers>();

        // Collection skips an activation that is busy at that moment (a one-way call from the campaign or segment
        // grains may still be arriving), so it is asked again until every customer activation is gone.
        await Api.EventuallyAsync(
            async () =>
            {
                await management.ForceActivationCollection(TimeSpan.Zero);
                return activeCustomers.Count;
            },
            count => count == 0,
            "the customer grains' deactivation");

        // The new activation knows nothing of the offer; its first event reaches the campaign grain, which asks it to follow.
        host.Clock.Advance(TimeSpan.FromMinutes(20));
        await client.TrackAsync("reactivated-1", "page_view", sessionId: "a");
        await ExpectSessionOfferUntilAsync(client, "reactivated-1", host.Clock.GetUtcNow().AddMinutes(30), "the session extended by the first event after reactivation");
        Assert.True(host.Listener.Forwarded > before);

        host.Clock.Advance(TimeSpan.FromMinutes(20));
        await client.TrackAsync("reactivated-1", "page_view", sessionId: "a");
        await ExpectSessionOfferUntilAsync(client, "reactivated-1", host.Clock.GetUtcNow().AddMinutes(30), "the session extended by a later event, forwarded because the activation follows the session again");
    }

    [Fact]
    public async Task An_event_after_30_idle_minutes_ends_the_session_offer_even_with_the_same_session_id()
    {
        var client = host.CreateClient();
        await MakeSessionOfferAsync(client, "session-return", "promo_return", "return-1");

        host.Clock.Advance(TimeSpan.FromMinutes(31));
        await client.TrackAsync("return-1", "page_view", sessionId: "a");
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await Settle.CustomerAsync(client, "return-1");
        Assert.Empty(await Settle.OffersAsync(client, "return-1"));
    }

    [Fact]
    public async Task A_new_session_id_ends_the_session_offer_at_once()
    {
        var client = host.CreateClient();
        await Settle.DefineProbeAsync(client);
        await MakeSessionOfferAsync(client, "session-change", "promo_change", "change-1");

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await client.TrackAsync("change-1", "page_view", sessionId: "a");
        await Settle.CustomerAsync(client, "change-1");
        Assert.Single(await Settle.OffersAsync(client, "change-1"));

        await client.TrackAsync("change-1", "page_view", sessionId: "b");
        await Api.EventuallyAsync(() => Settle.OffersAsync(client, "change-1"), o => o.Length == 0, "the end of the session offer");
    }

    [Fact]
    public async Task A_time_to_live_offer_lasts_exactly_its_ttl_whatever_the_customer_does()
    {
        var client = host.CreateClient();
        await client.PutCampaignAsync("ttl-offer", OnEvent("promo_ttl", scope: "ttl", ttl: "2h").ToJsonString());
        var madeAt = host.Clock.GetUtcNow();
        await client.TrackAsync("ttl-1", "promo_ttl", sessionId: "a");
        var offer = (await Api.EventuallyAsync(() => client.OffersAsync("ttl-1"), o => o.Count == 1, "the ttl offer"))[0]!;
        Assert.Equal("ttl", offer["scope"]!.GetValue<string>());
        Assert.Equal(madeAt.AddHours(2), offer["expiresAt"]!.GetValue<DateTimeOffset>());

        // Sessions do not matter to it: 40 idle minutes, then a new session.
        host.Clock.Advance(TimeSpan.FromMinutes(40));
        await client.TrackAsync("ttl-1", "page_view", sessionId: "b");
        host.Clock.Advance(TimeSpan.FromMinutes(79));
        Assert.Single(await client.OffersAsync("ttl-1"));

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await client.OffersAsync("ttl-1"));
    }

    [Fact]
    public async Task The_per_customer_cap_counts_exposures_in_a_sliding_period()
    {
        var client = host.CreateClient();
        await Settle.DefineProbeAsync(client);
        var caps = new JsonObject { ["perCustomer"] = new JsonObject { ["count"] = 2, ["period"] = "1d" } };
        await client.PutCampaignAsync("cap-customer", OnEvent("promo_cap_c", scope: "ttl", ttl: "30d", caps: caps).ToJsonString());

        async Task<long> TriggerAsync()
        {
            await client.TrackAsync("capped-1", "promo_cap_c");
            await Settle.CustomerAsync(client, "capped-1");
            return await ExposuresAsync(client, "cap-customer");
        }

        Assert.Equal(1, await TriggerAsync());
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, await TriggerAsync());
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, await TriggerAsync());

        // A new exposure replaces the customer's pending offer of the campaign.
        Assert.Single(await Settle.OffersAsync(client, "capped-1"));

        // 24 hours after the first exposure it leaves the period; the second is still in it.
        host.Clock.Advance(TimeSpan.FromHours(22));
        Assert.Equal(3, await TriggerAsync());
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(3, await TriggerAsync());

        // Another customer has a cap of its own.
        await client.TrackAsync("capped-2", "promo_cap_c");
        await Settle.CustomerAsync(client, "capped-2");
        Assert.Equal(4, await ExposuresAsync(client, "cap-customer"));
    }

    [Fact]
    public async Task The_global_cap_admits_that_many_exposures_per_utc_period_across_customers()
    {
        var client = host.CreateClient();
        await Settle.DefineProbeAsync(client);

        // Far from midnight, so the five triggers share one day.
        var now = host.Clock.GetUtcNow();
        host.Clock.Advance(now.UtcDateTime.Date.AddDays(1).AddHours(10) - now.UtcDateTime);
        var caps = new JsonObject { ["global"] = new JsonObject { ["count"] = 3, ["period"] = "1d" } };
        await client.PutCampaignAsync("cap-global", OnEvent("promo_cap_g", scope: "ttl", ttl: "2d", caps: caps).ToJsonString());

        for (var i = 1; i <= 5; i++)
        {
            await client.TrackAsync($"global-{i}", "promo_cap_g");
            await Settle.CustomerAsync(client, $"global-{i}");
        }

        Assert.Equal(3, await ExposuresAsync(client, "cap-global"));
        var offered = 0;
        for (var i = 1; i <= 5; i++)
        {
            offered += (await Settle.OffersAsync(client, $"global-{i}")).Length;
        }

        Assert.Equal(3, offered);

        host.Clock.Advance(TimeSpan.FromHours(14));
        await client.TrackAsync("global-6", "promo_cap_g");
        await Settle.CustomerAsync(client, "global-6");
        Assert.Equal(4, await ExposuresAsync(client, "cap-global"));
        Assert.Single(await Settle.OffersAsync(client, "global-6"));
    }

    [Fact]
    public async Task A_campaign_exposes_nobody_before_its_start_or_when_switched_off_and_hides_its_offers_after_its_end()
    {
        var client = host.CreateClient();
        await Settle.DefineProbeAsync(client);
        var now = host.Clock.GetUtcNow();
        var dated = OnEvent("promo_dated", scope: "ttl", ttl: "7d");
        dated["startsAt"] = now.AddHours(1).ToString("O");
        dated["endsAt"] = now.AddHours(2).ToString("O");
        await client.PutCampaignAsync("dated", dated.ToJsonString());

        await client.TrackAsync("dated-1", "promo_dated");
        await Settle.CustomerAsync(client, "dated-1");
        Assert.Empty(await Settle.OffersAsync(client, "dated-1"));

        host.Clock.Advance(TimeSpan.FromHours(1));
        await client.TrackAsync("dated-1", "promo_dated");
        await Api.EventuallyAsync(() => Settle.OffersAsync(client, "dated-1"), o => o.Length == 1, "the offer once the campaign started");

        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await Settle.OffersAsync(client, "dated-1"));

        var off = OnEvent("promo_off");
        off["enabled"] = false;
        await client.PutCampaignAsync("switched-off", off.ToJsonString());
        await client.TrackAsync("off-1", "promo_off");
        await Settle.CustomerAsync(client, "off-1");
        Assert.Empty(await Settle.OffersAsync(client, "off-1"));
        Assert.Equal(0, await ExposuresAsync(client, "switched-off"));
    }

    /// <summary>Defines a session campaign on <paramref name="eventType"/>, triggers it in session "a" and answers the offer.</summary>
    private static async Task<JsonNode> MakeSessionOfferAsync(HttpClient client, string campaignId, string eventType, string customerId)
    {
        await client.PutCampaignAsync(campaignId, OnEvent(eventType).ToJsonString());
        await client.TrackAsync(customerId, eventType, sessionId: "a");
        return (await Api.EventuallyAsync(() => client.OffersAsync(customerId), o => o.Count == 1, "the session offer"))[0]!;
    }

    private static Task ExpectSessionOfferUntilAsync(HttpClient client, string customerId, DateTimeOffset end, string what) =>
        Api.EventuallyAsync(
            () => client.OffersAsync(customerId),
            o => o.Count == 1 && o[0]!["expiresAt"]!.GetValue<DateTimeOffset>() == end,
            what);

    internal static async Task<long> ExposuresAsync(HttpClient client, string campaignId) =>
        (await client.GetNodeAsync($"/v1/campaigns/{campaignId}/report"))["variants"]!.AsArray().Sum(v => v!["exposures"]!.GetValue<long>());
}
