using Microsoft.Extensions.Options;
using Orleans.Configuration;
using System.Text.Json;
using Orleans.Dashboard;
using Personalization.Customers;
using Personalization.Identity;
using Personalization.Hosting;
using Personalization.Membership;
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
                catalog =>
                {
                    if (configuration.GetValue("Segments:LoadExamples", true))
                    {
                        catalog.Seed = ExampleSegments.Load();
                    }
                },
                customers => configuration.GetSection(StorageOptions.SectionName).Bind(customers));
            silo.Services.AddOptions<CustomerStateOptions>().PostConfigure<IOptions<StorageOptions>>(
                (customers, storage) => customers.Durability = storage.Value.CustomerDurability);
            silo.Services.Configure<SegmentStatsOptions>(configuration.GetSection("Storage:Stats"));
            silo.Services.Configure<IdentityOptions>(configuration.GetSection("Identity"));

            // Orleans' own directory options, after the engine's default for localhost clustering (no cache while the silo
            // is alone, which saves ~180 bytes per active customer and costs calls from outside a grain a lookup under the
            // directory's lock): Orleans:DirectoryCache:CachingStrategy=LRU brings back Orleans' stock cache.
            silo.Services.Configure<GrainDirectoryOptions>(configuration.GetSection("Orleans:DirectoryCache"));
            silo.AddPersonalizationCampaigns(campaigns => configuration.GetSection("Campaigns").Bind(campaigns));
        });
        return builder;
    }
}

/// <summary>The example segments the embedded default starts with, so the README's tour works at once.</summary>
internal static class ExampleSegments
{
    public static List<SegmentDraft> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ExampleSegments.json");
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<SegmentDraft>>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException($"{path} holds no segments");
    }
}
