using Microsoft.Extensions.Options;

namespace Personalization.Campaigns.Delivery;

/// <summary>Counts the live streams this host serves, so they stay within <see cref="CampaignOptions.MaxStreams"/>.</summary>
public sealed class StreamSlots(IOptions<CampaignOptions> options)
{
    private int open;

    public int Open => Volatile.Read(ref open);

    public int Limit => options.Value.MaxStreams;

    public bool TryTake()
    {
        if (Interlocked.Increment(ref open) <= Limit)
        {
            return true;
        }

        Interlocked.Decrement(ref open);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref open);
}
