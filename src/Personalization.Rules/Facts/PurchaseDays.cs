using System.Text.Json.Serialization;
using Personalization.Rules.Forecasts;

namespace Personalization.Rules.Facts;

/// <summary>
/// The distinct days (UTC) on which a customer bought, and what they spent on each: what the purchase forecasts
/// (<c>predicted_purchases</c>, <c>p_alive</c>, <c>predicted_clv</c>) summarise into frequency, recency and age. Kept
/// only while some rule of the catalog reads a forecast. Public and mutable only so that System.Text.Json can persist
/// it; change it through <see cref="CustomerFacts.Record"/>.
/// </summary>
/// <remarks>
/// The first purchase day is kept apart, then up to <see cref="MaxRepeatDays"/> later days with their values, each a
/// day number and a double: about 80 bytes for a customer who bought on one day, 12 bytes more per repeat day, at
/// most about 3.1 KiB. Past the cap the oldest repeat days are folded into <see cref="EarlierDays"/> and
/// <see cref="EarlierValue"/>: frequency, recency, age and mean value stay exact, and only an event arriving late for a
/// folded day can no longer be recognised as a day already counted, so it counts as one more day.
/// </remarks>
public sealed class PurchaseDays
{
    /// <summary>Repeat purchase days kept one by one; older ones are only counted.</summary>
    public const int MaxRepeatDays = 256;

    private int[] days = [];
    private double[] values = [];
    private int count;

    /// <summary>The first purchase day, as days since 0001-01-01 UTC.</summary>
    public int FirstDay { get; set; }

    /// <summary>What was spent on the first day; null when no purchase of that day carried a value.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FirstValue { get; set; }

    /// <summary>Repeat purchase days folded out of <see cref="Days"/> by the cap, oldest first.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int EarlierDays { get; set; }

    /// <summary>Of <see cref="EarlierDays"/>, those with a value.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int EarlierValuedDays { get; set; }

    /// <summary>What was spent on the <see cref="EarlierValuedDays"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double EarlierValue { get; set; }

    /// <summary>Repeat purchase days after <see cref="FirstDay"/>, ascending.</summary>
    public int[] Days
    {
        get => days.AsSpan(0, count).ToArray();
        set
        {
            days = value ?? [];
            count = days.Length;
            PadValues();
        }
    }

    /// <summary>What was spent on each of <see cref="Days"/>; null for a day whose purchases carried no value.</summary>
    public double?[] Values
    {
        get => [.. values.AsSpan(0, count).ToArray().Select(v => double.IsNaN(v) ? (double?)null : v)];
        set
        {
            values = value is null ? [] : [.. value.Select(v => v ?? double.NaN)];
            PadValues();
        }
    }

    /// <summary>Repeat purchase days: days with a purchase after the first.</summary>
    [JsonIgnore]
    public int Frequency => EarlierDays + count;

    /// <summary>The day number of a UTC instant.</summary>
    public static int DayOf(long utcTicks) => (int)(utcTicks / TimeSpan.TicksPerDay);

    /// <summary>Starts the record with one purchase.</summary>
    public static PurchaseDays Starting(int day, double? value) => new() { FirstDay = day, FirstValue = value };

    /// <summary>Counts a purchase on <paramref name="day"/> worth <paramref name="value"/> (null when it carried none).</summary>
    public void Add(int day, double? value)
    {
        if (day == FirstDay)
        {
            FirstValue = Plus(FirstValue, value);
            return;
        }

        if (day < FirstDay)
        {
            // An earlier purchase arrived late: the old first day becomes a repeat day.
            var (oldDay, oldValue) = (FirstDay, FirstValue);
            FirstDay = day;
            FirstValue = value;
            AddRepeat(oldDay, oldValue);
            return;
        }

        AddRepeat(day, value);
    }

    /// <summary>A copy that changes independently of this one.</summary>
    public PurchaseDays Copy() => new()
    {
        FirstDay = FirstDay,
        FirstValue = FirstValue,
        EarlierDays = EarlierDays,
        EarlierValuedDays = EarlierValuedDays,
        EarlierValue = EarlierValue,
        Days = Days,
        Values = Values,
    };

    /// <summary>Adds every purchase day of <paramref name="other"/>, as if its purchases had been recorded here.</summary>
    public void Merge(PurchaseDays other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Add(other.FirstDay, other.FirstValue);
        for (var i = 0; i < other.count; i++)
        {
            Add(other.days[i], NullIfNaN(other.values[i]));
        }

        EarlierDays += other.EarlierDays;
        EarlierValuedDays += other.EarlierValuedDays;
        EarlierValue += other.EarlierValue;
    }

    /// <summary>
    /// Frequency, recency and age in days on day <paramref name="today"/>, and the mean value of the repeat days that
    /// had one. Age is at least recency (a purchase stamped in the future counts as made today).
    /// </summary>
    public PurchaseSummary Summarise(int today)
    {
        var frequency = Frequency;
        var recency = count > 0 ? days[count - 1] - FirstDay : 0;
        var valuedDays = EarlierValuedDays;
        var valueSum = EarlierValue;
        for (var i = 0; i < count; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                valuedDays++;
                valueSum += values[i];
            }
        }

        double? mean = valuedDays > 0 && valueSum > 0 ? valueSum / valuedDays : null;
        return new PurchaseSummary(frequency, recency, Math.Max(today - FirstDay, recency), mean);
    }

    private void AddRepeat(int day, double? value)
    {
        var index = Array.BinarySearch(days, 0, count, day);
        if (index >= 0)
        {
            values[index] = NaNIfNull(Plus(NullIfNaN(values[index]), value));
            return;
        }

        index = ~index;
        if (count == days.Length)
        {
            var capacity = Math.Max(1, count * 2);
            Array.Resize(ref days, Math.Min(capacity, MaxRepeatDays + 1));
            Array.Resize(ref values, days.Length);
        }

        Array.Copy(days, index, days, index + 1, count - index);
        Array.Copy(values, index, values, index + 1, count - index);
        days[index] = day;
        values[index] = NaNIfNull(value);
        count++;
        if (count > MaxRepeatDays)
        {
            FoldOldest();
        }
    }

    private void FoldOldest()
    {
        EarlierDays++;
        if (!double.IsNaN(values[0]))
        {
            EarlierValuedDays++;
            EarlierValue += values[0];
        }

        Array.Copy(days, 1, days, 0, count - 1);
        Array.Copy(values, 1, values, 0, count - 1);
        count--;
    }

    /// <summary>Stored rows lacking values for some days read as days without a value.</summary>
    private void PadValues()
    {
        if (values.Length < days.Length)
        {
            var padded = new double[days.Length];
            Array.Fill(padded, double.NaN);
            values.CopyTo(padded, 0);
            values = padded;
        }
    }

    private static double? Plus(double? a, double? b) => a is null ? b : b is null ? a : a + b;

    private static double? NullIfNaN(double v) => double.IsNaN(v) ? null : v;

    private static double NaNIfNull(double? v) => v ?? double.NaN;
}
