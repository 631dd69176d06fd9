using Personalization.LoadTests.Runner;

namespace Personalization.LoadTests.Tests;

public class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:00:10", 10_000)]
    public void Parses_what_people_type(string text, int expectedMs)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("ten seconds")]
    [InlineData("5x")]
    public void Rejects_what_is_not_a_duration(string text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Theory]
    [InlineData(250, "250ms")]
    [InlineData(10_000, "10s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(7_200_000, "2h")]
    public void Formats_back_to_the_same_notation(int ms, string expected)
    {
        var text = DurationText.Format(TimeSpan.FromMilliseconds(ms));

        Assert.Equal(expected, text);
        Assert.True(DurationText.TryParse(text, out var back));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), back);
    }
}
