using Microsoft.AspNetCore.Components.Authorization;
using Personalization.Security;

namespace Personalization.Console.Engine;

/// <summary>
/// Records the console's changes in the cluster's audit trail as the HTTP API records the same changes: the same
/// action, target and versions, and the id of the key the console signed in with.
/// </summary>
public sealed class ConsoleAudit(IGrainFactory grains, AuthenticationStateProvider authentication)
{
    public async Task RecordAsync(string action, string target, long? versionBefore, long? versionAfter)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        await grains.GetGrain<IAuditGrain>(0).RecordAsync(new AuditEntry(0, default, AuditKeys.KeyId(user), action, target, versionBefore, versionAfter));
    }
}
