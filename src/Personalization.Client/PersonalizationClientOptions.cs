using Orleans.Clustering.AzureStorage;

namespace Personalization.Client;

/// <summary>
/// Connection, timeout and retry settings of the client; bound from the "Personalization" configuration section
/// by the <c>IHostApplicationBuilder</c> overload of <c>AddPersonalizationClient</c>.
/// </summary>
public sealed class PersonalizationClientOptions
{
    public const string SectionName = "Personalization";

    public PersonalizationClustering Clustering { get; set; } = PersonalizationClustering.Localhost;

    /// <summary>The gateway port of the local silo, for <see cref="PersonalizationClustering.Localhost"/>; the host's <c>Orleans:GatewayPort</c>.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The connection string the silos use for clustering (the hosts' <c>Clustering:ConnectionString</c>): Redis's or the Azure Storage account's.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// For <see cref="PersonalizationClustering.AzureTable"/>, the table of silo entries; must equal the hosts'
    /// <c>Clustering:TableName</c>. Orleans' default, as the hosts'.
    /// </summary>
    public string ClusteringTableName { get; set; } = AzureStorageClusteringOptions.DEFAULT_TABLE_NAME;

    /// <summary>Must equal the hosts' <c>Orleans:ClusterId</c>; a gateway refuses clients of another cluster.</summary>
    public string ClusterId { get; set; } = "personalization";

    /// <summary>Must equal the hosts' <c>Orleans:ServiceId</c>.</summary>
    public string ServiceId { get; set; } = "personalization";

    /// <summary>The longest one attempt of a call may take before it counts as a transient failure.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts after the first when a call fails transiently; 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The wait before the first retry; each later wait doubles, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long start-up keeps trying to reach a gateway before the application fails to start.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A PKCS#12 (.pfx) certificate for TLS to the gateways, when the hosts set <c>Orleans:Tls:CertificatePath</c>: the
    /// client presents it and accepts a gateway presenting it or a certificate the platform trusts. Unset, no TLS.
    /// </summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>The password of <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsCertificatePassword { get; set; }
}
