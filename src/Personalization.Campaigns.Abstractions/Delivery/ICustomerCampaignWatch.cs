using Orleans.Concurrency;

namespace Personalization.Campaigns.Delivery;

/// <summary>Installed on a customer grain's activation by those who need its activity: live streams, and session offers.</summary>
public interface ICustomerCampaignWatch : IGrainExtension
{
    /// <summary>A live stream wants segment changes for <paramref name="lease"/>; streams renew before it runs out.</summary>
    [AlwaysInterleave]
    Task LeaseStreamAsync(TimeSpan lease);

    /// <summary>A session-scoped offer is pending: forward every event while the session may go on after <paramref name="lastActivity"/>.</summary>
    [AlwaysInterleave]
    Task FollowSessionAsync(DateTimeOffset lastActivity);
}
