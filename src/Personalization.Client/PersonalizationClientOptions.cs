using Microsoft.Extensions.Options;

namespace Personalization.Client;

/// <summary>How the client finds the cluster's gateways.</summary>
public enum PersonalizationClustering
{
    /// <summary>One gateway on this machine, at <see cref="PersonalizationClientOptions.GatewayPort"/>: the engine's embedded default.</summary>
    Localhost,

    /// <summary>Every live silo's gateway, read from the Redis membership table the silos write (<see cref="PersonalizationClientOptions.ConnectionString"/>).</summary>
    Redis,

    /// <summary>Every live silo's gateway, read from the Azure Table membership table the silos write (<see cref="PersonalizationClientOptions.ConnectionString"/>).</summary>
    AzureTable,
}

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
