using System.Collections.Frozen;
using Microsoft.AspNetCore.Authentication;
using Personalization.Security;

namespace Personalization.Host.Security;

/// <summary>A key this silo accepts, with the ticket every request that presents it gets (made once, not per request).</summary>
public sealed record AcceptedKey(ApiKey Key, AuthenticationTicket Ticket, FrozenSet<string> AllowedOrigins)
{
    /// <summary>The authentication result of a request presenting the key, as the handler answers it.</summary>
    public Task<AuthenticateResult> Result { get; } = Task.FromResult(AuthenticateResult.Success(Ticket));
}
