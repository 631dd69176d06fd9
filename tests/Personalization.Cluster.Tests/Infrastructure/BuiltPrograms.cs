using System.Reflection;
using Personalization.Testing;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>Where the build that ran with these tests put the programs the tests start as processes.</summary>
internal static class BuiltPrograms
{
    public static string Configuration { get; } =
        typeof(BuiltPrograms).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    public static string HostDll => Output("Personalization.Host");

    private static string Output(string project)
    {
        var dll = RepositoryFiles.InRepository(Path.Combine("src", project, "bin", Configuration, "net10.0", project + ".dll"));
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing; the test project's reference to {project} builds it.", dll);
    }
}
