namespace Personalization.Testing;

/// <summary>The host configuration that keeps the engine's state in an Azurite table, answering events once stored.</summary>
internal static class EngineStorageSettings
{
    public static IReadOnlyList<(string Key, string Value)> OnAzurite(AzuriteFixture azurite, string tableName) =>
    [
        ("Storage:Provider", "AzureTable"),
        ("Storage:ConnectionString", azurite.ConnectionString),
        ("Storage:TableName", tableName),
        ("Storage:Durability", "Acknowledged"),
    ];

    /// <summary>The same as command-line <c>key=value</c> arguments, for a host started as a process.</summary>
    public static string[] AsArguments(this IReadOnlyList<(string Key, string Value)> settings) =>
        [.. settings.Select(s => $"{s.Key}={s.Value}")];
}
