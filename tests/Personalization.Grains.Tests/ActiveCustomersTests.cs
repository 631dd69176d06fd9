using Personalization.Customers;

namespace Personalization.Grains.Tests;

public sealed class ActiveCustomersTests
{
    [Fact]
    public void An_active_customers_id_is_handed_out_as_the_one_instance_the_silo_already_holds()
    {
        var active = new ActiveCustomers();
        var held = new string("customer-7".AsSpan());
        active.Add(held, grain: null!);

        var fromMessage = new string("customer-7".AsSpan());
        var stranger = new string("customer-8".AsSpan());

        Assert.Same(held, active.SharedId(fromMessage));
        Assert.Same(stranger, active.SharedId(stranger));
        active.Remove(held);
        Assert.Same(fromMessage, active.SharedId(fromMessage));
    }
}
