using Microsoft.AspNetCore.Authorization;

namespace Personalization.Host.Security;

/// <summary>
/// The requirement of a scope's authorization policy, and its own handler: a key's caller holds the scope when the key
/// grants it (a set lookup on <see cref="ApiKeyPrincipal"/>); any other caller, such as the console's signed-in user,
/// when it has the scope claim.
/// </summary>
public sealed class ScopeRequirement(string scope) : IAuthorizationRequirement, IAuthorizationHandler
{
    public string Scope { get; } = scope;

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        var holds = context.User is ApiKeyPrincipal key ? key.Scopes.Contains(Scope) : context.User.HasClaim(ApiKeyCache.ScopeClaim, Scope);
        if (holds)
        {
            context.Succeed(this);
        }

        return Task.CompletedTask;
    }
}
