namespace Personalization.Testing;

/// <summary>Finds files of this checkout and of the shared folder beside it, wherever the tests run from.</summary>
internal static class RepositoryFiles
{
    /// <summary>The checkout's root: the folder holding Personalization.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string InRepository(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Data sets and conformance suites live in ../shared beside the checkout, not inside it.</summary>
    public static string Shared(string relativePath) => Path.GetFullPath(Path.Combine(Root, "..", "shared", relativePath));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Personalization.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Personalization.sln.");
    }
}
