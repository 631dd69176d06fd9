using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Personalization.Customers;
using Personalization.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Personalization.Timing;

namespace Personalization.Host.Tests;

/// <summary>
/// The real host (silo + HTTP pipeline) in memory, on free loopback silo ports so test classes do not collide,
/// with the engine's clock under the test's control.
/// </summary>
public class HostFactory : WebApplicationFactory<Program>
{
    private readonly bool loadExamples;

    public HostFactory()
        : this(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), loadExamples: true)
    {
    }

    protected HostFactory(DateTimeOffset start, bool loadExamples)
    {
        Clock = new FakeTimeProvider(start);
        this.loadExamples = loadExamples;
    }

    public FakeTimeProvider Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:ClusterId", $"test-{Guid.NewGuid():N}");
        builder.UseSetting("Segments:LoadExamples", loadExamples.ToString());
        builder.ConfigureServices(services => services.AddKeyedSingleton<TimeProvider>(EngineClock.ServiceKey, Clock));
    }

    /// <summary>
    /// Collects every customer activation, asking again while any is left: collection skips an activation that is busy
    /// at that moment. Returns the silo's table of active customers, empty unless that took over ten seconds.
    /// </summary>
    public async Task<ActiveCustomers> DeactivateEveryCustomerAsync()
    {
        var management = Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var activeCustomers = Services.GetRequiredService<ActiveCustomers>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (activeCustomers.Count > 0 && DateTime.UtcNow < deadline)
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
        }

        return activeCustomers;
    }

}

/// <summary>A host with an empty catalog, for tests that define every segment themselves.</summary>
public sealed class EmptyCatalogHostFactory() : HostFactory(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), loadExamples: false);

/// <summary>An empty catalog with the clock just after the Online Retail data set's last invoice.</summary>
public sealed class OnlineRetailHostFactory() : HostFactory(new DateTimeOffset(2011, 12, 10, 12, 0, 0, TimeSpan.Zero), loadExamples: false);

/// <summary>An empty catalog with the clock at noon on the last day of the CDNOW sample's 39-week calibration period.</summary>
public sealed class CdnowHostFactory() : HostFactory(new DateTimeOffset(1997, 9, 30, 12, 0, 0, TimeSpan.Zero), loadExamples: false);
