using System.Net;
using Personalization.Security;

namespace Personalization.Host.Tests.Security;

/// <summary>A protected host with the Orleans Dashboard on.</summary>
public sealed class DashboardHostFactory : SecuredHostFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings() => [new("Dashboard:Enabled", "true")];
}

public sealed class DashboardAccessTests(DashboardHostFactory host) : IClassFixture<DashboardHostFactory>
{
    [Fact]
    public async Task On_a_protected_host_the_dashboard_needs_an_admin_key()
    {
        var reader = await host.CreateKeyAsync("catalog reader", [ApiScopes.CatalogRead]);
        using var anonymous = host.ClientWith(null);
        using var withoutScope = host.ClientWith(reader["key"]!.GetValue<string>());
        using var admin = host.ClientWith(host.BootstrapKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await withoutScope.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/dashboard/")).StatusCode);
    }
}
