using System.Text.RegularExpressions;

namespace Personalization.Hosting;

/// <summary>
/// Azure's rule for table names, checked at start (by the hosts and the client SDK) rather than by the first request
/// that creates or reads the table.
/// </summary>
public static partial class AzureTableNames
{
    public const string Rule = "an Azure table name (3 to 63 letters and digits, starting with a letter)";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex Pattern();
}
