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
        Volatile.Write(ref current, snapshot);
    }
}
