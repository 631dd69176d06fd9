using Personalization.Hosting;

namespace Personalization.Host.Hosting;

/// <summary>What every section that names a provider reached over a connection needs: the connection, and for Azure a table name Azure accepts.</summary>
internal static class ConnectedProviderSettings
{
    /// <param name="tableName">The table the provider keeps its rows in, when it is an Azure Table provider; null otherwise.</param>
    public static List<string> Failures(string section, string provider, bool needsConnection, string? connectionString, string? tableName)
    {
        var failures = new List<string>();
        if (needsConnection && string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{section}:ConnectionString is required with {section}:Provider {provider}.");
        }

        if (tableName is not null && !AzureTableNames.IsValid(tableName))
        {
            failures.Add($"{section}:TableName '{tableName}' is not {AzureTableNames.Rule}.");
        }

        return failures;
    }
}
