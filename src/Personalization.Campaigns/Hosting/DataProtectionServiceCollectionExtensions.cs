using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Campaigns.Webhooks;

namespace Personalization.Hosting;

public static class DataProtectionServiceCollectionExtensions
{
    /// <summary>Every silo's Data Protection application name: hosts with the same name and key ring share keys.</summary>
    public const string ApplicationName = "Personalization";

    /// <summary>
    /// ASP.NET Core Data Protection with its key ring in the cluster's catalog storage (<see cref="KeyRingXmlRepository"/>)
    /// and one application name on every silo, so what one silo protects any other can unprotect.
    /// </summary>
    public static IServiceCollection AddPersonalizationDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IGrainFactory>((options, grains) => options.XmlRepository = new KeyRingXmlRepository(grains));
        services.AddSingleton<WebhookSecrets>();
        return services;
    }
}
