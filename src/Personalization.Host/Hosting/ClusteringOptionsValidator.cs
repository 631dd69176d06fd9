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

        var failures = ConnectedProviderSettings.Failures(
            ClusteringOptions.SectionName, provider.ToString(), provider != ClusteringProvider.Localhost, options.ConnectionString,
            provider == ClusteringProvider.AzureTable ? options.TableName ?? "" : null);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
