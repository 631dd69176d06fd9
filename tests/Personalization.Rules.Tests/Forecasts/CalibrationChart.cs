using System.Globalization;
using System.Text;

namespace Personalization.Rules.Tests.Forecasts;

/// <summary>
/// A grouped bar chart as a standalone SVG: for each group, the actual and the predicted mean, side by side, with the
/// numbers written above the bars so the chart reads without a tooltip.
/// </summary>
internal static class CalibrationChart
{
    private const int Width = 720;
    private const int Height = 400;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 50;
    private const int Bottom = 60;

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<(string Group, double Actual, double Predicted)> rows)
    {
        var top = Math.Ceiling(rows.Max(row => Math.Max(row.Actual, row.Predicted)));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var slot = (double)plotWidth / rows.Count;
        var bar = slot * 0.35;
        double Y(double value) => Top + plotHeight - (value / top * plotHeight);
        static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{title}</title>\n<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{title}</text>\n");
        for (var tick = 0; tick <= top; tick++)
        {
            var y = F(Y(tick));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/><text x=\"{Left - 8}\" y=\"{y}\" dy=\"4\" text-anchor=\"end\">{tick}</text>\n");
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var (group, actual, predicted) = rows[i];
            var x = Left + (i * slot) + (slot / 2);
            foreach (var (value, offset, colour) in new[] { (actual, -bar, "#4e79a7"), (predicted, 0.0, "#f28e2b") })
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x + offset)}\" y=\"{F(Y(value))}\" width=\"{F(bar)}\" height=\"{F(Y(0) - Y(value))}\" fill=\"{colour}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + offset + (bar / 2))}\" y=\"{F(Y(value) - 4)}\" text-anchor=\"middle\" font-size=\"10\">{value.ToString("0.00", CultureInfo.InvariantCulture)}</text>\n");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{group}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(0))}\" y2=\"{F(Y(0))}\" stroke=\"#333\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 18}\" text-anchor=\"middle\">{xLabel}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(16 {Top + (plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">{yLabel}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right - 170}\" y=\"34\" width=\"12\" height=\"12\" fill=\"#4e79a7\"/><text x=\"{Width - Right - 152}\" y=\"44\">actual</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right - 100}\" y=\"34\" width=\"12\" height=\"12\" fill=\"#f28e2b\"/><text x=\"{Width - Right - 82}\" y=\"44\">BG/NBD</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
