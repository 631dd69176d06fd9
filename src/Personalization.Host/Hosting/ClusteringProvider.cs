namespace Personalization.Host.Hosting;

/// <summary>How silos find each other (<c>Clustering:Provider</c>).</summary>
public enum ClusteringProvider
{
    /// <summary>One silo on its own, the embedded default.</summary>
    Localhost,

    /// <summary>Membership in Redis: any number of hosts form one cluster.</summary>
    Redis,

    /// <summary>Membership in an Azure table: a cluster on Azure Storage alone.</summary>
    AzureTable,
}
