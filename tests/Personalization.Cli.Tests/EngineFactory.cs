using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Personalization.Testing;
using Personalization.Timing;

namespace Personalization.Cli.Tests;

/// <summary>
/// The real engine (silo and HTTP API) in memory with an empty segment catalog, on free loopback silo ports and a
/// cluster of its own so test classes do not collide, its clock set just after the Online Retail data set's last invoice.
/// </summary>
public sealed class EngineFactory : WebApplicationFactory<Program>
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2011, 12, 10, 12, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:ClusterId", $"cli-test-{Guid.NewGuid():N}");
        builder.UseSetting("Segments:LoadExamples", "false");
        // Only the engine's clock is faked; Orleans keeps the real one for its own timers.
        builder.ConfigureServices(services => services.AddKeyedSingleton<TimeProvider>(EngineClock.ServiceKey, Clock));
    }
}
