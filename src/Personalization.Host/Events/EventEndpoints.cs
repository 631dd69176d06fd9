using System.Text.Json;
using Personalization.Customers;
using Personalization.Host.Http;
using Personalization.Host.Identity;
using Personalization.Host.Security;
using Personalization.Security;
using Personalization.Timing;

namespace Personalization.Host.Events;

public static class EventEndpoints
{
    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/events", TrackAsync)
            .WithTags("Events")
            .WithName("TrackEvents")
            .WithSummary("Track one event, or a batch as {\"events\":[...]}")
            .WithDescription($"One event answers with the customer's segments after it and what changed. A batch (at most {ApiLimits.MaxEventsPerBatch} events, {ApiLimits.MaxRequestBytes} bytes) answers how many were accepted and why others were rejected; bad events never block good ones.")
            .Accepts<JsonElement>("application/json")
            .Produces<EventResponse>()
            .Produces<BatchResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireScope(ApiScopes.EventsWrite);
    }

    private static async Task<IResult> TrackAsync(
        HttpRequest request, CustomerEvents customers, IdentityResolution identity, [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time, CancellationToken cancellationToken)
    {
        // Read here rather than through JsonBody.HandleAsync: a single event is the hottest request there is, and one
        // method saves the delegate and the two state machines the handler's shape costs.
        using var body = await JsonBody.ReadAsync(request, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var root = body.Root;
        var now = time.GetUtcNow();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var events))
        {
            return await TrackBatchAsync(events, now, customers, identity);
        }

        var errors = new FieldErrors();
        var incoming = EventReader.Read(root, now, errors);
        if (incoming is null)
        {
            return errors.ToProblem("The event is not valid.");
        }

        // An event carrying the visitor's earlier anonymous id merges that id first, as POST /v1/identify would.
        if (incoming.AnonymousId is { } anonymousId && identity.Problem(await identity.IdentifyAsync(anonymousId, incoming.CustomerId, mergeKnownCustomers: false)) is { } refused)
        {
            return refused;
        }

        var outcome = await customers.TrackAsync(incoming.CustomerId, incoming.Event);
        var change = outcome.Change;
        return HotPathResults.Ok(new EventResponse(change.Segments, change.Entered, change.Exited, outcome.DuplicatesIgnored > 0));
    }

    private static async Task<IResult> TrackBatchAsync(JsonElement events, DateTimeOffset now, CustomerEvents customers, IdentityResolution identity)
    {
        if (events.ValueKind != JsonValueKind.Array)
        {
            return FieldErrors.Problem("events", "must be an array of events", "The batch is not valid.");
        }

        var count = events.GetArrayLength();
        if (count > ApiLimits.MaxEventsPerBatch)
        {
            return FieldErrors.Problem("events", $"at most {ApiLimits.MaxEventsPerBatch} events per batch (got {count})", "The batch is too large.");
        }

        var rejected = new List<RejectedEvent>();
        var byCustomer = new Dictionary<string, List<(int Index, IncomingEvent Event)>>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in events.EnumerateArray())
        {
            var errors = new FieldErrors();
            var incoming = EventReader.Read(element, now, errors);
            if (incoming is null)
            {
                rejected.Add(new RejectedEvent(index, errors.Summary()));
            }
            else
            {
                if (!byCustomer.TryGetValue(incoming.CustomerId, out var list))
                {
                    byCustomer[incoming.CustomerId] = list = [];
                }

                list.Add((index, incoming));
            }

            index++;
        }

        // Customers are independent grains, so their events are applied in parallel; within one customer, in order.
        var outcomes = await Task.WhenAll(byCustomer.Select(async pair =>
        {
            try
            {
                // Most batches carry no anonymous id, and a visitor's events carry the same one: those pay no allocation
                // and one identify per run of equal ids.
                string? identifiedId = null;
                foreach (var (_, incoming) in pair.Value)
                {
                    if (incoming.AnonymousId is not { } anonymousId || string.Equals(anonymousId, identifiedId, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    identifiedId = anonymousId;
                    var identified = await identity.IdentifyAsync(anonymousId, pair.Key, mergeKnownCustomers: false);
                    if (identity.Problem(identified) is not null)
                    {
                        return (pair.Value, 0, Error: (string?)IdentityResolution.Reason(identified));
                    }
                }

                var outcome = await customers.TrackAsync(pair.Key, [.. pair.Value.Select(e => e.Event.Event)]);
                return (pair.Value, outcome.DuplicatesIgnored, Error: (string?)null);
            }
            catch (Exception e)
            {
                return (pair.Value, 0, Error: $"not stored: {e.Message}");
            }
        }));

        var accepted = 0;
        var duplicates = 0;
        foreach (var (list, duplicatesIgnored, error) in outcomes)
        {
            if (error is null)
            {
                accepted += list.Count;
                duplicates += duplicatesIgnored;
            }
            else
            {
                rejected.AddRange(list.Select(e => new RejectedEvent(e.Index, error)));
            }
        }

        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        return HotPathResults.Ok(new BatchResponse(accepted, duplicates, rejected));
    }
}
