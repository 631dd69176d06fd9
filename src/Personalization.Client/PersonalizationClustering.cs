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
