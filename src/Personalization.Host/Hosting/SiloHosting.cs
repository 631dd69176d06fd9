using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Personalization.Campaigns;
using Personalization.Customers;
using Personalization.Forecasts;
using Personalization.Identity;
using Personalization.Hosting;
using Personalization.Membership;
using Personalization.Population;
using Personalization.Segments;

namespace Personalization.Host.Hosting;

public static class SiloHosting
{
    /// <summary>Short command-line switches: "--storage azure" reads better than "--Storage:Provider AzureTable".</summary>
    public static readonly IDictionary<string, string> CommandLineSwitches = new Dictionary<string, string>
    {
        ["--storage"] = "Storage:Provider",
    };

    /// <summary>Co-hosts an Orleans silo in this process, configured from the "Orleans", "Storage" and "Segments" sections.</summary>
    public static WebApplicationBuilder AddPersonalizationSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.UseOrleans(silo =>
        {
            silo.UsePersonalizationClustering();
            ClusterTls.Configure(silo, configuration);
            silo.AddPersonalizationStorage();
            // Grain call filters take every call off Orleans' direct invoke path; they only matter when spans are exported.
            if (ObservabilityHosting.TracingEnabled(configuration))
            {
                silo.AddActivityPropagation();
            }

            if (ObservabilityHosting.DashboardEnabled(configuration))
            {
                silo.AddDashboard();
            }

            silo.AddPersonalizationGrains(
                catalog => catalog.BindConfiguration(SegmentCatalogOptions.SectionName).Configure(options =>
                {
                    if (configuration.GetValue("Segments:LoadExamples", true))
                    {
                        options.Seed = ExampleSegments.Load();
                    }
                }),
                customers => customers.Configure(options => configuration.GetSection(StorageOptions.SectionName).Bind(options)));
            silo.Services.AddOptions<CustomerStateOptions>().PostConfigure<IOptions<StorageOptions>>(
                (customers, storage) => customers.Durability = storage.Value.CustomerDurability);
            silo.Services.Configure<SegmentStatsOptions>(configuration.GetSection("Storage:Stats"));
            silo.Services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.SectionName);
            silo.Services.AddOptions<PurchaseModelOptions>().BindConfiguration(PurchaseModelOptions.SectionName);
            silo.Services.AddOptions<PopulationOptions>().BindConfiguration(PopulationOptions.SectionName);

            // Orleans' own directory options, after the engine's default for localhost clustering (no cache while the silo
            // is alone, which saves a cache entry per active customer and costs calls from outside a grain a lookup under the
            // directory's lock): Orleans:DirectoryCache:CachingStrategy=LRU brings back Orleans' stock cache.
            silo.Services.Configure<GrainDirectoryOptions>(configuration.GetSection("Orleans:DirectoryCache"));
            silo.AddPersonalizationCampaigns(campaigns => campaigns.BindConfiguration(CampaignOptions.SectionName));
        });
        return builder;
    }
}
