namespace Personalization.Membership;

public sealed class HourCounts
{
    public int Entries { get; set; }

    public int Exits { get; set; }
}
