namespace Personalization.Rules.Engine;

/// <summary>Whole years from a date (or a string that is one) to now, in UTC; changes on each anniversary.</summary>
internal sealed class AgeInYearsNode : ValueNode
{
    private readonly ValueNode date;

    public AgeInYearsNode(ValueNode date)
    {
        this.date = date;
        TimeDependent = true;
    }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        if (!TryBirth(ref e, out var birth))
        {
            return RuleValue.Null;
        }

        var years = Years(birth, new DateTime(e.NowTicks, DateTimeKind.Utc));
        e.ValidUntil = Time.Earliest(e.ValidUntil, NextBirthday(birth, years));
        return RuleValue.FromNumber(years);
    }

    public override long NextChange(ref Evaluation e)
    {
        var next = TryBirth(ref e, out var birth) ? NextBirthday(birth, Years(birth, new DateTime(e.NowTicks, DateTimeKind.Utc))) : long.MaxValue;
        return Time.Earliest(next, date.NextChange(ref e));
    }

    private static long NextBirthday(DateTime birth, int years) => Anniversary(birth, years + 1) is { } at ? at.Ticks : long.MaxValue;

    private bool TryBirth(ref Evaluation e, out DateTime birth)
    {
        var v = date.Evaluate(ref e);
        if (v.Kind == RuleValueKind.Date)
        {
            birth = v.AsDate.UtcDateTime;
            return true;
        }

        if (v.Kind == RuleValueKind.String && RuleValue.TryParseDate(v.RawString, out var parsed))
        {
            birth = parsed.UtcDateTime;
            return true;
        }

        birth = default;
        return false;
    }

    private static int Years(DateTime birth, DateTime now)
    {
        var years = now.Year - birth.Year;
        var anniversary = Anniversary(birth, years);
        return anniversary is { } at && now < at ? years - 1 : years;
    }

    /// <summary>The instant the person turns <paramref name="years"/>; 29 February counts from 1 March in other years.</summary>
    private static DateTime? Anniversary(DateTime birth, int years)
    {
        if (birth.Year + years > DateTime.MaxValue.Year - 1)
        {
            return null;
        }

        var year = birth.Year + years;
        var day = birth.Month == 2 && birth.Day == 29 && !DateTime.IsLeapYear(year)
            ? new DateTime(year, 3, 1, 0, 0, 0, DateTimeKind.Utc)
            : new DateTime(year, birth.Month, birth.Day, 0, 0, 0, DateTimeKind.Utc);
        return day + birth.TimeOfDay;
    }
}
