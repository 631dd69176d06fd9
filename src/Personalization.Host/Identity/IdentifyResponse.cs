using System.Collections.Immutable;
using System.Text.Json;
using Personalization.Host.Http;
using Personalization.Host.Security;
using Personalization.Identity;
using Personalization.Security;

namespace Personalization.Host.Identity;

/// <param name="Status"><c>merged</c> by this call, or <c>alreadyMerged</c> before it.</param>
public sealed record IdentifyResponse(string AnonymousId, string CustomerId, string Status, ImmutableArray<string> Segments);
