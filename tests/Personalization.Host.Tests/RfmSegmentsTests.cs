using System.Net;
using System.Text.RegularExpressions;
using Personalization.Host.Segments;
using Personalization.Rules;
using Personalization.Testing;

namespace Personalization.Host.Tests;

/// <summary>The RFM example catalog: one call stores it, its score ranges partition the buyers, and the docs' table is its table.</summary>
public sealed partial class RfmSegmentsTests(EmptyCatalogHostFactory host) : IClassFixture<EmptyCatalogHostFactory>
{
    [Fact]
    public async Task One_call_stores_the_eleven_segments_and_a_second_stores_them_again()
    {
        var client = host.CreateClient();
        var since = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var (first, firstBody) = await client.SendJsonAsync(HttpMethod.Post, "/v1/segments/examples/rfm");
        var (second, secondBody) = await client.SendJsonAsync(HttpMethod.Post, "/v1/segments/examples/rfm");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(RfmSegments.Definitions.Select(d => d.Id), firstBody!["segments"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.All(secondBody!["segments"]!.AsArray(), s => Assert.Equal(2, s!["version"]!.GetValue<int>()));
        var listed = await client.GetNodeAsync("/v1/segments/rfm-champions");
        Assert.Equal(RfmSegments.Drafts[0].Rule, listed["rule"]!.GetValue<string>());
        Assert.Equal(secondBody["catalogVersion"]!.GetValue<long>(), (await client.GetNodeAsync("/v1/segments"))["catalogVersion"]!.GetValue<long>());
        var audited = (await client.GetNodeAsync($"/v1/audit?since={Uri.EscapeDataString(since.ToString("O"))}"))["entries"]!.AsArray()
            .Select(e => $"{e!["action"]} {e["target"]} v{e["versionBefore"]}->v{e["versionAfter"]}")
            .Where(e => e.Contains("segments/rfm-", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(
            RfmSegments.Definitions.Select(d => $"segment.saved segments/{d.Id} v->v1").Concat(RfmSegments.Definitions.Select(d => $"segment.saved segments/{d.Id} v1->v2")),
            audited);
    }

    [Fact]
    public void Every_combination_of_scores_is_in_exactly_one_segment_and_every_segment_takes_some()
    {
        var taken = new HashSet<string>();
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                for (var m = 1; m <= 5; m++)
                {
                    var first = RfmSegments.Definitions.FirstOrDefault(d => In(r, d.R) && In(f, d.F) && In(m, d.M));
                    Assert.True(first.Id is not null, $"R {r}, F {f}, M {m} is in no segment");
                    taken.Add(first.Id);
                }
            }
        }

        Assert.Equal(RfmSegments.Definitions.Select(d => d.Id).Order(), taken.Order());
        Assert.Equal(11, RfmSegments.Drafts.Length);
        SegmentCatalog.Compile(1, [.. RfmSegments.Drafts.Select(d => new SegmentRule(d.Id, d.Rule))]);
    }

    [Fact]
    public void The_documented_table_is_the_catalogs()
    {
        var rows = TableRow().Matches(File.ReadAllText(RepositoryFiles.InRepository(Path.Combine("docs", "rules.md"))))
            .Select(match => (int.Parse(match.Groups["order"].Value), match.Groups["id"].Value, match.Groups["name"].Value, match.Groups["r"].Value, match.Groups["f"].Value, match.Groups["m"].Value))
            .ToList();

        Assert.Equal(
            RfmSegments.Definitions.Select((d, i) => (i + 1, d.Id, d.Name, Range(d.R), Range(d.F), Range(d.M))),
            rows);
    }

    private static bool In(int score, (int Low, int High) range) => range.Low <= score && score <= range.High;

    private static string Range((int Low, int High) range) => range.Low == range.High ? $"{range.Low}" : $"{range.Low}-{range.High}";

    [GeneratedRegex(@"^\| (?<order>\d+) \| `(?<id>rfm-[a-z-]+)` \| (?<name>[^|]+?) \| (?<r>[0-9-]+) \| (?<f>[0-9-]+) \| (?<m>[0-9-]+) \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
