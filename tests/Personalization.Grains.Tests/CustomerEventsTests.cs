using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.TestingHost;
using Personalization.Customers;
using Personalization.Hosting;
using Orleans.Configuration;
using Personalization.Persistence;
using Personalization.Rules;
using Personalization.Segments;
using Personalization.Timing;
using Xunit.Abstractions;

namespace Personalization.Grains.Tests;

/// <summary>Grain calls that delivered events to a customer (TrackAsync or TrackManyAsync), counted by every silo of these tests.</summary>
public static class CountedTrackCalls
{
    private static readonly ConcurrentDictionary<string, int> Calls = new(StringComparer.Ordinal);

    public static int To(string customerId) => Calls.GetValueOrDefault(customerId);

    public static void AddFilter(ISiloBuilder silo) => silo.AddIncomingGrainCallFilter(context =>
    {
        if (context.Grain is ICustomerGrain && context.InterfaceMethod.Name is nameof(ICustomerGrain.TrackAsync) or nameof(ICustomerGrain.TrackManyAsync))
        {
            Calls.AddOrUpdate(context.TargetId.Key.ToString()!, 1, (_, calls) => calls + 1);
        }

        return context.Invoke();
    });
}

/// <summary>
/// A one-silo cluster with the engine's grains and every grain call to a customer counted, to tell events handed to an
/// activation on the silo from those that went through Orleans.
/// </summary>
public abstract class CountedCallsCluster<TConfigurator> : IAsyncLifetime
    where TConfigurator : ISiloConfigurator, new()
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(initialSilosCount: 1).AddSiloBuilderConfigurator<TConfigurator>().Build();

    public IServiceProvider Silo => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public CustomerEvents Events => Silo.GetRequiredService<CustomerEvents>();

    public static TrackedEvent Event(string type, double? value = null, string? eventId = null) =>
        new(new BehaviourEvent(type, Clock.GetUtcNow(), value), eventId);

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    // The silo is built by TestingHost from a configurator type, so its clock is a static.
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    protected static void AddEngine(ISiloBuilder silo, DurabilityMode durability)
    {
        CountedTrackCalls.AddFilter(silo);
        silo.AddMemoryGrainStorage(StorageNames.Customers);
        silo.AddMemoryGrainStorage(StorageNames.Catalog);
        silo.AddMemoryGrainStorage(StorageNames.Membership);
        silo.Services.AddKeyedSingleton<TimeProvider>(EngineClock.ServiceKey, Clock);
        silo.AddPersonalizationGrains(
            catalog => catalog.Configure(options => options.RefreshInterval = TimeSpan.FromMilliseconds(50)),
            customers => customers.Configure(options => options.Durability = durability));
    }
}

public sealed class AnswerAtOnceCluster : CountedCallsCluster<AnswerAtOnceCluster.Configurator>
{
    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) => AddEngine(silo, DurabilityMode.OnDeactivation);
    }
}

public sealed class AcknowledgedCluster : CountedCallsCluster<AcknowledgedCluster.Configurator>
{
    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) => AddEngine(silo, DurabilityMode.Acknowledged);
    }
}

/// <summary>Customers idle for <see cref="CollectionAge"/> are collected, checked every half second.</summary>
public sealed class ShortCollectionCluster : CountedCallsCluster<ShortCollectionCluster.Configurator>
{
    public static readonly TimeSpan CollectionAge = TimeSpan.FromSeconds(3);

    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            AddEngine(silo, DurabilityMode.OnDeactivation);
            silo.Configure<GrainCollectionOptions>(collection =>
            {
                collection.CollectionQuantum = TimeSpan.FromMilliseconds(500);
                collection.ClassSpecificCollectionAge["Personalization.Customers.CustomerGrain"] = CollectionAge;
            });
        }
    }
}

/// <summary>
/// Events handed straight to a customer's activation on the silo (<see cref="CustomerEvents"/>) count exactly as grain
/// calls do, and go through Orleans whenever the activation could not keep them: not registered yet, deactivating,
/// gone, or waiting for writes.
/// </summary>
public sealed class CustomerEventsTests(AnswerAtOnceCluster cluster) : IClassFixture<AnswerAtOnceCluster>
{
    private readonly IGrainFactory grains = cluster.Cluster.GrainFactory;

    [Fact]
    public async Task A_registered_active_customers_events_are_applied_without_a_grain_call()
    {
        var first = await cluster.Events.TrackAsync("ce-direct", AnswerAtOnceCluster.Event("purchase", 10));
        var second = await cluster.Events.TrackAsync("ce-direct", AnswerAtOnceCluster.Event("purchase", 20));
        var batch = await cluster.Events.TrackAsync("ce-direct", [AnswerAtOnceCluster.Event("purchase", 30), AnswerAtOnceCluster.Event("purchase", 40, "inv-1"), AnswerAtOnceCluster.Event("purchase", 40, "inv-1")]);

        // The first event activates and registers the customer, which only a grain call can do.
        Assert.Equal(1, CountedTrackCalls.To("ce-direct"));
        Assert.Empty(first.Change.Segments);
        Assert.Equal(0, second.DuplicatesIgnored);
        Assert.Equal(1, batch.DuplicatesIgnored);
        var purchases = (await grains.GetCustomerGrain("ce-direct").GetSnapshotAsync()).Counters["purchase"];
        Assert.Equal(4, purchases.Count);
        Assert.Equal(100, purchases.Sum);
    }

    [Fact]
    public async Task A_direct_event_answers_with_the_segments_it_changed()
    {
        await grains.GetGrain<ISegmentCatalogGrain>(0).PutAsync(new SegmentDraft("ce-two-views", "two views", null, "count(ce_view) >= 2"));
        await Silo<SegmentCatalogCache>().RefreshAsync();

        var first = await cluster.Events.TrackAsync("ce-answer", AnswerAtOnceCluster.Event("ce_view"));
        var second = await cluster.Events.TrackAsync("ce-answer", AnswerAtOnceCluster.Event("ce_view"));

        Assert.Empty(first.Change.Entered);
        Assert.Equal("ce-two-views", Assert.Single(second.Change.Entered));
        Assert.Contains("ce-two-views", second.Change.Segments);
        Assert.Equal(1, CountedTrackCalls.To("ce-answer"));
        Assert.Contains("ce-two-views", await grains.GetCustomerGrain("ce-answer").GetSegmentsAsync());
    }

    [Fact]
    public async Task Events_after_the_activation_ends_go_through_Orleans_to_the_next_one()
    {
        await cluster.Events.TrackAsync("ce-collected", AnswerAtOnceCluster.Event("purchase", 1));
        await cluster.Events.TrackAsync("ce-collected", AnswerAtOnceCluster.Event("purchase", 2));
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        await cluster.Events.TrackAsync("ce-collected", AnswerAtOnceCluster.Event("purchase", 3));
        await cluster.Events.TrackAsync("ce-collected", AnswerAtOnceCluster.Event("purchase", 4));

        Assert.Equal(2, CountedTrackCalls.To("ce-collected"));
        var purchases = (await grains.GetCustomerGrain("ce-collected").GetSnapshotAsync()).Counters["purchase"];
        Assert.Equal(4, purchases.Count);
        Assert.Equal(10, purchases.Sum);
    }

    [Fact]
    public async Task No_event_is_lost_when_the_activation_is_collected_while_events_stream_in()
    {
        const int Senders = 8;
        const int Collections = 30;
        const int MaxEventsPerSender = 20_000;
        var customers = Enumerable.Range(0, 4).Select(i => $"ce-race-{i}").ToArray();
        foreach (var customer in customers)
        {
            await cluster.Events.TrackAsync(customer, AnswerAtOnceCluster.Event("ce_race", 0));
        }

        // Senders stream events until the collections are done (or their cap), so collections land among them.
        var management = grains.GetGrain<IManagementGrain>(0);
        var collecting = true;
        var senders = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            var sent = 0;
            while (Volatile.Read(ref collecting) && sent < MaxEventsPerSender)
            {
                await cluster.Events.TrackAsync(customers[(sender + sent) % customers.Length], AnswerAtOnceCluster.Event("ce_race", 1));
                sent++;
            }

            return sent;
        })).ToArray();
        for (var i = 0; i < Collections; i++)
        {
            await Task.Delay(10);
            await management.ForceActivationCollection(TimeSpan.Zero);
        }

        Volatile.Write(ref collecting, false);
        var sentInAll = (await Task.WhenAll(senders)).Sum();

        var counted = 0.0;
        foreach (var customer in customers)
        {
            counted += (await grains.GetCustomerGrain(customer).GetSnapshotAsync()).Counters["ce_race"].Sum;
        }

        Assert.Equal(sentInAll, counted);
        // Some went straight to an activation and some through Orleans after a collection, or the race was not run.
        var grainCalls = customers.Sum(CountedTrackCalls.To);
        Assert.InRange(grainCalls, customers.Length + 1, customers.Length + sentInAll - 1);
    }

    private T Silo<T>()
        where T : notnull => cluster.Silo.GetRequiredService<T>();
}

public sealed class AcknowledgedCustomerEventsTests(AcknowledgedCluster cluster) : IClassFixture<AcknowledgedCluster>
{
    [Fact]
    public async Task With_acknowledged_writes_every_event_is_a_grain_call()
    {
        for (var i = 0; i < 3; i++)
        {
            await cluster.Events.TrackAsync("ce-acknowledged", AcknowledgedCluster.Event("purchase", 5));
        }

        Assert.Equal(3, CountedTrackCalls.To("ce-acknowledged"));
        var snapshot = await cluster.Cluster.GrainFactory.GetCustomerGrain("ce-acknowledged").GetSnapshotAsync();
        Assert.Equal(3, snapshot.Counters["purchase"].Count);
    }
}

/// <summary>
/// A customer fed only through <see cref="CustomerEvents"/> turns: what docs/architecture.md says of its collection.
/// Bounds that a slow machine could break are derived from the time the test measured, not from a count it assumed.
/// </summary>
public sealed class CustomerEventsCollectionTests(ShortCollectionCluster cluster, ITestOutputHelper output) : IClassFixture<ShortCollectionCluster>
{
    [Fact]
    public async Task A_customer_fed_only_directly_stays_active_while_busy_and_is_collected_no_sooner_than_three_quarters_of_the_age_after_its_last_event()
    {
        var age = ShortCollectionCluster.CollectionAge;
        var active = cluster.Silo.GetRequiredService<ActiveCustomers>();
        await cluster.Events.TrackAsync("ce-kept", ShortCollectionCluster.Event("purchase", 1));
        var activation = active.FindGrain("ce-kept", out _);
        Assert.NotNull(activation);

        // Twice the collection age of events, each well within it of the last.
        var busy = Stopwatch.StartNew();
        var sent = 1;
        while (busy.Elapsed < 2 * age)
        {
            await Task.Delay(100);
            await cluster.Events.TrackAsync("ce-kept", ShortCollectionCluster.Event("purchase", 1));
            sent++;
            Assert.Same(activation, active.FindGrain("ce-kept", out _));
        }

        var lastEvent = Stopwatch.GetTimestamp();
        var busyFor = busy.Elapsed;

        // A grain call at most once a quarter of the age told Orleans the activation is in use (the first event's call,
        // then one per quarter the busy time spanned, plus one for a quarter begun); the rest went straight to it.
        var grainCalls = CountedTrackCalls.To("ce-kept");
        var mostGrainCalls = 2 + (int)(busyFor / (age / 4));
        Assert.InRange(grainCalls, 3, Math.Min(mostGrainCalls, sent - 1));

        // Collected no sooner than three quarters of the age after the last event: the last grain call was at most a
        // quarter before it. When it goes depends on Orleans' collection pass and on the machine, so the upper bound is
        // the age plus generous slack, and the time is printed.
        var idleUntil = DateTime.UtcNow + age + TimeSpan.FromSeconds(10);
        while (active.FindGrain("ce-kept", out _) is not null && DateTime.UtcNow < idleUntil)
        {
            await Task.Delay(20);
        }

        var collectedAfter = Stopwatch.GetElapsedTime(lastEvent);
        output.WriteLine($"{sent} events over {busyFor.TotalSeconds:0.0} s, {grainCalls} of them grain calls; collected {collectedAfter.TotalSeconds:0.00} s after the last event (collection age {age.TotalSeconds} s)");
        Assert.Null(active.FindGrain("ce-kept", out _));
        // The last event's time is read after its answer came back, a little late; a quarter second covers that.
        Assert.True(collectedAfter >= (age * 0.75) - TimeSpan.FromMilliseconds(250), $"collected {collectedAfter.TotalSeconds:0.00} s after the last event, sooner than three quarters of {age.TotalSeconds} s");
        var purchases = (await cluster.Cluster.GrainFactory.GetCustomerGrain("ce-kept").GetSnapshotAsync()).Counters["purchase"];
        Assert.Equal(sent, purchases.Count);
    }
}
