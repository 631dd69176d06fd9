namespace Personalization.Customers;

/// <summary>Erasure: the customer, its aliases and everything stored about them go.</summary>
internal sealed partial class CustomerGrain
{
    public async Task EraseAsync()
    {
        // An alias is the customer under another name: erasing it erases the customer, and the customer its aliases.
        if (Forward is { } customer)
        {
            await customer.EraseAsync();
            return;
        }

        await EraseAliasesAsync();
        await EraseOwnStateAsync();
    }

    /// <summary>Everything this id stores: its memberships, directory entry, listeners' data and its row.</summary>
    private async Task EraseOwnStateAsync()
    {
        // A write still in flight would otherwise land after the clear and resurrect the customer.
        await durability.FlushAsync();
        QueueExitFromEverySegment();
        Publish();
        if (registered)
        {
            // The directory counts stored customers, so one never stored must not be taken off it.
            await Directory.UnregisterAsync(CustomerId);
            registered = false;
        }

        await Task.WhenAll(services.Listeners.Select(listener => listener.OnErasedAsync(CustomerId)));
        await state.ClearStateAsync();
        state.State = new CustomerState();
        membership.Clear();
        active!.Membership = null;
        active.Grain = null;
        services.ActiveCustomers.Remove(active);
        eventIds = null;
        DeactivateOnIdle();
    }
}
