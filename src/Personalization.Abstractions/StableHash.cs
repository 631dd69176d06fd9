using System.Text;

namespace Personalization;

/// <summary>
/// A hash that is the same in every process and silo (string.GetHashCode is randomised per process),
/// for sharding and for assignments that must not move between requests. FNV-1a over UTF-8.
/// </summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
