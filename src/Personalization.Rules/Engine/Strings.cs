namespace Personalization.Rules.Engine;

/// <summary>Ordinal string operations that honour <see cref="RuleValue.CaseFolded"/> without allocating a lower-cased copy.</summary>
internal static class Strings
{
    public static bool Equal(in RuleValue a, in RuleValue b)
    {
        if (!a.CaseFolded && !b.CaseFolded)
        {
            return string.Equals(a.RawString, b.RawString, StringComparison.Ordinal);
        }

        var x = a.RawString;
        var y = b.RawString;
        return x.Length == y.Length && Matches(x, a.CaseFolded, 0, y, b.CaseFolded);
    }

    public static bool Equal(in RuleValue a, string b) =>
        a.CaseFolded ? a.RawString.Length == b.Length && Matches(a.RawString, true, 0, b, false) : string.Equals(a.RawString, b, StringComparison.Ordinal);

    public static int Compare(in RuleValue a, in RuleValue b)
    {
        if (!a.CaseFolded && !b.CaseFolded)
        {
            return string.CompareOrdinal(a.RawString, b.RawString);
        }

        var x = a.RawString;
        var y = b.RawString;
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var difference = At(x, i, a.CaseFolded) - At(y, i, b.CaseFolded);
            if (difference != 0)
            {
                return difference;
            }
        }

        return x.Length - y.Length;
    }

    public static bool StartsWith(in RuleValue text, in RuleValue prefix) =>
        prefix.RawString.Length <= text.RawString.Length && Matches(text.RawString, text.CaseFolded, 0, prefix.RawString, prefix.CaseFolded);

    public static bool EndsWith(in RuleValue text, in RuleValue suffix) =>
        suffix.RawString.Length <= text.RawString.Length
        && Matches(text.RawString, text.CaseFolded, text.RawString.Length - suffix.RawString.Length, suffix.RawString, suffix.CaseFolded);

    public static bool Contains(in RuleValue text, in RuleValue part)
    {
        if (!text.CaseFolded && !part.CaseFolded)
        {
            return text.RawString.Contains(part.RawString, StringComparison.Ordinal);
        }

        for (var start = 0; start + part.RawString.Length <= text.RawString.Length; start++)
        {
            if (Matches(text.RawString, text.CaseFolded, start, part.RawString, part.CaseFolded))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="part"/> occurs in <paramref name="text"/> at <paramref name="offset"/>.</summary>
    private static bool Matches(string text, bool foldText, int offset, string part, bool foldPart)
    {
        for (var i = 0; i < part.Length; i++)
        {
            if (At(text, offset + i, foldText) != At(part, i, foldPart))
            {
                return false;
            }
        }

        return true;
    }

    private static char At(string s, int i, bool fold) => fold ? char.ToLowerInvariant(s[i]) : s[i];
}
