using Personalization.Rules.Facts;

using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

public sealed class OperatorTests
{
    private static readonly CustomerFacts Ann = Customer(
        Attr("age", 34),
        Attr("country", "CZ"),
        Attr("email", "Ann@Example.com"),
        Attr("vip", true),
        Attr("interests", "golf", "wine"),
        Attr("birth_date", new DateTimeOffset(1991, 6, 20, 0, 0, 0, TimeSpan.Zero)),
        Attr("signup", new DateTimeOffset(2025, 1, 10, 8, 30, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("age == 34", true)]
    [InlineData("age != 34", false)]
    [InlineData("age < 35", true)]
    [InlineData("age <= 34", true)]
    [InlineData("age > 34", false)]
    [InlineData("age >= 34", true)]
    [InlineData("35 > age", true)]
    [InlineData("country == \"CZ\"", true)]
    [InlineData("country != \"SK\"", true)]
    [InlineData("country < \"DE\"", true)]
    [InlineData("vip == true", true)]
    [InlineData("vip", true)]
    [InlineData("not vip", false)]
    [InlineData("age == \"34\"", false)]
    [InlineData("age != \"34\"", true)]
    [InlineData("vip > false", false)]
    [InlineData("interests == [\"golf\", \"wine\"]", true)]
    [InlineData("interests == [\"wine\", \"golf\"]", false)]
    public void Comparisons(string rule, bool expected) => Assert.Equal(expected, Matches(rule, Ann));

    [Theory]
    [InlineData("country in [\"CZ\", \"SK\"]", true)]
    [InlineData("country in [\"DE\"]", false)]
    [InlineData("country not in [\"DE\", \"AT\"]", true)]
    [InlineData("country not in [\"CZ\"]", false)]
    [InlineData("age in [18, 34, 50]", true)]
    [InlineData("age in [\"34\"]", false)]
    [InlineData("interests in [\"tennis\", \"golf\"]", true)]
    [InlineData("interests not in [\"tennis\", \"chess\"]", true)]
    [InlineData("\"golf\" in interests", true)]
    [InlineData("\"chess\" not in interests", true)]
    [InlineData("birth_date in [\"1991-06-20\"]", true)]
    [InlineData("country in []", false)]
    public void Membership(string rule, bool expected) => Assert.Equal(expected, Matches(rule, Ann));

    [Theory]
    [InlineData("interests contains \"golf\"", true)]
    [InlineData("interests contains \"chess\"", false)]
    [InlineData("email contains \"@example\"", false)]
    [InlineData("lower(email) contains \"@example\"", true)]
    [InlineData("starts_with(email, \"Ann\")", true)]
    [InlineData("ends_with(email, \".com\")", true)]
    [InlineData("ends_with(email, \".org\")", false)]
    [InlineData("lower(email) == \"ann@example.com\"", true)]
    [InlineData("lower(email) == \"Ann@Example.com\"", false)]
    [InlineData("starts_with(lower(country), \"c\")", true)]
    [InlineData("lower(country) in [\"cz\", \"sk\"]", true)]
    [InlineData("lower(age) == \"34\"", false)]
    public void Strings_and_lists(string rule, bool expected) => Assert.Equal(expected, Matches(rule, Ann));

    [Theory]
    [InlineData("age between 30 and 40", true)]
    [InlineData("age between 34 and 34", true)]
    [InlineData("age between 35 and 40", false)]
    [InlineData("age between 18 and 30 or country == \"CZ\"", true)]
    [InlineData("country between \"A\" and \"D\"", true)]
    [InlineData("signup between \"2025-01-01\" and \"2025-01-31\"", true)]
    public void Between_is_inclusive(string rule, bool expected) => Assert.Equal(expected, Matches(rule, Ann));

    [Theory]
    [InlineData("age + 1 == 35", true)]
    [InlineData("age - 4 == 30", true)]
    [InlineData("age * 2 == 68", true)]
    [InlineData("age / 4 == 8.5", true)]
    [InlineData("age % 5 == 4", true)]
    [InlineData("-age == -34", true)]
    [InlineData("age / 0 == null", true)]
    [InlineData("age % 0 == null", true)]
    [InlineData("country + 1 == null", true)]
    [InlineData("(age > 30) == true", true)]
    public void Arithmetic_on_numbers_and_null_otherwise(string rule, bool expected) => Assert.Equal(expected, Matches(rule, Ann));

    [Theory]
    [InlineData("age == 34 and country == \"CZ\"", true)]
    [InlineData("age == 34 and country == \"SK\"", false)]
    [InlineData("age == 1 or country == \"CZ\"", true)]
    [InlineData("not (age == 1 or country == \"SK\")", true)]
    [InlineData("true and not false", true)]
    public void Logic(string rule, bool expected) => Assert.Equal(expected, Matches(rule, Ann));

    [Theory]
    [InlineData("signup > \"2025-01-01\"", true)]
    [InlineData("signup < \"2025-01-10T09:00:00+01:00\"", false)]
    [InlineData("signup == \"2025-01-10T08:30:00Z\"", true)]
    [InlineData("signup == \"2025-01-10T09:30:00+01:00\"", true)]
    [InlineData("signup > \"not a date\"", false)]
    [InlineData("age_in_years(birth_date) == 34", true)]
    [InlineData("age_in_years(\"2000-03-16\") == 25", true)]
    [InlineData("age_in_years(\"2000-03-15\") == 26", true)]
    [InlineData("age_in_years(country) == null", true)]
    public void Dates_compare_by_instant_and_strings_are_read_as_dates(string rule, bool expected) => Assert.Equal(expected, Matches(rule, Ann));

    [Theory]
    [InlineData("missing == null", true)]
    [InlineData("missing != null", false)]
    [InlineData("age != null", true)]
    [InlineData("null == null", true)]
    [InlineData("missing == 1", false)]
    [InlineData("missing != 1", false)]
    [InlineData("missing < 1", false)]
    [InlineData("missing >= 1", false)]
    [InlineData("missing in [1, 2]", false)]
    [InlineData("missing not in [1, 2]", false)]
    [InlineData("missing contains \"a\"", false)]
    [InlineData("interests contains missing", false)]
    [InlineData("missing between 1 and 2", false)]
    [InlineData("age between missing and 40", false)]
    [InlineData("starts_with(missing, \"a\")", false)]
    [InlineData("missing + 1 == null", true)]
    [InlineData("lower(missing) == null", true)]
    [InlineData("age_in_years(missing) == null", true)]
    [InlineData("missing", false)]
    [InlineData("not missing", true)]
    [InlineData("not (missing == 1)", true)]
    [InlineData("missing == other_missing", false)]
    [InlineData("age < null", false)]
    public void Missing_attributes_are_null_and_comparisons_with_null_are_false(string rule, bool expected) =>
        Assert.Equal(expected, Matches(rule, Ann));

    [Fact]
    public void Attribute_names_are_case_sensitive()
    {
        Assert.False(Matches("Country == \"CZ\"", Ann));
        Assert.True(Matches("`country` == \"CZ\"", Ann));
    }
}
