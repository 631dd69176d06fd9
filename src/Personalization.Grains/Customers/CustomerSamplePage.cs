namespace Personalization.Customers;

/// <summary>One stored page of a directory shard's sample beyond the first, which the shard's own state holds.</summary>
public sealed class CustomerSamplePage
{
    /// <summary>At most <see cref="CustomerDirectoryGrain.SamplePageSize"/> customer ids.</summary>
    public List<string> Ids { get; set; } = [];
}
