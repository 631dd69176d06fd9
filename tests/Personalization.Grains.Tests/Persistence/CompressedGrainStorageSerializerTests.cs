using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Personalization.Customers;
using Personalization.Persistence;
using Personalization.Rules;
using Personalization.Rules.Facts;
using Xunit.Abstractions;

namespace Personalization.Grains.Tests;

public sealed class CompressedGrainStorageSerializerTests(ITestOutputHelper output)
{
    private static readonly IGrainStorageSerializer Json = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
    private static readonly CompressedGrainStorageSerializer Compressed = new(Json);

    /// <summary>docs/architecture.md: GZip stores a customer's state in a fifth of its JSON or less (this one: about a sixth).</summary>
    [Fact]
    public void A_customer_state_is_stored_gzipped_in_a_fifth_of_its_json_or_less_and_reads_back_the_same()
    {
        var state = CustomerWithHistory(200);

        var plain = Json.Serialize(state).ToArray();
        var stored = Compressed.Serialize(state).ToArray();
        var read = Compressed.Deserialize<CustomerState>(new BinaryData(stored));

        output.WriteLine($"plain {plain.Length} B, gzipped {stored.Length} B");
        Assert.True(CompressedGrainStorageSerializer.IsCompressed(stored));
        Assert.InRange(stored.Length, 1, plain.Length / 5);
        Assert.Equal(plain, Json.Serialize(read).ToArray());
    }

    [Fact]
    public void A_row_written_without_compression_still_reads()
    {
        var state = CustomerWithHistory(3);
        var plain = Json.Serialize(state);

        var read = Compressed.Deserialize<CustomerState>(plain);

        Assert.False(CompressedGrainStorageSerializer.IsCompressed(plain.ToArray()));
        Assert.Equal(plain.ToArray(), Json.Serialize(read).ToArray());
    }

    [Fact]
    public void A_corrupt_compressed_row_fails_loudly_instead_of_reading_as_empty()
    {
        var stored = Compressed.Serialize(CustomerWithHistory(10)).ToArray();
        var truncated = stored[..(stored.Length / 2)];

        Assert.ThrowsAny<Exception>(() => Compressed.Deserialize<CustomerState>(new BinaryData(truncated)));
        Assert.ThrowsAny<JsonException>(() => Compressed.Deserialize<CustomerState>(new BinaryData(Encoding.UTF8.GetBytes("{\"Facts\":"))));
    }

    private static CustomerState CustomerWithHistory(int pageViews)
    {
        var catalog = SegmentCatalog.Compile(1, [new SegmentRule("browsers", "distinct(page_view.category, 30d) >= 2")]);
        var facts = new CustomerFacts();
        facts.MergeProfile(new Dictionary<string, RuleValue> { ["country"] = RuleValue.FromString("CZ") });
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        string[] categories = ["shoes", "bags", "coats", "hats"];
        for (var i = 0; i < pageViews; i++)
        {
            var properties = new Dictionary<string, RuleValue> { ["category"] = RuleValue.FromString(categories[i % categories.Length]) };
            facts.Record(new BehaviourEvent("page_view", start.AddMinutes(i), SessionId: $"s-{i / 20}", Properties: properties), catalog);
        }

        return new CustomerState { Facts = facts, Segments = ["browsers"], MembershipSequence = 4, RecentEventIds = ["e-1", "e-2"] };
    }
}
