namespace Personalization.Customers;

/// <summary>How customers' state is written (<c>Storage:Durability</c> and <c>Storage:FlushInterval</c> in the host's configuration).</summary>
public sealed class CustomerStateOptions
{
    public const string SectionName = "Storage";

    public DurabilityMode Durability { get; set; } = DurabilityMode.Acknowledged;

    /// <summary>In <see cref="DurabilityMode.Buffered"/> mode, the longest a change waits before it is written.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
