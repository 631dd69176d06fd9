using System.Text.Json;
using Personalization.Customers;
using Personalization.Persistence;
using Personalization.Rules;

namespace Personalization.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class StateSchemaTests(ClusterFixture fixture)
{
    // A customer row exactly as schema 1 wrote it: facts and segments, no event ids, no change sequence.
    private const string SchemaOneRow = """
        {
          "SchemaVersion": 1,
          "Facts": { "Profile": { "country": "CZ" } },
          "Segments": [ "old-segment" ]
        }
        """;

    [Fact]
    public async Task A_customer_stored_by_schema_one_loads_and_is_upgraded()
    {
        var customerId = "schema-one";
        await WriteRawAsync(customerId, SchemaOneRow);

        var customer = fixture.Grains.GetGrain<ICustomerGrain>(customerId);
        var snapshot = await customer.GetSnapshotAsync();
        var outcome = await customer.TrackAsync(new TrackedEvent(new BehaviourEvent("purchase", fixture.Clock.GetUtcNow(), 12), "order-1"));
        var again = await customer.TrackAsync(new TrackedEvent(new BehaviourEvent("purchase", fixture.Clock.GetUtcNow(), 12), "order-1"));

        Assert.Equal("CZ", snapshot.Profile["country"].AsString);
        Assert.DoesNotContain("old-segment", snapshot.Segments);
        Assert.Equal(0, outcome.DuplicatesIgnored);
        Assert.Equal(1, again.DuplicatesIgnored);
        var stored = await ReadRawAsync(customerId);
        Assert.Equal(CustomerState.CurrentSchemaVersion, stored.GetProperty("SchemaVersion").GetInt32());
        Assert.Equal(["order-1"], stored.GetProperty("RecentEventIds").EnumerateArray().Select(e => e.GetString()));
    }

    // The storage serializer writes JSON, so a JsonElement state stores exactly the given document.
    private Task WriteRawAsync(string customerId, string json) =>
        fixture.Storage(StorageNames.Customers).WriteStateAsync(
            "customer", ClusterFixture.CustomerGrainId(customerId), new GrainState<JsonElement>(JsonDocument.Parse(json).RootElement));

    private async Task<JsonElement> ReadRawAsync(string customerId) => (await fixture.ReadCustomerRowAsync(customerId)).State;
}
