namespace Personalization.Customers;

/// <summary>
/// A customer grain active on this silo: its id (the instance segment shards' member lists share), the membership it
/// last shared for lookups, the activation that events from this silo are handed to, and, being the booking itself,
/// its place in the re-evaluation schedule. One object per active customer stands for the table entry, the booking and
/// the grain's reference to itself, which would otherwise be objects of their own.
/// </summary>
public class ActiveCustomer : ReevaluationSchedule.Booking
{
    internal ActiveCustomer(string id, CustomerGrain? grain)
        : base(id)
    {
        Grain = grain;
    }

    /// <summary>Written by the customer's grain after every evaluation that changed it; read by lookups on any thread.</summary>
    public volatile CustomerMembership? Membership;

    /// <summary>
    /// Written by the customer's grain after every evaluation against a catalog that ranks with <c>percentile</c>: what the
    /// customer adds to the silo's population sketches (<see cref="Population.PopulationCache"/>).
    /// </summary>
    public volatile Population.PopulationValues? PopulationValues;

    /// <summary>
    /// Set by a population refresh that may change this customer's answers (its value lies between a compared cut point's
    /// old and new place); lookups then go to the grain, which evaluates every segment and clears it.
    /// </summary>
    public volatile bool PopulationStale;

    /// <summary>The activation, until its deactivation begins; <see cref="CustomerEvents"/> hands it events from this silo.</summary>
    internal volatile CustomerGrain? Grain;
}
