using Microsoft.Extensions.Options;

namespace Personalization.Host.Hosting;

/// <summary>Stops the host at start on a "Storage" setting it cannot use, naming the key and what it accepts.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!StorageOptions.ProviderNames.TryGetValue(options.Provider ?? "", out var provider))
        {
            return ValidateOptionsResult.Fail(StorageOptions.UnknownProvider(options.Provider));
        }

        var failures = ConnectedProviderSettings.Failures(
            StorageOptions.SectionName, provider.ToString(), provider != StorageProvider.Memory, options.ConnectionString,
            provider == StorageProvider.AzureTable ? options.TableName ?? "" : null);
        if (options.MaxConnections is < 1 or > StorageOptions.MaxConnectionsLimit)
        {
            failures.Add($"Storage:MaxConnections is {options.MaxConnections}; it must be between 1 and {StorageOptions.MaxConnectionsLimit}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
