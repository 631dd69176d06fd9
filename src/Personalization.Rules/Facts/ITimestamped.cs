namespace Personalization.Rules.Facts;

/// <summary>Something kept in time order: a retained event or an activity mark.</summary>
internal interface ITimestamped
{
    long UtcTicks { get; }
}
