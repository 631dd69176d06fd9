namespace Personalization.Customers;

/// <summary>
/// A silo service told of every customer interaction, on the customer grain's own turn: it must return at
/// once (hand work to another grain with a one-way call) and must not throw. Campaigns plug in here, so the
/// customer grain knows nothing of them.
/// </summary>
public interface ICustomerActivityListener
{
    void OnActivity(CustomerActivity activity);

    /// <summary>
    /// The customer is being erased: remove everything kept about it. Awaited before the erase is answered, so that an
    /// erase that returns has erased everywhere.
    /// </summary>
    Task OnErasedAsync(string customerId);

    /// <summary>
    /// <paramref name="absorbedId"/> is being merged into <paramref name="customerId"/>: move what is kept about it to the
    /// customer. Awaited between storing the merged state and dropping the absorbed one's, and called again when a merge
    /// cut short is retried, so it must be idempotent.
    /// </summary>
    Task OnMergedAsync(string absorbedId, string customerId);
}
