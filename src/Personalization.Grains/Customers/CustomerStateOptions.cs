namespace Personalization.Customers;

public sealed class CustomerStateOptions
{
    public DurabilityMode Durability { get; set; } = DurabilityMode.Acknowledged;

    /// <summary>In <see cref="DurabilityMode.Buffered"/> mode, the longest a change waits before it is written.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
