using Microsoft.AspNetCore.Hosting;

namespace Personalization.Console.Tests;

/// <summary>An open host that lets campaigns send webhooks to <see cref="AllowedHost"/>, a name that resolves nowhere.</summary>
public sealed class WebhookHostFactory : ConsoleHostFactory
{
    public const string AllowedHost = "hooks.console.test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Campaigns:Webhooks:AllowedHosts:0", AllowedHost);
    }
}
