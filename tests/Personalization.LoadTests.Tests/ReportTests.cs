using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Personalization.LoadTests.Runner;
using Personalization.LoadTests.Runner.Reports;
using static Personalization.LoadTests.Tests.TestRuns;

namespace Personalization.LoadTests.Tests;

public sealed class ReportTests : IDisposable
{
    private const string OddName = "odd, \"name\" | <b>";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "loadtests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Reports_are_written_and_well_formed()
    {
        var result = await RealRun();

        var files = RunReports.Write(result, _directory, "Report <test>");

        Assert.All(new[] { files.Markdown, files.Html, files.StatsCsv, files.SeriesCsv }, f => Assert.True(File.Exists(f), f));
        AssertHtml(File.ReadAllText(files.Html));
        AssertStatsCsv(File.ReadAllText(files.StatsCsv), result);
        AssertSeriesCsv(File.ReadAllText(files.SeriesCsv), result);
        AssertMarkdown(File.ReadAllText(files.Markdown));
    }

    [Fact]
    public void Without_a_baseline_the_reports_have_no_ratio_section()
    {
        var result = RunResultTests.Result(RunResultTests.Stats("a", 10, 1, 2), RunResultTests.Stats("b", 10, 1, 2));

        Assert.DoesNotContain("Ratios vs baseline", MarkdownReport.Render(result, "t"));
        Assert.DoesNotContain("Ratios vs baseline", HtmlReport.Render(result, "t"));
    }

    [Fact]
    public void Charts_leave_gaps_for_seconds_without_data_and_handle_no_data_at_all()
    {
        var series = new[] { new SecondStats(0, 5, 0, 1, 2, 3), new SecondStats(1, 0, 0, double.NaN, double.NaN, double.NaN), new SecondStats(2, 5, 0, 1, 2, 3) };
        var gappy = RunResultTests.Stats("gappy", 10, 1, 2) with { Series = series };
        var empty = RunResultTests.Stats("empty", 0, double.NaN, double.NaN) with { Series = [] };

        var html = HtmlReport.Render(RunResultTests.Result(gappy, empty), "t");

        var gappyLatency = Svgs(html).Single(s => s.Contains("Latency of gappy"));
        // p50, p99 and max each draw two lone points instead of one line through the missing second.
        Assert.Equal(6, Regex.Matches(gappyLatency, "<circle").Count);
        Assert.DoesNotContain("<polyline", gappyLatency);
        Assert.Contains("no data", Svgs(html).Single(s => s.Contains("Latency of empty")));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.7, 1)]
    [InlineData(3, 5)]
    [InlineData(12, 20)]
    [InlineData(1000, 1000)]
    [InlineData(1001, 2000)]
    public void Axis_maxima_round_up_to_readable_numbers(double value, double expected)
    {
        Assert.Equal(expected, SvgChart.NiceCeiling(value), 9);
    }

    private static async Task<RunResult> RealRun()
    {
        var target = Scenario.Create(OddName, async ctx =>
            {
                await Task.Delay(2, ctx.CancellationToken);
                return ctx.InvocationNumber % 10 == 0 ? Response.Fail("every tenth, \"on purpose\"") : Response.Ok(sizeBytes: 3);
            })
            .WithLoadSimulations(Simulation.Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.2)))
            .WithThresholds(Threshold.Create(stats => stats.Fail.Percent < 50));
        var baseline = Noop("noop", 50, TimeSpan.FromSeconds(2.2)).AsBaseline();
        return await ScenarioRunner.Run(Options with { Concurrent = true }, baseline, target);
    }

    private static void AssertHtml(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>", html.TrimEnd());
        // Self-contained: no scripts and nothing fetched from elsewhere.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"\b(src|href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.Contains("<title>Report &lt;test&gt;</title>", html);
        Assert.Contains("odd, &quot;name&quot; | &lt;b&gt;", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("Ratios vs baseline noop", html);

        var svgs = Svgs(html);
        Assert.Equal(3, svgs.Count);
        Assert.Contains(svgs, s => s.Contains("Throughput"));
        foreach (var svg in svgs)
        {
            var root = XElement.Parse(svg);
            Assert.Equal("svg", root.Name.LocalName);
            Assert.NotEmpty(root.Elements(root.Name.Namespace + "polyline"));
        }
    }

    private static void AssertStatsCsv(string text, RunResult result)
    {
        var rows = Csv.Parse(text);
        Assert.Equal(CsvReport.StatsHeader, rows[0]);
        Assert.Equal(3, rows.Count);
        var byName = rows.Skip(1).ToDictionary(r => r[0]);
        var target = byName[OddName];
        var stats = result[OddName];
        string Field(string column) => target[Array.IndexOf(CsvReport.StatsHeader, column)];
        Assert.Equal(stats.Ok.Count.ToString(CultureInfo.InvariantCulture), Field("ok"));
        Assert.Equal(stats.Fail.Count.ToString(CultureInfo.InvariantCulture), Field("fail"));
        Assert.Equal(stats.Ok.Latency.P99Ms, double.Parse(Field("p99_ms"), CultureInfo.InvariantCulture), 6);
        Assert.Equal("false", Field("baseline"));
        Assert.Equal("true", byName["noop"][Array.IndexOf(CsvReport.StatsHeader, "baseline")]);
        Assert.All(rows.Skip(1), r => Assert.Equal(CsvReport.StatsHeader.Length, r.Length));
    }

    private static void AssertSeriesCsv(string text, RunResult result)
    {
        var rows = Csv.Parse(text);
        Assert.Equal(CsvReport.SeriesHeader, rows[0]);
        foreach (var stats in result.Scenarios)
        {
            var mine = rows.Skip(1).Where(r => r[0] == stats.Name).ToArray();
            Assert.True(mine.Length >= 2, $"{stats.Name} has {mine.Length} seconds");
            Assert.Equal(Enumerable.Range(0, mine.Length).Select(i => i.ToString(CultureInfo.InvariantCulture)), mine.Select(r => r[1]));
            Assert.Equal(stats.Ok.Count, mine.Sum(r => long.Parse(r[2], CultureInfo.InvariantCulture)));
            Assert.Equal(stats.Fail.Count, mine.Sum(r => long.Parse(r[3], CultureInfo.InvariantCulture)));
        }
    }

    private static void AssertMarkdown(string markdown)
    {
        Assert.StartsWith("# Report <test>", markdown);
        Assert.Contains("## Ratios vs baseline noop", markdown);
        Assert.Contains("## Scenario noop (baseline)", markdown);
        Assert.Contains(@"## Scenario odd, ""name"" \| <b>", markdown);
        Assert.Contains("- passed: `stats => stats.Fail.Percent < 50`", markdown);
        var summaryRows = markdown.Split('\n').SkipWhile(l => l != "## Summary").Skip(4).TakeWhile(l => l.StartsWith('|')).ToArray();
        Assert.Equal(2, summaryRows.Length);
        // The escaped pipe in the name must not add a column.
        Assert.All(summaryRows, r => Assert.Equal(12, Regex.Matches(r, @"(?<!\\)\|").Count));
    }

    private static List<string> Svgs(string html) =>
        Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline).Select(m => m.Value).ToList();
}
