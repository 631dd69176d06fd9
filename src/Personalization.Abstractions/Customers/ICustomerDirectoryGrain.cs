using System.Collections.Immutable;

namespace Personalization.Customers;

/// <summary>
/// One shard of the directory of stored customers: grain storage cannot be listed, and previews need a
/// sample of known customers. A customer registers once, when it is first stored, never per event, and
/// unregisters when erased.
/// </summary>
public interface ICustomerDirectoryGrain : IGrainWithIntegerKey
{
    public const int ShardCount = 16;

    static int ShardOf(string customerId) => (int)(StableHash.Of(customerId) % ShardCount);

    Task RegisterAsync(string customerId);

    Task UnregisterAsync(string customerId);

    /// <summary>A uniform random sample of at most <paramref name="count"/> customer ids of this shard (the shard keeps a bounded sample, not every id).</summary>
    Task<ImmutableArray<string>> SampleAsync(int count);

    /// <summary>Customers of this shard stored and not erased.</summary>
    Task<int> CountAsync();
}
