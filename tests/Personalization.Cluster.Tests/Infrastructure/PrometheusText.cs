using System.Globalization;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>One sample of a Prometheus text scrape: <c>name{labels} value</c>.</summary>
internal sealed record MetricSample(string Name, string Labels, double Value);

internal static class PrometheusText
{
    public static async Task<IReadOnlyList<MetricSample>> ScrapeAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        return Parse(text);
    }

    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var valueStart = line.LastIndexOf(' ');
            var series = line[..valueStart];
            var brace = series.IndexOf('{');
            var (name, labels) = brace < 0 ? (series, "") : (series[..brace], series[brace..]);
            samples.Add(new MetricSample(name, labels, Value(line[(valueStart + 1)..])));
        }

        return samples;
    }

    private static double Value(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    /// <summary>The sum over every series of the family: a histogram's _count, a counter's _total, a gauge's value.</summary>
    public static double Total(this IEnumerable<MetricSample> samples, string name) =>
        samples.Where(s => s.Name == name).Sum(s => s.Value);
}
