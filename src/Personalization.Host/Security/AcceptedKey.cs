using System.Collections.Frozen;
using Microsoft.AspNetCore.Authentication;
using Personalization.Security;

namespace Personalization.Host.Security;

/// <summary>
/// A key this silo accepts, with the authentication result every request that presents it gets (made once, not per
/// request).
/// </summary>
public sealed record AcceptedKey(ApiKey Key, Task<AuthenticateResult> Result, FrozenSet<string> AllowedOrigins);
