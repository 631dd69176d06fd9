using Microsoft.Extensions.Options;

namespace Personalization.Host.Hosting;

/// <summary>Stops the host at start on a "Clustering" setting it cannot use, naming the key and what it accepts.</summary>
public sealed class ClusteringOptionsValidator : IValidateOptions<ClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusteringOptions options)
    {
        if (ClusteringOptions.Parse(options.Provider) is not { } provider)
        {
            return ValidateOptionsResult.Fail(ClusteringOptions.UnknownProvider(options.Provider));
        }

        var failures = new List<string>();
        if (provider != ClusteringProvider.Localhost && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"Clustering:ConnectionString is required with Clustering:Provider {provider}.");
        }

        if (provider == ClusteringProvider.AzureTable && !AzureTableNames.IsValid(options.TableName))
        {
            failures.Add($"Clustering:TableName '{options.TableName}' is not {AzureTableNames.Rule}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
