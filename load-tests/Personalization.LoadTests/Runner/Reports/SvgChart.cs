using System.Globalization;
using System.Net;
using System.Text;

namespace Personalization.LoadTests.Runner.Reports;

/// <summary>A line of a chart; NaN values leave a gap rather than drawing a misleading zero.</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);

/// <summary>Line charts as inline SVG, so a report is one file that opens anywhere without scripts or network.</summary>
internal static class SvgChart
{
    private const int Width = 760;
    private const int Height = 300;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 48;
    private const int Bottom = 44;
    private const int Ticks = 5;

    public static string Line(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        var finite = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray();
        var xMax = NiceCeiling(finite.Select(p => p.X).DefaultIfEmpty(0).Max());
        var yMax = NiceCeiling(finite.Select(p => p.Y).DefaultIfEmpty(0).Max());
        double PlotX(double x) => Left + x / xMax * (Width - Left - Right);
        double PlotY(double y) => Height - Bottom - y / yMax * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Escape(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#fff\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>");

        for (var i = 0; i <= Ticks; i++)
        {
            var y = yMax * i / Ticks;
            var x = xMax * i / Ticks;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(PlotY(y))}\" y2=\"{F(PlotY(y))}\" stroke=\"#e5e5e5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(PlotY(y) + 4)}\" font-size=\"11\" text-anchor=\"end\">{Tick(y)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(PlotX(x))}\" y=\"{Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{Tick(x)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 8}\" font-size=\"12\" text-anchor=\"middle\">{Escape(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{(Top + Height - Bottom) / 2}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {(Top + Height - Bottom) / 2})\">{Escape(yLabel)}</text>");

        if (finite.Length == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{(Top + Height - Bottom) / 2}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#888\">no data</text>");
        }

        var legendX = Left;
        foreach (var s in series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"28\" width=\"12\" height=\"4\" fill=\"{s.Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX + 16}\" y=\"34\" font-size=\"11\">{Escape(s.Name)}</text>");
            legendX += 28 + (7 * s.Name.Length);
            AppendSeries(svg, s, PlotX, PlotY);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void AppendSeries(StringBuilder svg, ChartSeries series, Func<double, double> plotX, Func<double, double> plotY)
    {
        var dash = series.Dashed ? " stroke-dasharray=\"5 3\"" : "";
        var segment = new List<(double X, double Y)>();
        foreach (var point in series.Points.Append((X: double.NaN, Y: double.NaN)))
        {
            if (double.IsFinite(point.X) && double.IsFinite(point.Y))
            {
                segment.Add(point);
                continue;
            }

            if (segment.Count == 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(plotX(segment[0].X))}\" cy=\"{F(plotY(segment[0].Y))}\" r=\"2.5\" fill=\"{series.Color}\"/>");
            }
            else if (segment.Count > 1)
            {
                var points = string.Join(' ', segment.Select(p => $"{F(plotX(p.X))},{F(plotY(p.Y))}"));
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{series.Color}\" stroke-width=\"1.8\"{dash} points=\"{points}\"/>");
            }

            segment.Clear();
        }
    }

    /// <summary>Rounds an axis maximum up to 1, 2 or 5 times a power of ten so tick labels stay readable.</summary>
    internal static double NiceCeiling(double value)
    {
        if (!(value > 0))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (value <= step * magnitude * (1 + 1e-9))
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Tick(double value) => value.ToString(value >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
