using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Personalization.Campaigns.Delivery;
using Personalization.Customers;
using Personalization.Identity;
using Polly;
using Polly.Retry;

namespace Personalization.Client;

/// <summary>
/// <see cref="IPersonalization"/> over Orleans grain calls. Each attempt is bounded by the call timeout and the whole
/// call is retried on transient failures. A track is only safe to retry because every event carries an event id, which
/// the customer grain remembers in its stored state: an attempt that was stored before its answer was lost is counted once.
/// </summary>
internal sealed class PersonalizationClient : IPersonalization
{
    private readonly Func<string, ICustomerGrain> customers;
    private readonly Func<string, ICustomerCampaignsGrain> campaigns;
    private readonly Func<string, ICustomerIdentityGrain>? identities;
    private readonly TimeProvider time;
    private readonly ResiliencePipeline pipeline;

    public PersonalizationClient(IGrainFactory grains, IOptions<PersonalizationClientOptions> options)
        : this(id => grains.GetCustomerGrain(id), id => grains.GetGrain<ICustomerCampaignsGrain>(id), options.Value, TimeProvider.System, id => grains.GetGrain<ICustomerIdentityGrain>(id))
    {
    }

    internal PersonalizationClient(
        Func<string, ICustomerGrain> customers,
        Func<string, ICustomerCampaignsGrain> campaigns,
        PersonalizationClientOptions options,
        TimeProvider time,
        Func<string, ICustomerIdentityGrain>? identities = null)
    {
        this.customers = customers;
        this.campaigns = campaigns;
        this.identities = identities;
        this.time = time;
        pipeline = BuildPipeline(options, time);
    }

    public Task<IReadOnlyList<string>> GetSegmentsAsync(string customerId, CancellationToken cancellationToken = default)
    {
        EventValidation.RequireCustomerId(customerId, nameof(customerId));
        var customer = customers(customerId);
        return CallAsync<IReadOnlyList<string>>(
            async () => await customer.GetSegmentsAsync() is { IsDefault: false } segments ? segments : [],
            $"Reading the segments of '{customerId}'",
            cancellationToken);
    }

    public Task<TrackResult> TrackAsync(string customerId, CustomerEvent customerEvent, CancellationToken cancellationToken = default)
    {
        EventValidation.RequireCustomerId(customerId, nameof(customerId));
        var tracked = EventValidation.ToTrackedEvent(customerEvent, time.GetUtcNow(), NewEventId, nameof(customerEvent));
        var customer = customers(customerId);
        return CallAsync(
            async () => Result(await customer.TrackAsync(tracked), [tracked]),
            $"Tracking {tracked.Event.Type} of '{customerId}'",
            cancellationToken);
    }

    public Task<TrackResult> TrackAsync(string customerId, IReadOnlyList<CustomerEvent> customerEvents, CancellationToken cancellationToken = default)
    {
        EventValidation.RequireCustomerId(customerId, nameof(customerId));
        var tracked = EventValidation.ToTrackedEvents(customerEvents, time.GetUtcNow(), NewEventId, nameof(customerEvents));
        var customer = customers(customerId);
        return CallAsync(
            async () => Result(await customer.TrackManyAsync(tracked), tracked),
            $"Tracking {tracked.Length} events of '{customerId}'",
            cancellationToken);
    }

    public Task<IReadOnlyList<PendingOffer>> GetOffersAsync(string customerId, CancellationToken cancellationToken = default)
    {
        EventValidation.RequireCustomerId(customerId, nameof(customerId));
        var customer = campaigns(customerId);
        return CallAsync<IReadOnlyList<PendingOffer>>(
            async () => [.. (await customer.GetOffersAsync()).Select(o => new PendingOffer(o.OfferId, o.CampaignId, o.Variant, o.Content, o.CreatedAt, o.ExpiresAt))],
            $"Reading the offers of '{customerId}'",
            cancellationToken);
    }

    public Task<IdentifyResult> IdentifyAsync(string anonymousId, string customerId, bool mergeKnownCustomers = false, CancellationToken cancellationToken = default)
    {
        EventValidation.RequireCustomerId(anonymousId, nameof(anonymousId));
        EventValidation.RequireCustomerId(customerId, nameof(customerId));
        if (string.Equals(anonymousId, customerId, StringComparison.Ordinal))
        {
            throw new ArgumentException("The anonymous id must differ from the customer id.", nameof(anonymousId));
        }

        var customer = (identities ?? throw new InvalidOperationException("This client was built without identity grains."))(customerId);

        // Safe to retry: a merge is idempotent, and a retry completes one cut short.
        return CallAsync(
            async () =>
            {
                var outcome = await customer.IdentifyAsync(anonymousId, mergeKnownCustomers);
                return new IdentifyResult(outcome.Status, outcome.CustomerId, outcome.Segments.IsDefault ? [] : outcome.Segments);
            },
            $"Identifying '{anonymousId}' as '{customerId}'",
            cancellationToken);
    }

    /// <summary>Version 7 GUIDs start with the time, so generated ids sort in the order they were made.</summary>
    private static string NewEventId() => Guid.CreateVersion7().ToString("N");

    private static TrackResult Result(TrackOutcome outcome, ImmutableArray<TrackedEvent> tracked) => new(
        outcome.Change.Segments,
        outcome.Change.Entered,
        outcome.Change.Exited,
        [.. tracked.Select(e => e.EventId!)],
        outcome.DuplicatesIgnored);

    private async Task<T> CallAsync<T>(Func<Task<T>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            // Orleans grain calls take no token here, so WaitAsync is what lets the timeout and the caller stop waiting.
            return await pipeline.ExecuteAsync(static async (call, token) => await call().WaitAsync(token), call, cancellationToken);
        }
        catch (Exception exception) when (TransientFailures.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw new PersonalizationUnavailableException($"{what} failed: the cluster did not answer ({exception.GetType().Name}: {exception.Message})", exception);
        }
    }

    private static ResiliencePipeline BuildPipeline(PersonalizationClientOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        // Inside the retry, so the timeout bounds each attempt and a slow attempt is retried like a failed one.
        return builder.AddTimeout(options.CallTimeout).Build();
    }
}
