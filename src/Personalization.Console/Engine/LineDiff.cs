namespace Personalization.Console.Engine;

/// <summary>A line diff by longest common subsequence: rules are a few lines, so the quadratic table is small.</summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compare(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add(new DiffLine(' ', a[x++]));
                y++;
            }
            else if (x < a.Length && (y == b.Length || common[x + 1, y] >= common[x, y + 1]))
            {
                lines.Add(new DiffLine('-', a[x++]));
            }
            else
            {
                lines.Add(new DiffLine('+', b[y++]));
            }
        }

        return lines;
    }
}
