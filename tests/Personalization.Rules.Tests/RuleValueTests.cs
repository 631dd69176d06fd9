using System.Text.Json;

namespace Personalization.Rules.Tests;

public sealed class RuleValueTests
{
    public static TheoryData<RuleValue, string> Values => new()
    {
        { RuleValue.Null, "null" },
        { RuleValue.FromBool(true), "true" },
        { RuleValue.FromNumber(12.5), "12.5" },
        { RuleValue.FromString("CZ"), "\"CZ\"" },
        { RuleValue.FromStrings(["golf", "wine"]), "[\"golf\",\"wine\"]" },
        { RuleValue.FromDate(new DateTimeOffset(2024, 2, 29, 10, 30, 0, TimeSpan.FromHours(2))), "\"2024-02-29T10:30:00+02:00\"" },
        { RuleValue.FromDate(new DateTimeOffset(2024, 2, 29, 0, 0, 0, 123, TimeSpan.Zero)), "\"2024-02-29T00:00:00.123+00:00\"" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Json_writes_each_kind_and_reads_back_an_equal_value(RuleValue value, string json)
    {
        var relaxed = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Assert.Equal(json, JsonSerializer.Serialize(value, relaxed));
        var read = JsonSerializer.Deserialize<RuleValue>(json);
        Assert.Equal(value, read);
        Assert.Equal(value.Kind, read.Kind);
        Assert.Equal(value.GetHashCode(), read.GetHashCode());
    }

    [Theory]
    [InlineData("\"2024-05-01\"", "2024-05-01T00:00:00+00:00")]
    [InlineData("\"2024-05-01T10:00:00Z\"", "2024-05-01T10:00:00+00:00")]
    [InlineData("\"2024-05-01t10:00:00.5-03:30\"", "2024-05-01T10:00:00.5-03:30")]
    public void Strings_in_date_form_are_read_as_dates(string json, string expected)
    {
        var value = RuleValue.FromJson(JsonDocument.Parse(json).RootElement);

        Assert.Equal(RuleValueKind.Date, value.Kind);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value.AsDate);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, value.AsDate.Offset);
    }

    [Theory]
    [InlineData("\"2024-02-30\"")]
    [InlineData("\"2024-05-01T10:00:00\"")]
    [InlineData("\"2024-05-01T25:00:00Z\"")]
    [InlineData("\"2024-5-1\"")]
    [InlineData("\"2024-05-01 \"")]
    [InlineData("\"tomorrow\"")]
    public void Other_strings_stay_strings(string json)
    {
        Assert.Equal(RuleValueKind.String, RuleValue.FromJson(JsonDocument.Parse(json).RootElement).Kind);
    }

    [Theory]
    [InlineData("{\"a\":1}", "objects are not allowed")]
    [InlineData("[\"a\",[\"b\"]]", "lists may only hold strings, not nested lists")]
    [InlineData("[\"a\",1]", "lists may only hold strings")]
    [InlineData("[true]", "lists may only hold strings")]
    public void Api_values_that_rules_cannot_hold_are_rejected_with_a_reason(string json, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => RuleValue.FromJson(JsonDocument.Parse(json).RootElement));

        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public void A_value_takes_16_bytes_and_keeps_numbers_and_dates_apart()
    {
        // Profiles and retained event properties of a million customers hold many values; 24 bytes each before.
        Assert.Equal(16, System.Runtime.CompilerServices.Unsafe.SizeOf<RuleValue>());

        var date = RuleValue.FromDate(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(1)));
        var number = RuleValue.FromNumber(-0.5);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(1)), date.AsDate);
        Assert.Equal(TimeSpan.FromHours(1), date.AsDate.Offset);
        Assert.Equal(-0.5, number.AsNumber);
        Assert.NotEqual(date, number);
        Assert.True(RuleValue.FromBool(true).AsBool);
        Assert.Equal(RuleValue.FromNumber(0), RuleValue.FromNumber(-0.0));
        Assert.Equal(RuleValue.FromNumber(0).GetHashCode(), RuleValue.FromNumber(-0.0).GetHashCode());

        // The kind lives in the reference slot now: every kind must still read back as itself.
        Assert.Equal(RuleValueKind.Null, default(RuleValue).Kind);
        Assert.Equal(RuleValueKind.Bool, RuleValue.FromBool(false).Kind);
        Assert.Equal(RuleValueKind.Number, number.Kind);
        Assert.Equal(RuleValueKind.String, RuleValue.FromString("").Kind);
        Assert.Equal(RuleValueKind.StringList, RuleValue.FromStrings([]).Kind);
        Assert.Equal(RuleValueKind.Date, date.Kind);
        Assert.NotEqual(RuleValue.FromBool(true), RuleValue.FromNumber(1));
        foreach (var offset in new[] { TimeSpan.FromHours(14), TimeSpan.FromHours(-14), TimeSpan.FromMinutes(-345) })
        {
            var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, offset);
            Assert.Equal(offset, RuleValue.FromDate(at).AsDate.Offset);
            Assert.Equal(at, RuleValue.FromDate(at).AsDate);
        }
    }

    [Fact]
    public void Accessors_of_the_wrong_kind_throw_and_values_are_immutable()
    {
        var source = new List<string> { "a" };
        var list = RuleValue.FromStrings(source);
        source.Add("b");

        Assert.Equal(["a"], list.AsStrings);
        Assert.IsNotType<string[]>(list.AsStrings);
        Assert.Throws<InvalidOperationException>(() => list.AsNumber);
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleValue.FromNumber(double.NaN));
        Assert.Throws<ArgumentException>(() => RuleValue.FromStrings(["a", null!]));
    }

    [Fact]
    public void Dates_are_equal_when_they_name_the_same_instant()
    {
        var utc = RuleValue.FromDate(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero));
        var prague = RuleValue.FromDate(new DateTimeOffset(2024, 1, 1, 11, 0, 0, TimeSpan.FromHours(1)));

        Assert.Equal(utc, prague);
        Assert.Equal(TimeSpan.FromHours(1), prague.AsDate.Offset);
    }

    [Fact]
    public void A_profile_dictionary_round_trips()
    {
        var profile = new Dictionary<string, RuleValue>
        {
            ["age"] = RuleValue.FromNumber(30),
            ["tags"] = RuleValue.FromStrings(["x"]),
            ["born"] = RuleValue.FromDate(new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            ["gone"] = RuleValue.Null,
        };

        var read = JsonSerializer.Deserialize<Dictionary<string, RuleValue>>(JsonSerializer.Serialize(profile))!;

        Assert.Equal(profile, read);
    }

    [Fact]
    public void ToString_prints_a_rule_literal()
    {
        Assert.Equal("[\"a\", \"b\\\"\"]", RuleValue.FromStrings(["a", "b\""]).ToString());
        Assert.Equal("-0.5", RuleValue.FromNumber(-0.5).ToString());
    }
}
