using System.Xml.Linq;
using Personalization.Client;
using Personalization.Testing;

namespace Personalization.Cluster.Tests.Client;

/// <summary>The SDK a website takes on depends on the grain interfaces and wire records only, not on a silo's code.</summary>
public sealed class ClientDependencyTests
{
    [Fact]
    public void The_client_project_references_abstractions_assemblies_only()
    {
        var project = XDocument.Load(RepositoryFiles.InRepository("src/Personalization.Client/Personalization.Client.csproj"));

        var references = project.Descendants("ProjectReference")
            .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.EndsWith(".Abstractions", name));
    }

    [Fact]
    public void The_client_assembly_loads_no_grain_implementation_or_silo_assembly()
    {
        var referenced = typeof(PersonalizationClient).Assembly.GetReferencedAssemblies().Select(name => name.Name).ToList();

        Assert.Contains("Personalization.Campaigns.Abstractions", referenced);
        Assert.DoesNotContain("Personalization.Campaigns", referenced);
        Assert.DoesNotContain("Personalization.Grains", referenced);
        Assert.DoesNotContain("Orleans.Runtime", referenced);
    }
}
