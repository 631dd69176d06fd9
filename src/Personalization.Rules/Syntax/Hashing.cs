using System.Collections.Immutable;

namespace Personalization.Rules.Syntax;

internal static class Hashing
{
    public static int Of<T>(ImmutableArray<T> items)
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
