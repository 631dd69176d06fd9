using Microsoft.Extensions.DependencyInjection;
using Personalization.Timing;

namespace Personalization.Customers;

/// <summary>
/// One timer on the engine clock for the whole silo instead of one per active customer. Each customer books the next
/// instant its segments can change with no new event (a window edge, a recency threshold); the schedule sends it a
/// re-evaluation then. A timer per customer would hold its own heap objects for every active customer and take the
/// process-wide timer queue lock whenever one was moved.
/// </summary>
/// <remarks>
/// A booking that moves is not searched for in the queue: the queue keeps the old node, which is skipped when it comes
/// up because its time no longer matches the booking. The queue is rebuilt when such stale nodes outnumber the live ones.
/// </remarks>
public sealed class ReevaluationSchedule : IDisposable
{
    // Timers refuse due times past about 49.7 days (2^32 - 2 ms); rules such as "days_since(purchase) >= 90" are further
    // away, so the timer wakes at the limit and arms the next stretch.
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(49);

    private readonly TimeProvider time;
    private readonly IGrainFactory grains;
    private readonly Lock gate = new();
    private readonly PriorityQueue<Booking, long> queue = new();
    private readonly ITimer timer;
    private long timerDueTicks = long.MaxValue;
    private int liveBookings;

    public ReevaluationSchedule([FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time, IGrainFactory grains)
    {
        this.time = time;
        this.grains = grains;
        timer = time.CreateTimer(static schedule => ((ReevaluationSchedule)schedule!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Bookings waiting: a booking leaves when it fires or its activation ends.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return liveBookings;
            }
        }
    }

    /// <summary>
    /// Books a re-evaluation of <paramref name="booking"/>'s customer at <paramref name="at"/>. A booking already due
    /// earlier is kept: it fires, the customer finds nothing stale and books again, which costs less than moving it on
    /// every event (nearly every event moves the next change later).
    /// </summary>
    public void Book(Booking booking, DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        var now = time.GetUtcNow().UtcTicks;

        // Nearly every event finds its booking due earlier and keeps it, which needs no lock: only the customer's own
        // turns book it, and a Fire racing this read takes the booking and sends a re-evaluation, which books again.
        var booked = booking.DueTicks;
        if (booked != long.MaxValue && booked > now && booked <= ticks)
        {
            return;
        }

        lock (gate)
        {
            if (booking.Cancelled)
            {
                return;
            }

            if (booking.DueTicks == long.MaxValue)
            {
                liveBookings++;
            }

            booking.DueTicks = ticks;
            queue.Enqueue(booking, ticks);
            if (queue.Count > 2 * liveBookings + 1024)
            {
                DropStaleNodes();
            }

            ArmTimer(now);
        }
    }

    /// <summary>Ends the booking for good: the customer's activation is over, and a re-evaluation would only bring it back.</summary>
    public void Cancel(Booking booking)
    {
        lock (gate)
        {
            if (booking.DueTicks != long.MaxValue)
            {
                liveBookings--;
            }

            booking.Cancelled = true;
            booking.DueTicks = long.MaxValue;
        }
    }

    public void Dispose() => timer.Dispose();

    private void Fire()
    {
        List<string>? due = null;
        lock (gate)
        {
            var now = time.GetUtcNow().UtcTicks;
            while (queue.TryPeek(out var booking, out var ticks) && ticks <= now)
            {
                queue.Dequeue();
                if (booking.DueTicks == ticks)
                {
                    booking.DueTicks = long.MaxValue;
                    liveBookings--;
                    (due ??= []).Add(booking.CustomerId);
                }
            }

            timerDueTicks = long.MaxValue;
            ArmTimer(now);
        }

        // Outside the lock: a one-way message per customer, handled in its own activation.
        foreach (var customerId in due ?? [])
        {
            grains.GetCustomerGrain(customerId).ReevaluateAsync().Ignore();
        }
    }

    private void ArmTimer(long now)
    {
        while (queue.TryPeek(out var head, out var ticks) && head.DueTicks != ticks)
        {
            queue.Dequeue();
        }

        if (!queue.TryPeek(out _, out var next) || next >= timerDueTicks)
        {
            return;
        }

        var delay = TimeSpan.FromTicks(Math.Max(0, next - now));
        if (delay > MaxTimerDelay)
        {
            delay = MaxTimerDelay;
        }

        timerDueTicks = now + delay.Ticks;
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void DropStaleNodes()
    {
        var live = queue.UnorderedItems.Where(node => node.Element.DueTicks == node.Priority).ToList();
        queue.Clear();
        queue.EnqueueRange(live);
    }

    /// <summary>A customer activation's place in the schedule; booked again as often as needed, cancelled once.</summary>
    /// <remarks>
    /// Holds the customer's id, not a grain reference: a reference is 48 bytes per active customer kept for a call
    /// that most of them never get, and is made when the booking fires instead.
    /// </remarks>
    public abstract class Booking(string customerId)
    {
        public string CustomerId { get; } = customerId;

        // long.MaxValue when nothing is booked.
        internal long DueTicks { get; set; } = long.MaxValue;

        internal bool Cancelled { get; set; }
    }
}
