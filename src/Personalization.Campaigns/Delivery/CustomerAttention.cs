using Personalization.Rules;

namespace Personalization.Campaigns.Delivery;

/// <summary>
/// What makes a customer's activity worth forwarding beyond triggers and conversions: a live stream that wants segment
/// changes, or a session-scoped offer whose session every event extends. Kept as a component of the customer grain's
/// activation, so the listener reads it on the grain's own turn with no call and no silo-wide table. It is lost with the
/// activation: streams renew it, and a new activation's first event goes to the campaign grain, which follows the
/// session again if it still holds a session offer.
/// </summary>
internal sealed class CustomerAttention
{
    // Stream leases count in real time: they track connections, which the engine clock (moved by tests and backfills) does not.
    private long streamLeaseUntilMs;
    private DateTimeOffset followSessionUntil;

    public static CustomerAttention? Of(IGrainContext? context) => context?.GetComponent(typeof(CustomerAttention)) as CustomerAttention;

    public static CustomerAttention On(IGrainContext context)
    {
        if (Of(context) is { } existing)
        {
            return existing;
        }

        var created = new CustomerAttention();
        context.SetComponent(created);
        return created;
    }

    public bool HasLiveStream => Environment.TickCount64 < Volatile.Read(ref streamLeaseUntilMs);

    public void LeaseStream(TimeSpan lease) =>
        Volatile.Write(ref streamLeaseUntilMs, Math.Max(Volatile.Read(ref streamLeaseUntilMs), Environment.TickCount64 + (long)lease.TotalMilliseconds));

    /// <summary>Follows the customer's events while the session may go on: until the session timeout passes with none.</summary>
    public void FollowSession(DateTimeOffset lastActivity)
    {
        var until = lastActivity + SegmentCatalog.SessionTimeout;
        if (until > followSessionUntil)
        {
            followSessionUntil = until;
        }
    }

    public bool FollowsSessionAt(DateTimeOffset at) => at < followSessionUntil;

    private bool sessionChecked;

    /// <summary>True once per activation: its first event must be shown to the campaign grain, which may hold a session offer.</summary>
    public bool TryClaimSessionCheck()
    {
        if (sessionChecked)
        {
            return false;
        }

        sessionChecked = true;
        return true;
    }
}
