using System.Collections.Immutable;

namespace Personalization.Customers;

/// <summary>
/// One shard of the directory of stored customers: grain storage cannot be listed, and previews need a
/// sample of known customers. A customer registers once, when it is first stored, never per event.
/// </summary>
public interface ICustomerDirectoryGrain : IGrainWithIntegerKey
{
    public const int ShardCount = 16;

    static int ShardOf(string customerId) => (int)(StableHash.Of(customerId) % ShardCount);

    Task RegisterAsync(string customerId);

    Task UnregisterAsync(string customerId);

    /// <summary>A uniform random sample of at most <paramref name="count"/> customer ids of this shard.</summary>
    Task<ImmutableArray<string>> SampleAsync(int count);

    Task<int> CountAsync();
}
