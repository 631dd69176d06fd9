using System.Runtime.CompilerServices;
using Personalization.Rules.Facts;
using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

/// <summary>A silo keeps every active customer's ledger in memory, and most customers have a few event types with an event or two each.</summary>
public sealed class LedgerFootprintTests
{
    [Fact]
    public void A_retained_event_takes_32_bytes_and_an_activity_mark_16()
    {
        // 48 and 24 bytes while they held a DateTimeOffset and a double?, 16 bytes each.
        Assert.Equal(32, Unsafe.SizeOf<RetainedEvent>());
        Assert.Equal(16, Unsafe.SizeOf<ActivityMark>());
    }

    [Fact]
    public void Recording_a_typical_customers_first_events_allocates_about_a_kilobyte()
    {
        var catalog = Catalog("count(purchase, 30d) > 0", "count(page_view, session) >= 1");
        BehaviourEvent[] Visit() => [Event("page_view", Minutes(30), null, "s1"), Event("add_to_cart", Minutes(20), null, "s1"), Event("purchase", Minutes(10), 42, "s1")];
        new CustomerFacts().With(catalog, Visit());
        var visit = Visit();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var facts = new CustomerFacts().With(catalog, visit);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // 1,432 bytes with a dictionary of types and lists of events and marks; 1,016 with arrays and compact fields;
        // 992 with counts as ints.
        Assert.InRange(allocated, 1, 1_000);
        Assert.True(BehaviourTests.AllMatch(catalog, facts));
    }

    [Fact]
    public void A_types_counts_stop_at_the_largest_int_instead_of_wrapping()
    {
        var ledger = new EventTypeLedger { Count = int.MaxValue, ValuedCount = long.MaxValue };

        Assert.Equal(int.MaxValue, ledger.Count);
        Assert.Equal(int.MaxValue, ledger.ValuedCount);
        ledger.Count++;
        Assert.Equal(int.MaxValue, ledger.Count);
    }

    [Fact]
    public void Dropped_events_are_found_by_removal_number_while_the_numbers_wrap_around()
    {
        var dropped = new DroppedEvents();
        var first = int.MaxValue - DroppedEvents.Kept / 2;
        for (var i = 0; i < DroppedEvents.Kept; i++)
        {
            dropped.Add(unchecked(first + i), new RetainedEvent(i, null, null, null));
        }

        for (var i = 0; i < DroppedEvents.Kept; i++)
        {
            Assert.Equal(i, dropped[unchecked(first + i)].UtcTicks);
        }

        Assert.Equal(DroppedEvents.Kept - 1, dropped.ThroughTicks);
    }
}
