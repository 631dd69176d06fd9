using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Personalization.Campaigns.Delivery;
using Personalization.Campaigns.Webhooks;
using Personalization.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Personalization.Campaigns;
using Personalization.Customers;
using Personalization.Timing;

namespace Personalization.Campaigns.Tests;

/// <summary>
/// The real host (silo + HTTP pipeline) with the example segments, on free loopback silo ports, the engine clock under
/// the test's control and fast webhook retries. <see cref="StartOnSocket"/> serves it from Kestrel on a free port for
/// clients that need a real socket (a browser).
/// </summary>
public class CampaignHost : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string> settings = new(StringComparer.Ordinal)
    {
        ["Campaigns:WebhookFirstRetryDelay"] = "00:00:00.050",
        ["Campaigns:WebhookAttemptTimeout"] = "00:00:05",
        ["Campaigns:WebhookMaxAttempts"] = "4",
        // Test receivers listen on loopback, which webhooks may only reach when it is listed.
        ["Campaigns:Webhooks:AllowedHosts:0"] = "127.0.0.1",
    };

    private readonly List<Action<IServiceCollection>> services = [];

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>A setting of the host, e.g. "Campaigns:MaxStreams"; only before the host is first used.</summary>
    public CampaignHost With(string key, string value)
    {
        settings[key] = value;
        return this;
    }

    public CampaignHost WithServices(Action<IServiceCollection> configure)
    {
        services.Add(configure);
        return this;
    }

    /// <summary>Starts the host on Kestrel at 127.0.0.1 and a free port, and answers its base address.</summary>
    public Uri StartOnSocket()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address);
    }

    internal CampaignActivityListener Listener =>
        Services.GetServices<ICustomerActivityListener>().OfType<CampaignActivityListener>().Single();

    public WebhookDispatcher Webhooks => Services.GetRequiredService<WebhookDispatcher>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:ClusterId", $"test-{Guid.NewGuid():N}");
        builder.UseSetting("Segments:LoadExamples", "true");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(collection =>
        {
            collection.AddKeyedSingleton<TimeProvider>(EngineClock.ServiceKey, Clock);
            foreach (var configure in services)
            {
                configure(collection);
            }
        });
    }

}
