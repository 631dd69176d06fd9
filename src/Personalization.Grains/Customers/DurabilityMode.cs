namespace Personalization.Customers;

public enum DurabilityMode
{
    /// <summary>A call that changes a customer returns after the change is in grain storage.</summary>
    Acknowledged,

    /// <summary>A call returns at once; changes are written within <see cref="CustomerStateOptions.FlushInterval"/> and on deactivation.</summary>
    Buffered,

    /// <summary>
    /// A call returns at once; changes are written only when the activation ends (idle collection, a graceful silo
    /// stop, an erase). Meant for in-memory storage: its copy dies with the process as the activation does, so it only
    /// serves a later activation of the same customer, and writing it on every change would cost each event a
    /// serialization and keep a second copy of every active customer in the heap.
    /// </summary>
    OnDeactivation,
}
