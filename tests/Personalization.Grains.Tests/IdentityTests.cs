using System.Collections.Immutable;
using Orleans.Runtime;
using Personalization.Customers;
using Personalization.Identity;
using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.Grains.Tests;

/// <summary>An anonymous visitor becomes a known customer: its history, profile and event ids move, and its id forwards.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdentityTests(ClusterFixture fixture)
{
    private ICustomerGrain Customer(string id) => fixture.Grains.GetGrain<ICustomerGrain>(id);

    private ICustomerIdentityGrain Identity(string id) => fixture.Grains.GetGrain<ICustomerIdentityGrain>(id);

    private async Task DefineAsync(string id, string rule)
    {
        var result = await fixture.Grains.GetGrain<ISegmentCatalogGrain>(0).PutAsync(new SegmentDraft(id, id, null, rule));
        Assert.Contains(result.Status, new[] { SegmentWriteStatus.Created, SegmentWriteStatus.Saved });
        await fixture.RefreshCatalogAsync();
    }

    private TrackedEvent Event(string type, double? value = null, string? eventId = null, TimeSpan? ago = null) =>
        new(new BehaviourEvent(type, fixture.Clock.GetUtcNow() - (ago ?? TimeSpan.Zero), value), eventId);

    [Fact]
    public async Task The_known_customer_takes_the_anonymous_history_profile_and_event_ids_and_the_anonymous_id_forwards()
    {
        await DefineAsync("id-browser", "count(page_view) >= 3 and count(purchase) == 0");
        await DefineAsync("id-browsing-buyer", "count(page_view) >= 3 and count(purchase) >= 1");
        var anonymous = Customer("id-anon-1");
        var known = Customer("id-known-1");
        await anonymous.TrackManyAsync([Event("page_view", ago: TimeSpan.FromHours(3)), Event("page_view", ago: TimeSpan.FromHours(2)), Event("page_view", eventId: "pv-3", ago: TimeSpan.FromHours(1))]);
        await anonymous.MergeProfileAsync(ImmutableDictionary<string, RuleValue>.Empty.Add("country", RuleValue.FromString("SK")).Add("device", RuleValue.FromString("mobile")));
        await known.TrackAsync(Event("purchase", 100, "order-1"));
        await known.MergeProfileAsync(ImmutableDictionary<string, RuleValue>.Empty.Add("country", RuleValue.FromString("CZ")));
        Assert.Contains("id-browser", await anonymous.GetSegmentsAsync());
        Assert.DoesNotContain("id-browsing-buyer", await known.GetSegmentsAsync());

        var outcome = await Identity("id-known-1").IdentifyAsync("id-anon-1", mergeKnownCustomers: false);

        Assert.Equal(IdentifyStatus.Merged, outcome.Status);
        Assert.Contains("id-browsing-buyer", outcome.Segments);
        Assert.Equal("id-known-1", await Identity("id-anon-1").GetAliasOfAsync());
        var snapshot = await anonymous.GetSnapshotAsync();
        Assert.Equal("id-known-1", snapshot.CustomerId);
        Assert.Equal(3, snapshot.Counters["page_view"].Count);
        Assert.Equal(1, snapshot.Counters["purchase"].Count);
        Assert.Equal(fixture.Clock.GetUtcNow() - TimeSpan.FromHours(3), snapshot.FirstSeen);
        Assert.Equal("CZ", snapshot.Profile["country"].AsString);
        Assert.Equal("mobile", snapshot.Profile["device"].AsString);
        Assert.Equal((await known.GetSegmentsAsync()).ToArray(), (await anonymous.GetSegmentsAsync()).ToArray());

        // Redeliveries to either id count once; new events to the anonymous id count for the customer.
        Assert.Equal(1, (await anonymous.TrackAsync(Event("page_view", eventId: "pv-3"))).DuplicatesIgnored);
        Assert.Equal(1, (await known.TrackAsync(Event("page_view", eventId: "pv-3"))).DuplicatesIgnored);
        Assert.Equal(1, (await anonymous.TrackAsync(Event("purchase", 5, "order-1"))).DuplicatesIgnored);
        await anonymous.TrackAsync(Event("page_view"));
        Assert.Equal(4, (await known.GetSnapshotAsync()).Counters["page_view"].Count);

        // The anonymous id's own row keeps only the forward pointer.
        var row = await fixture.ReadCustomerRowAsync("id-anon-1", ClusterFixture.InnerCustomerStorage);
        Assert.Equal("id-known-1", row.State.GetProperty("Identity").GetProperty("AliasOf").GetString());
        Assert.Empty(row.State.GetProperty("Facts").GetProperty("Behaviour").GetProperty("Types").EnumerateObject());

        Assert.Equal(IdentifyStatus.AlreadyMerged, (await Identity("id-known-1").IdentifyAsync("id-anon-1", false)).Status);
    }

    [Fact]
    public async Task The_alias_forwards_after_every_activation_is_collected()
    {
        await Customer("id-anon-restart").TrackAsync(Event("page_view"));
        await Identity("id-known-restart").IdentifyAsync("id-anon-restart", false);

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Customer("id-anon-restart").TrackAsync(Event("page_view"));

        Assert.Equal(2, (await Customer("id-known-restart").GetSnapshotAsync()).Counters["page_view"].Count);
        Assert.Equal("id-known-restart", (await Customer("id-anon-restart").GetSnapshotAsync()).CustomerId);
    }

    [Fact]
    public async Task Merging_two_known_customers_needs_the_flag_and_leaves_every_alias_one_hop_from_the_survivor()
    {
        await Customer("id-chain-anon").TrackAsync(Event("page_view"));
        await Identity("id-chain-k1").IdentifyAsync("id-chain-anon", false);
        await Customer("id-chain-k2").TrackAsync(Event("purchase", 10));
        await Identity("id-chain-k2").IdentifyAsync("id-chain-other", false);

        Assert.Equal(IdentifyStatus.KnownCustomer, (await Identity("id-chain-k2").IdentifyAsync("id-chain-k1", false)).Status);
        Assert.Null(await Identity("id-chain-k1").GetAliasOfAsync());
        Assert.Equal(IdentifyStatus.Merged, (await Identity("id-chain-k2").IdentifyAsync("id-chain-k1", true)).Status);

        Assert.Equal("id-chain-k2", await Identity("id-chain-k1").GetAliasOfAsync());
        Assert.Equal("id-chain-k2", await Identity("id-chain-anon").GetAliasOfAsync());
        await Customer("id-chain-anon").TrackAsync(Event("page_view"));
        var snapshot = await Customer("id-chain-k2").GetSnapshotAsync();
        Assert.Equal(2, snapshot.Counters["page_view"].Count);
        Assert.Equal(1, snapshot.Counters["purchase"].Count);

        // An alias of one customer cannot be claimed by another.
        Assert.Equal(IdentifyStatus.AliasOfAnotherCustomer, (await Identity("id-chain-k3").IdentifyAsync("id-chain-anon", true)).Status);
        Assert.Equal(IdentifyStatus.SameId, (await Identity("id-chain-k3").IdentifyAsync("id-chain-k3", false)).Status);
    }

    [Fact]
    public async Task A_customer_takes_at_most_the_configured_number_of_aliases()
    {
        const int limit = IdentityOptions.DefaultMaxAliasesPerCustomer;
        for (var i = 0; i < limit; i++)
        {
            Assert.Equal(IdentifyStatus.Merged, (await Identity("id-many").IdentifyAsync($"id-many-device-{i}", false)).Status);
        }

        Assert.Equal(IdentifyStatus.AliasLimitReached, (await Identity("id-many").IdentifyAsync("id-many-device-extra", false)).Status);
        Assert.Null(await Identity("id-many-device-extra").GetAliasOfAsync());
        Assert.Equal(IdentifyStatus.AlreadyMerged, (await Identity("id-many").IdentifyAsync("id-many-device-0", false)).Status);
    }

    [Fact]
    public async Task Erasing_the_customer_erases_its_aliases_and_what_was_merged_into_it()
    {
        await Customer("id-erase-anon").TrackAsync(Event("page_view", eventId: "erase-pv"));
        await Identity("id-erase-known").IdentifyAsync("id-erase-anon", false);

        await Customer("id-erase-anon").EraseAsync();

        Assert.False((await fixture.ReadCustomerRowAsync("id-erase-anon", ClusterFixture.InnerCustomerStorage)).RecordExists);
        Assert.False((await fixture.ReadCustomerRowAsync("id-erase-known", ClusterFixture.InnerCustomerStorage)).RecordExists);
        Assert.Null(await Identity("id-erase-anon").GetAliasOfAsync());
        Assert.Empty((await Customer("id-erase-known").GetSnapshotAsync()).Counters);
        Assert.Equal(0, (await Customer("id-erase-anon").TrackAsync(Event("page_view", eventId: "erase-pv"))).DuplicatesIgnored);
        Assert.Equal("id-erase-anon", (await Customer("id-erase-anon").GetSnapshotAsync()).CustomerId);
    }

    [Fact]
    public async Task A_merge_whose_hand_over_failed_to_store_leaves_both_as_they_were_and_completes_when_retried()
    {
        await Customer("id-fail-anon").TrackManyAsync([Event("page_view", eventId: "f-1"), Event("page_view", eventId: "f-2")]);
        await Customer("id-fail-known").TrackAsync(Event("purchase", 10, "f-3"));
        FailingWritesStorage.FailNextWrite(ClusterFixture.CustomerGrainId("id-fail-anon"));

        await Assert.ThrowsAnyAsync<Exception>(() => Identity("id-fail-known").IdentifyAsync("id-fail-anon", false));
        var knownRow = await fixture.ReadCustomerRowAsync("id-fail-known", ClusterFixture.InnerCustomerStorage);
        Assert.Single(knownRow.State.GetProperty("Facts").GetProperty("Behaviour").GetProperty("Types").EnumerateObject());

        Assert.Equal(IdentifyStatus.Merged, (await Identity("id-fail-known").IdentifyAsync("id-fail-anon", false)).Status);
        var snapshot = await Customer("id-fail-known").GetSnapshotAsync();
        Assert.Equal(2, snapshot.Counters["page_view"].Count);
        Assert.Equal(1, snapshot.Counters["purchase"].Count);
        var row = await fixture.ReadCustomerRowAsync("id-fail-known", ClusterFixture.InnerCustomerStorage);
        Assert.False(row.State.GetProperty("Identity").TryGetProperty("PendingMerge", out _));
        Assert.Equal(["f-3", "f-1", "f-2"], row.State.GetProperty("RecentEventIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Events_to_both_ids_while_merges_run_are_neither_lost_nor_counted_twice()
    {
        const int pairs = 12;
        const int eventsPerId = 30;
        var work = new List<Task>();
        for (var pair = 0; pair < pairs; pair++)
        {
            var anonymous = $"id-race-anon-{pair}";
            var known = $"id-race-known-{pair}";
            foreach (var id in new[] { anonymous, known })
            {
                var target = Customer(id);
                var prefix = $"{id}-e";
                work.Add(Task.Run(async () =>
                {
                    for (var i = 0; i < eventsPerId; i++)
                    {
                        var e = Event("page_view", 1, $"{prefix}{i}");
                        await target.TrackAsync(e);

                        // Every third event is delivered again, to the other id as well, as a retrying client might.
                        if (i % 3 == 0)
                        {
                            await target.TrackAsync(e);
                        }
                    }
                }));
            }

            work.Add(Task.Run(async () =>
            {
                await Task.Delay(pair % 4 * 5);
                Assert.Equal(IdentifyStatus.Merged, (await Identity(known).IdentifyAsync(anonymous, false)).Status);
            }));
        }

        await Task.WhenAll(work);

        for (var pair = 0; pair < pairs; pair++)
        {
            var known = Customer($"id-race-known-{pair}");
            var counters = (await known.GetSnapshotAsync()).Counters["page_view"];
            Assert.Equal(2 * eventsPerId, counters.Count);
            Assert.Equal(2 * eventsPerId, counters.Sum);

            // Every event id is known once merged: sending all of them again to the anonymous id changes nothing.
            var again = await Customer($"id-race-anon-{pair}").TrackManyAsync([.. Enumerable.Range(0, eventsPerId).Select(i => Event("page_view", 1, $"id-race-anon-{pair}-e{i}"))]);
            Assert.Equal(eventsPerId, again.DuplicatesIgnored);
            Assert.Equal(2 * eventsPerId, (await known.GetSnapshotAsync()).Counters["page_view"].Count);
        }
    }
}
