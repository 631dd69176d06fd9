namespace Personalization.Rules.Population;

/// <summary>
/// Where compiled catalogs read the population's distributions from: the latest published <see cref="PopulationSnapshot"/>.
/// One per silo, shared by its catalogs; publishing swaps one reference, so readers on any thread see a whole snapshot.
/// </summary>
public sealed class PopulationRanks
{
    private PopulationSnapshot current = PopulationSnapshot.None;

    public PopulationSnapshot Current => Volatile.Read(ref current);

    public void Publish(PopulationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        // A full fence, not a release write: a refresh then reads the customers' shared values, and that read must not
        // move before this write (customers check the other way round after sharing theirs).
        Interlocked.Exchange(ref current, snapshot);
    }
}
