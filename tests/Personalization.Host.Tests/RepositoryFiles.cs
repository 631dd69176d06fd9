namespace Personalization.Host.Tests;

internal static class RepositoryFiles
{
    /// <summary>The checkout's root: the folder holding Personalization.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shared data sets live beside the checkout, not inside it.</summary>
    public static string SharedDataset(string relativePath) =>
        Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets", relativePath));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Personalization.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Personalization.sln above {AppContext.BaseDirectory}");
    }
}
