using System.Collections.Immutable;

namespace Personalization.Host.Identity;

/// <param name="Status"><c>merged</c> by this call, or <c>alreadyMerged</c> before it.</param>
public sealed record IdentifyResponse(string AnonymousId, string CustomerId, string Status, ImmutableArray<string> Segments);
