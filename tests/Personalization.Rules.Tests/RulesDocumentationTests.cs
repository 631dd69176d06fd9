using Personalization.Rules.Facts;

using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

/// <summary>Every ```rule block of docs/rules.md compiles into one catalog and is evaluated against the fixture customer the document describes.</summary>
public sealed class RulesDocumentationTests
{
    private static readonly Lazy<IReadOnlyList<DocumentedRule>> Documented = new(ReadDocumentedRules);

    public static TheoryData<string> Blocks => new(Documented.Value.Select(rule => rule.Id));

    [Fact]
    public void The_document_has_examples_for_every_kind_of_segmentation()
    {
        var text = File.ReadAllText(DocumentPath());
        foreach (var heading in new[] { "### Demographic", "### Geographic", "### Psychographic", "### Behavioural", "### Loyalty (RFM)", "### Cart abandonment" })
        {
            var section = text[text.IndexOf(heading, StringComparison.Ordinal)..];
            Assert.Contains("```rule", section[..section.IndexOf("\n### ", heading.Length, StringComparison.Ordinal)]);
        }

        Assert.True(Documented.Value.Count >= 25);
        Assert.All(Documented.Value, rule => Assert.NotNull(rule.Expected));
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void A_documented_rule_gives_the_documented_answer_for_the_fixture_customer(string id)
    {
        var rules = Documented.Value;
        var catalog = SegmentCatalog.Compile(1, rules.Select(r => new SegmentRule(r.Id, r.Rule)).ToList());
        var facts = Jana(catalog);
        var matches = new bool[rules.Count];

        catalog.Evaluate(facts, Now, matches);

        var index = rules.ToList().FindIndex(r => r.Id == id);
        if (rules[index].Expected is { } expected)
        {
            Assert.True(expected == matches[index], $"{rules[index].Rule} should be {expected}");
        }
    }

    /// <summary>The customer described at the top of docs/rules.md.</summary>
    private static CustomerFacts Jana(SegmentCatalog catalog)
    {
        static (string, RuleValue) Category(string name) => ("category", RuleValue.FromString(name));

        return Customer(
                Attr("age", 34),
                Attr("gender", "female"),
                Attr("country", "CZ"),
                Attr("city", "Brno"),
                Attr("interests", "running", "travel", "wine"),
                Attr("lifestyle", "outdoor"),
                Attr("newsletter", true),
                Attr("loyalty_tier", "gold"),
                Attr("device", "mobile"),
                Attr("email", "Jana.Novak@Example.com"),
                Attr("birth_date", new DateTimeOffset(1991, 6, 20, 0, 0, 0, TimeSpan.Zero)),
                Attr("signup_date", new DateTimeOffset(2025, 11, 2, 0, 0, 0, TimeSpan.Zero)))
            .With(catalog,
                Event("purchase", Days(100), 120, null, Category("shoes")),
                Event("purchase", Days(40), 80, null, Category("bags")),
                Event("purchase", Days(12), 250, null, Category("shoes")),
                Event("purchase", Days(2), 45, null, Category("accessories")),
                Event("page_view", Days(3), null, null, Category("shoes")),
                Event("page_view", Minutes(25), null, "w1", Category("shoes")),
                Event("page_view", Minutes(20), null, "w1", Category("shoes")),
                Event("page_view", Minutes(12), null, "w1", Category("bags")),
                Event("page_view", Minutes(8), null, "w1", Category("shoes")),
                Event("add_to_cart", Minutes(6), 89, "w1", Category("shoes")));
    }

    private static IReadOnlyList<DocumentedRule> ReadDocumentedRules()
    {
        var lines = File.ReadAllLines(DocumentPath());
        var rules = new List<DocumentedRule>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimEnd();
            if (fence != "```rule" && !fence.StartsWith("```rule ", StringComparison.Ordinal))
            {
                continue;
            }

            var id = fence.Length > "```rule ".Length && fence["```rule ".Length..].StartsWith("id=", StringComparison.Ordinal)
                ? fence["```rule id=".Length..]
                : $"example-{rules.Count + 1}";
            var body = new List<string>();
            for (i++; lines[i].TrimEnd() != "```"; i++)
            {
                body.Add(lines[i]);
            }

            var after = i + 1 < lines.Length ? lines[i + 1].Trim() : "";
            bool? expected = after switch
            {
                "<!-- expect: true -->" => true,
                "<!-- expect: false -->" => false,
                _ => null,
            };
            rules.Add(new DocumentedRule(id, string.Join('\n', body), expected));
        }

        return rules;
    }

    private static string DocumentPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Personalization.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("No folder above the tests holds Personalization.sln."), "docs", "rules.md");
    }

    private sealed record DocumentedRule(string Id, string Rule, bool? Expected);
}
