using Personalization.Rules.Facts;
using Personalization.Rules.Forecasts;

namespace Personalization.Rules.Tests.Forecasts;

public sealed class PurchaseDaysTests
{
    [Fact]
    public void Purchases_on_one_day_are_one_day_whose_values_add_up()
    {
        var days = PurchaseDays.Starting(100, 10);
        days.Add(100, 5);
        days.Add(110, 20);
        days.Add(110, null);
        days.Add(110, 7);

        Assert.Equal(new PurchaseSummary(1, 10, 30, 27), days.Summarise(130));
        Assert.Equal(15, days.FirstValue);
    }

    [Fact]
    public void A_late_earlier_purchase_becomes_the_first_and_the_old_first_a_repeat_day()
    {
        var days = PurchaseDays.Starting(100, 10);
        days.Add(120, 30);
        days.Add(90, 50);

        Assert.Equal(90, days.FirstDay);
        Assert.Equal(new PurchaseSummary(2, 30, 40, 20), days.Summarise(130));
    }

    [Fact]
    public void Days_without_values_count_for_frequency_but_not_for_the_mean()
    {
        var days = PurchaseDays.Starting(0, null);
        days.Add(5, null);

        Assert.Equal(new PurchaseSummary(1, 5, 9, null), days.Summarise(9));
    }

    [Fact]
    public void Past_the_cap_the_oldest_repeat_days_are_counted_and_summaries_stay_exact()
    {
        var days = PurchaseDays.Starting(0, 1);
        const int repeats = PurchaseDays.MaxRepeatDays + 40;
        for (var day = 1; day <= repeats; day++)
        {
            days.Add(day, day);
        }

        Assert.Equal(PurchaseDays.MaxRepeatDays, days.Days.Length);
        Assert.Equal(40, days.EarlierDays);
        Assert.Equal(new PurchaseSummary(repeats, repeats, repeats + 5, (repeats + 1) / 2.0), days.Summarise(repeats + 5));
    }

    [Fact]
    public void Age_is_at_least_recency_when_a_purchase_is_stamped_in_the_future()
    {
        var days = PurchaseDays.Starting(10, 1);
        days.Add(30, 1);

        Assert.Equal(new PurchaseSummary(1, 20, 20, 1), days.Summarise(25));
    }

    [Fact]
    public void A_copy_changes_independently_and_a_merge_is_the_union_of_days()
    {
        var days = PurchaseDays.Starting(10, 1);
        days.Add(20, 2);
        var copy = days.Copy();
        copy.Add(30, 3);

        var other = PurchaseDays.Starting(5, 4);
        other.Add(20, 6);
        days.Merge(other);

        Assert.Equal(new PurchaseSummary(2, 20, 30, 2.5), copy.Summarise(40));
        Assert.Equal(new PurchaseSummary(2, 15, 35, (1 + 8) / 2.0), days.Summarise(40));
    }
}
