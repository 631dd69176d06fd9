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

        var failures = new List<string>();
        if (provider != StorageProvider.Memory && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"Storage:ConnectionString is required with Storage:Provider {provider}.");
        }

        if (provider == StorageProvider.AzureTable && !AzureTableNames.IsValid(options.TableName))
        {
            failures.Add($"Storage:TableName '{options.TableName}' is not {AzureTableNames.Rule}.");
        }

        if (options.MaxConnections is < 1 or > StorageOptions.MaxConnectionsLimit)
        {
            failures.Add($"Storage:MaxConnections is {options.MaxConnections}; it must be between 1 and {StorageOptions.MaxConnectionsLimit}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
