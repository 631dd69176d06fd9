namespace Personalization.Identity;

/// <summary>
/// Identity resolution on a customer's grain (the same activation as its <c>ICustomerGrain</c>): an anonymous id becomes
/// an alias of a known customer, whose state absorbs everything the anonymous id held. Once merged, the anonymous id's
/// grain keeps only a forward pointer, so every call for it reaches the customer, on any silo and after restarts.
/// </summary>
/// <remarks>
/// A merge is a small saga run by the known customer: it stores its intent, has the anonymous id hand over its state
/// (from then on the anonymous id forwards its calls), stores the merged state, moves campaign state, tells the
/// anonymous id to drop its data, and clears its intent. Every step is idempotent, so a merge cut short completes when
/// <see cref="IdentifyAsync"/> is called again, and one that stopped before the hand-over changed nothing.
/// </remarks>
public interface ICustomerIdentityGrain : IGrainWithStringKey
{
    /// <summary>Called on the known customer: makes <paramref name="anonymousId"/> its alias, merging what it held.</summary>
    /// <param name="mergeKnownCustomers">Allows <paramref name="anonymousId"/> to be a known customer itself (one that has aliases or was identified).</param>
    Task<IdentifyOutcome> IdentifyAsync(string anonymousId, bool mergeKnownCustomers);

    /// <summary>
    /// Called by the customer merging this one in: from now on this id forwards to <paramref name="customerId"/>; the
    /// answer carries its state, which it keeps until <see cref="CompleteHandOverAsync"/>.
    /// </summary>
    /// <param name="aliasRoom">How many aliases the merging customer can still take, this id included.</param>
    Task<HandOver> HandOverAsync(string customerId, bool mergeKnownCustomers, int aliasRoom);

    /// <summary>The merging customer stored the merged state: this id drops its data and keeps only the forward pointer.</summary>
    Task CompleteHandOverAsync(string customerId);

    /// <summary>Points this alias at <paramref name="customerId"/>: its customer was merged into that one (chains stay one hop).</summary>
    Task RepointAsync(string customerId);

    /// <summary>Erases this id if it is an alias of <paramref name="customerId"/>, which is being erased.</summary>
    Task EraseAliasAsync(string customerId);

    /// <summary>The customer this id is an alias of; null when it is not an alias.</summary>
    Task<string?> GetAliasOfAsync();
}
