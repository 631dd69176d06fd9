using System.Text.RegularExpressions;

namespace Personalization.Host.Hosting;

/// <summary>Azure's rule for table names, checked at start rather than by the first request that creates the table.</summary>
internal static partial class AzureTableNames
{
    public const string Rule = "an Azure table name (3 to 63 letters and digits, starting with a letter)";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex Pattern();
}
