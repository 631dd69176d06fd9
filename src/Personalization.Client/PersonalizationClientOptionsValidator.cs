using Microsoft.Extensions.Options;
using Personalization.Hosting;

namespace Personalization.Client;

internal static class PersonalizationClientOptionsValidator
{
    /// <summary>The shortest timeout Polly accepts.</summary>
    private static readonly TimeSpan MinCallTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>Throws when the options cannot work, at registration, so a misconfigured front end fails on start.</summary>
    public static void ThrowIfInvalid(PersonalizationClientOptions options)
    {
        var failures = Failures(options).ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(PersonalizationClientOptions.SectionName, typeof(PersonalizationClientOptions), failures);
        }
    }

    public static IEnumerable<string> Failures(PersonalizationClientOptions options)
    {
        if (!Enum.IsDefined(options.Clustering))
        {
            yield return $"Personalization:Clustering '{options.Clustering}' is not known; use Localhost, Redis or AzureTable.";
        }

        if (options.Clustering == PersonalizationClustering.Localhost && options.GatewayPort is < 1 or > 65535)
        {
            yield return $"Personalization:GatewayPort must be a TCP port (1-65535), not {options.GatewayPort}.";
        }

        if (options.Clustering is PersonalizationClustering.Redis or PersonalizationClustering.AzureTable && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            yield return $"Personalization:Clustering {options.Clustering} needs Personalization:ConnectionString, where the silos keep their membership.";
        }

        if (options.Clustering == PersonalizationClustering.AzureTable && !AzureTableNames.IsValid(options.ClusteringTableName))
        {
            yield return $"Personalization:ClusteringTableName '{options.ClusteringTableName}' is not {AzureTableNames.Rule}.";
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            yield return "Personalization:ClusterId is required.";
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            yield return "Personalization:ServiceId is required.";
        }

        if (options.CallTimeout < MinCallTimeout)
        {
            yield return $"Personalization:CallTimeout must be at least {MinCallTimeout.TotalMilliseconds} ms, not {options.CallTimeout}.";
        }

        if (options.MaxRetries < 0)
        {
            yield return $"Personalization:MaxRetries must be 0 or more, not {options.MaxRetries}.";
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            yield return $"Personalization:RetryDelay must not be negative, not {options.RetryDelay}.";
        }

        if (options.ConnectTimeout < TimeSpan.Zero)
        {
            yield return $"Personalization:ConnectTimeout must not be negative, not {options.ConnectTimeout}.";
        }
    }
}
