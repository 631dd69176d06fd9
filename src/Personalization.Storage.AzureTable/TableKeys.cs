using System.Text;

namespace Personalization.Storage.AzureTable;

/// <summary>
/// Builds the PartitionKey and RowKey of a grain's state row: PartitionKey "{ServiceId}_{grain type}_{grain key}",
/// RowKey the state name.
/// </summary>
/// <remarks>
/// This is the official provider's layout ("{ServiceId}_{GrainId}" with the GrainId's '/' written as '_'), so
/// rows are shared with it whenever no part holds a character Azure forbids in keys. The official provider turns
/// forbidden characters into '_', which makes "a/b" and "a_b" the same key; here they are percent-escaped instead
/// (and '%' itself), so distinct grains never share a row.
/// </remarks>
internal static class TableKeys
{
    /// <summary>Azure rejects keys of 1 KiB or more.</summary>
    public const int MaxKeyLength = 1023;

    public static string PartitionKey(string serviceId, GrainId grainId)
    {
        var key = new StringBuilder();
        Escape(serviceId, key);
        key.Append('_');
        Escape(grainId.Type.ToString(), key);
        key.Append('_');
        Escape(grainId.Key.ToString(), key);
        return Checked(key.ToString(), "PartitionKey", grainId.ToString());
    }

    public static string RowKey(string stateName)
    {
        var key = new StringBuilder();
        Escape(stateName, key);
        return Checked(key.ToString(), "RowKey", stateName);
    }

    private static void Escape(string value, StringBuilder into)
    {
        foreach (var c in value)
        {
            if (IsForbidden(c))
            {
                into.Append('%').Append(((int)c).ToString("X2"));
            }
            else
            {
                into.Append(c);
            }
        }
    }

    // Azure forbids '/', '\', '#', '?' and control characters in PartitionKey and RowKey; '%' is the escape character.
    private static bool IsForbidden(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);

    private static string Checked(string key, string kind, string source) =>
        key.Length <= MaxKeyLength
            ? key
            : throw new ArgumentException($"The Azure Table {kind} for '{source}' is {key.Length} characters long; Azure accepts at most {MaxKeyLength}.");
}
