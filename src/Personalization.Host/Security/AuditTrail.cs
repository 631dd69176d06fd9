using Personalization.Security;

namespace Personalization.Host.Security;

/// <summary>Records changes in the cluster's audit grain, with the id of the key that made them.</summary>
public static class AuditTrail
{
    public static Task RecordAsync(HttpContext context, string action, string target, long? versionBefore, long? versionAfter) =>
        context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IAuditGrain>(0).RecordAsync(new AuditEntry(
            0, default, KeyId(context), action, target, versionBefore, versionAfter));

    public static string KeyId(HttpContext context) => AuditKeys.KeyId(context.User);

    /// <summary>
    /// Records the endpoint's change once it succeeded (2xx): <paramref name="action"/> on the target named by
    /// <paramref name="targetKind"/> and the route value <paramref name="routeValue"/>, with the versions
    /// <paramref name="version"/> reads before and after it, for targets that have versions. With
    /// <paramref name="pseudonymous"/> the target is named by the SHA-256 of its id (<c>sha256:&lt;hex&gt;</c>): an erased
    /// customer's id must not be stored again by the record of its erasure, yet whoever knows the id can find it.
    /// </summary>
    public static TBuilder RecordsChange<TBuilder>(
        this TBuilder builder,
        string action,
        string targetKind,
        string routeValue,
        Func<IGrainFactory, string, Task<long?>>? version = null,
        bool pseudonymous = false) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var id = context.GetRouteValue(routeValue) as string ?? "";
            var grains = context.RequestServices.GetRequiredService<IGrainFactory>();
            var before = version is null ? null : await version(grains, id);
            var result = await next(invocation);
            if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 })
            {
                var after = version is null ? null : await version(grains, id);
                await RecordAsync(context, action, AuditKeys.Target(targetKind, id, pseudonymous), before, after);
            }

            return result;
        });
}
