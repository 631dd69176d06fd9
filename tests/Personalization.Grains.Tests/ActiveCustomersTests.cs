using Personalization.Customers;

namespace Personalization.Grains.Tests;

public sealed class ActiveCustomersTests
{
    [Fact]
    public void An_active_customers_id_is_handed_out_as_the_one_instance_the_silo_already_holds()
    {
        // Nothing here re-evaluates a customer, so no grain factory is needed.
        var active = new ActiveCustomers(grains: null!);
        var held = new string("customer-7".AsSpan());
        // No grain is handed events here.
        var entry = active.Add(held, grain: null!);

        var fromMessage = new string("customer-7".AsSpan());
        var stranger = new string("customer-8".AsSpan());

        Assert.Same(held, active.SharedId(fromMessage));
        Assert.Same(stranger, active.SharedId(stranger));
        active.Remove(entry);
        Assert.Same(fromMessage, active.SharedId(fromMessage));
    }
}
