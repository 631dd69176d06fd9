using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Personalization.Console.Components;
using Personalization.Console.Engine;
using Personalization.Console.Security;

namespace Personalization.Console.Hosting;

/// <summary>
/// The marketing console at <see cref="ConsolePaths.Root"/>: Blazor pages rendered on the server (interactive over the
/// Blazor circuit), calling the engine in process through the grain factory, behind the host's API keys.
/// </summary>
public static class ConsoleHosting
{
    /// <summary>Registers the console; call after the host's security, whose API key scheme the console signs in with.</summary>
    public static WebApplicationBuilder AddPersonalizationConsole(this WebApplicationBuilder builder)
    {
        // Serves MudBlazor's and Blazor's own files from the build output in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        ConsoleAuthentication.Add(services);
        services.AddSingleton<LiveActivity>();
        services.AddSingleton<SegmentListCache>();
        services.AddScoped<ConsoleAudit>();
        services.AddScoped<SegmentQueries>();
        services.AddScoped<CustomerQueries>();
        services.AddScoped<CampaignQueries>();
        return builder;
    }

    /// <summary>Maps the console's pages, its Blazor hub and its sign-in; call after the host's UseAuthorization.</summary>
    public static WebApplication MapPersonalizationConsole(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseAntiforgery();
        ConsoleAuthentication.MapSignOut(app);
        MemberExport.Map(app);
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ConsoleAuthentication.SchemeName })
            .WithMetadata(ConsoleEndpoint.Marker);
        return app;
    }
}
