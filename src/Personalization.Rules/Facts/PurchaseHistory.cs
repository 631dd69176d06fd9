using Personalization.Rules.Engine;
using Personalization.Rules.Forecasts;

namespace Personalization.Rules.Facts;

/// <summary>
/// A customer's purchase history as the forecasts read it: from the customer's <see cref="PurchaseDays"/> when kept,
/// otherwise from the purchase type's lifetime counters and retained events.
/// </summary>
/// <remarks>
/// Without kept days (a forecast rule added after the customer's purchases), the first purchase comes from the
/// lifetime counters and the repeat days from the retained events (the 256 most recent within the retention); the
/// purchases older than those and later than the first are counted as a day each, with no value. The same history
/// starts the customer's <see cref="PurchaseDays"/> at their next purchase.
/// </remarks>
internal static class PurchaseHistory
{
    /// <summary>The purchase's value in <paramref name="field"/>; null when it has none or it is not a finite number.</summary>
    public static double? ReadValue(string field, double? value, IReadOnlyDictionary<string, RuleValue>? properties)
    {
        var read = Filters.ReadField(field, value, properties);
        return read.Kind == RuleValueKind.Number && double.IsFinite(read.AsNumber) ? read.AsNumber : null;
    }

    /// <summary>The kept days from what the ledger holds; null when the customer has not bought.</summary>
    public static PurchaseDays? Start(EventTypeLedger? ledger, string field)
    {
        if (ledger is null || ledger.Count == 0)
        {
            return null;
        }

        var recent = ledger.Recent.Span;
        var first = PurchaseDays.DayOf(ledger.FirstAt.UtcTicks);
        var days = PurchaseDays.Starting(first, null);
        foreach (ref readonly var retained in recent)
        {
            days.Add(PurchaseDays.DayOf(retained.UtcTicks), ReadValue(field, retained.Value, retained.Properties));
        }

        days.EarlierDays += UnretainedRepeats(ledger, recent, first);
        return days;
    }

    /// <summary>The summary on day <paramref name="today"/>; false when the customer has not bought. Allocates nothing.</summary>
    public static bool TrySummarise(CustomerFacts facts, PurchaseDaysPlan plan, int today, out PurchaseSummary summary)
    {
        if (facts.Purchases is { } kept)
        {
            summary = kept.Summarise(today);
            return true;
        }

        var ledger = facts.Behaviour.Find(plan.EventType);
        if (ledger is null || ledger.Count == 0)
        {
            summary = default;
            return false;
        }

        var recent = ledger.Recent.Span;
        var first = PurchaseDays.DayOf(ledger.FirstAt.UtcTicks);
        var (repeatDays, valuedDays, valueSum, lastDay, previous, previousValued) = (0, 0, 0.0, first, first, false);
        foreach (ref readonly var retained in recent)
        {
            var day = PurchaseDays.DayOf(retained.UtcTicks);
            var value = ReadValue(plan.ValueField, retained.Value, retained.Properties);
            if (day == first)
            {
                continue;
            }

            if (day != previous)
            {
                repeatDays++;
                previous = day;
                lastDay = Math.Max(lastDay, day);
                previousValued = false;
            }

            if (value is { } number)
            {
                valueSum += number;
                valuedDays += previousValued ? 0 : 1;
                previousValued = true;
            }
        }

        var frequency = repeatDays + UnretainedRepeats(ledger, recent, first);
        var recency = lastDay - first;
        summary = new PurchaseSummary(
            frequency, recency, Math.Max(today - first, recency), valuedDays > 0 && valueSum > 0 ? valueSum / valuedDays : null);
        return true;
    }

    /// <summary>
    /// Purchases older than the retained ones other than the first, each counted as a repeat day; none when the oldest
    /// retained purchase is on the first day (the older ones are on that day too).
    /// </summary>
    private static int UnretainedRepeats(EventTypeLedger ledger, ReadOnlySpan<RetainedEvent> recent, int first)
    {
        var unretained = (int)Math.Min(int.MaxValue, ledger.Count - recent.Length);
        var oldestOnFirstDay = recent.Length > 0 && PurchaseDays.DayOf(recent[0].UtcTicks) == first;
        return oldestOnFirstDay ? 0 : Math.Max(0, unretained - 1);
    }
}
