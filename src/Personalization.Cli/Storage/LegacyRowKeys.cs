using System.Globalization;
using System.Text;

namespace Personalization.Cli.Storage;

/// <summary>
/// Row keys as the engine's earlier grain storage wrote them, and the keys Orleans' Azure Table provider reads instead.
/// </summary>
/// <remarks>
/// Both key a grain's state by PartitionKey "{ServiceId}_{grain type}_{grain key}" and RowKey the state name. Azure
/// forbids '/', '\', '#' and '?' in keys: the earlier storage wrote them (and '%') as '%' and two hex digits, Orleans
/// writes each as '_'. Customer ids hold none of them, so customer rows are shared as they are; keys the engine builds
/// with '#', such as a segment shard's "high-value#3", are not, and neither are rows of any id holding a '%' escape.
/// </remarks>
internal static class LegacyRowKeys
{
    /// <summary>The key Orleans' provider reads for a key the earlier storage wrote, or null when the two are the same.</summary>
    public static string? OfficialKey(string legacyKey)
    {
        if (!legacyKey.Contains('%'))
        {
            return null;
        }

        var key = new StringBuilder(legacyKey.Length);
        for (var i = 0; i < legacyKey.Length; i++)
        {
            if (legacyKey[i] == '%' && i + 2 < legacyKey.Length
                && byte.TryParse(legacyKey.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                key.Append(Sanitized((char)code));
                i += 2;
            }
            else
            {
                key.Append(legacyKey[i]);
            }
        }

        var official = key.ToString();
        return official == legacyKey ? null : official;
    }

    // Orleans' AzureTableUtils.SanitizeTableProperty: the characters Azure forbids in keys become '_'.
    private static char Sanitized(char c) => c is '/' or '\\' or '#' or '?' ? '_' : c;
}
