namespace Personalization.Customers;

public enum DurabilityMode
{
    /// <summary>A call that changes a customer returns after the change is in grain storage.</summary>
    Acknowledged,

    /// <summary>A call returns at once; changes are written within <see cref="CustomerStateOptions.FlushInterval"/> and on deactivation.</summary>
    Buffered,
}

public sealed class CustomerStateOptions
{
    public DurabilityMode Durability { get; set; } = DurabilityMode.Acknowledged;

    /// <summary>In <see cref="DurabilityMode.Buffered"/> mode, the longest a change waits before it is written.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
