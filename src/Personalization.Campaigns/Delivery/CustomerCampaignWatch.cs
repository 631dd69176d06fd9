namespace Personalization.Campaigns.Delivery;

internal sealed class CustomerCampaignWatch(IGrainContext context) : ICustomerCampaignWatch
{
    public Task LeaseStreamAsync(TimeSpan lease)
    {
        CustomerAttention.On(context).LeaseStream(lease);
        return Task.CompletedTask;
    }

    public Task FollowSessionAsync(DateTimeOffset lastActivity)
    {
        CustomerAttention.On(context).FollowSession(lastActivity);
        return Task.CompletedTask;
    }
}
