namespace Personalization;

/// <summary>
/// Id rules shared by every endpoint and the console; ids end up in storage keys and URLs, so the alphabet is small.
/// </summary>
public static class Identifiers
{
    public const int MaxIdLength = 128;
    public const int MaxSegmentIdLength = 64;
    public const int MaxEventTypeLength = 64;
    public const int MaxAttributeNameLength = 64;

    public static string? CustomerIdError(string? id) => Check(id, MaxIdLength, allowUpper: true, extra: "._:@-");

    public static string? SegmentIdError(string? id) => Check(id, MaxSegmentIdLength, allowUpper: false, extra: "_-");

    public static string? EventTypeError(string? type) => Check(type, MaxEventTypeLength, allowUpper: true, extra: "_.:-");

    /// <summary>Attribute names must be usable as identifiers in rule text.</summary>
    public static string? AttributeNameError(string name)
    {
        if (name.Length is 0 || name.Length > MaxAttributeNameLength)
        {
            return $"attribute names must be 1-{MaxAttributeNameLength} characters";
        }

        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return "attribute names must start with a letter or '_' and hold only letters, digits and '_'";
        }

        return null;
    }

    private static string? Check(string? id, int maxLength, bool allowUpper, string extra)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "is required";
        }

        if (id.Length > maxLength)
        {
            return $"must be at most {maxLength} characters (got {id.Length})";
        }

        foreach (var c in id)
        {
            var allowed = char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || (allowUpper && char.IsAsciiLetterUpper(c)) || extra.Contains(c);
            if (!allowed)
            {
                var letters = allowUpper ? "A-Za-z0-9" : "a-z0-9";
                return $"may only hold {letters} and '{extra}' (found '{c}')";
            }
        }

        return null;
    }
}
