using System.Text.RegularExpressions;
using Personalization.Testing;

namespace Personalization.Host.Tests;

/// <summary>docs/architecture.md names the code a reader meets; every name it puts in backticks is in the code.</summary>
public sealed partial class ArchitectureDocumentationTests
{
    [Fact]
    public void Every_code_name_in_the_architecture_document_exists_in_the_code()
    {
        var document = File.ReadAllText(RepositoryFiles.InRepository("docs/architecture.md"));
        var code = CodeWords();

        var names = BacktickedName().Matches(document)
            .Select(match => match.Groups["name"].Value)
            .Where(name => name.Any(char.IsLower))
            .Distinct()
            .ToList();
        var missing = names.Where(name => !name.Split('.').All(code.Contains)).ToList();

        Assert.True(names.Count > 50, $"Only {names.Count} code names found; the pattern no longer matches the document.");
        Assert.True(missing.Count == 0, $"docs/architecture.md names what the code does not have: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_architecture_document_follows_an_event_in_the_order_a_reader_meets_the_types()
    {
        var document = File.ReadAllText(RepositoryFiles.InRepository("docs/architecture.md"));
        string[] path = ["EventEndpoints", "CustomerEvents", "CustomerGrain", "CustomerFacts", "BehaviourLedger", "EventTypeLedger", "EventCounters", "MembershipEvaluation", "SegmentCatalog", "DurabilityPolicy", "MembershipPublisher", "SegmentMembershipShardGrain", "CampaignActivityListener", "CustomerCampaignsGrain"];

        var positions = path.Select(name => (Name: name, At: document.IndexOf($"`{name}`", StringComparison.Ordinal))).ToList();

        Assert.All(positions, position => Assert.True(position.At >= 0, $"`{position.Name}` is not in docs/architecture.md."));
        Assert.Equal(path, positions.OrderBy(position => position.At).Select(position => position.Name));
    }

    /// <summary>Every identifier in the sources and tests outside comments and strings' prose: what the code has.</summary>
    private static HashSet<string> CodeWords()
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "src", "tests", "load-tests" })
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryFiles.InRepository(folder), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                {
                    continue;
                }

                foreach (var line in File.ReadLines(file))
                {
                    var comment = line.IndexOf("//", StringComparison.Ordinal);
                    var codePart = comment >= 0 ? line[..comment] : line;
                    foreach (Match word in Identifier().Matches(codePart))
                    {
                        words.Add(word.Value);
                    }
                }
            }
        }

        return words;
    }

    // A PascalCase name, possibly with members (`IdentityState.AliasOf`) or an empty call (`AddPersonalizationGrains()`).
    [GeneratedRegex(@"`(?<name>[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*)(\(\))?`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();
}
