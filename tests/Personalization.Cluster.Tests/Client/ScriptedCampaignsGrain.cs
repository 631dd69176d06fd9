using System.Collections.Immutable;
using Personalization.Campaigns;
using Personalization.Campaigns.Delivery;
using Personalization.Customers;

namespace Personalization.Cluster.Tests.Client;

/// <summary>A customer's campaign grain that answers its offers, after the failures a test queues. Only offers are read by the SDK.</summary>
internal sealed class ScriptedCampaignsGrain(ImmutableArray<OfferView> offers) : ICustomerCampaignsGrain
{
    private readonly Queue<Exception> failures = new();
    private int offerCalls;

    public int OfferCalls => Volatile.Read(ref offerCalls);

    public ScriptedCampaignsGrain Then(Exception failure)
    {
        failures.Enqueue(failure);
        return this;
    }

    public Task<ImmutableArray<OfferView>> GetOffersAsync()
    {
        Interlocked.Increment(ref offerCalls);
        lock (failures)
        {
            return failures.TryDequeue(out var failure) ? Task.FromException<ImmutableArray<OfferView>>(failure) : Task.FromResult(offers);
        }
    }

    public Task OnActivityAsync(CustomerActivity activity, bool firstOfActivation) => throw NotUsed();

    public Task EraseAsync() => throw NotUsed();

    public Task<OutcomeResult> RecordOutcomeAsync(string offerId, OfferOutcome outcome) => throw NotUsed();

    public Task SubscribeAsync(ICustomerFeedObserver observer) => throw NotUsed();

    public Task UnsubscribeAsync(ICustomerFeedObserver observer) => throw NotUsed();

    public Task AbsorbAsync(string absorbedId) => throw NotUsed();

    public Task<string> ExportAsync() => throw NotUsed();

    public Task HandOverAsync(string customerId) => throw NotUsed();

    private static InvalidOperationException NotUsed() => new("The client SDK does not call this grain method.");
}
