using Orleans.Clustering.AzureStorage;

namespace Personalization.Host.Hosting;

/// <summary>
/// The "Clustering" section: where silos record their membership. Checked when the host starts
/// (<see cref="ClusteringOptionsValidator"/>); a bad value stops it with the key and the values allowed.
/// </summary>
public sealed class ClusteringOptions
{
    public const string SectionName = "Clustering";

    internal static string UnknownProvider(string? name) => $"Clustering:Provider '{name}' is not one of Localhost, Redis, AzureTable.";

    /// <summary>Localhost (the default), Redis or AzureTable.</summary>
    public string Provider { get; set; } = nameof(ClusteringProvider.Localhost);

    /// <summary>The Redis server's or the Azure Storage account's connection string; required by both.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// With AzureTable, the table of silo entries (Orleans' default name unless set); clusters sharing it are kept apart
    /// by their ClusterId.
    /// </summary>
    public string TableName { get; set; } = AzureStorageClusteringOptions.DEFAULT_TABLE_NAME;

    /// <summary>The provider <see cref="Provider"/> names (case-insensitive), or null when it names none.</summary>
    public static ClusteringProvider? Parse(string? name) =>
        Enum.TryParse<ClusteringProvider>(name, ignoreCase: true, out var provider) && Enum.IsDefined(provider) && !int.TryParse(name, out _)
            ? provider
            : null;
}
