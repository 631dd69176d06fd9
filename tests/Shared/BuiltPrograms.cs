using System.Reflection;

namespace Personalization.Testing;

/// <summary>Where the build that ran with these tests put the programs the tests start as processes.</summary>
internal static class BuiltPrograms
{
    /// <summary>The configuration the tests were built in; their project references built the programs in it too.</summary>
    public static string Configuration { get; } =
        typeof(BuiltPrograms).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string HostDll => Dll("Personalization.Host", "Personalization.Host.dll");

    public static string Dll(string project, string assembly)
    {
        var dll = RepositoryFiles.InRepository(Path.Combine("src", project, "bin", Configuration, "net10.0", assembly));
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing; the test project's reference to {project} builds it.", dll);
    }
}
