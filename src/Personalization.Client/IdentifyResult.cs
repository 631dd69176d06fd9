namespace Personalization.Client;

/// <param name="CustomerId">The customer the anonymous id now resolves to.</param>
/// <param name="Segments">The customer's segments after the merge.</param>
public sealed record IdentifyResult(Personalization.Identity.IdentifyStatus Status, string CustomerId, IReadOnlyList<string> Segments);
