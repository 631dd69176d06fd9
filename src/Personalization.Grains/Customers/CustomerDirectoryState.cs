namespace Personalization.Customers;

public sealed class CustomerDirectoryState
{
    /// <summary>Customers of the shard stored and not erased.</summary>
    public int Count { get; set; }

    /// <summary>Every registration the shard has seen: the reservoir's denominator.</summary>
    public long Registrations { get; set; }

    /// <summary>The first page of a uniform sample of the shard's customers (<see cref="CustomerDirectoryGrain"/> stores the others), at most <see cref="CustomerDirectoryGrain.SamplePageSize"/> ids.</summary>
    public List<string> Sample { get; set; } = [];

    /// <summary>Every id of the shard, as the first schema kept them; read once to fill the sample, then dropped.</summary>
    public HashSet<string>? CustomerIds { get; set; }
}
