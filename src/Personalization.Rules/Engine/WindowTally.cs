using Personalization.Rules.Facts;

namespace Personalization.Rules.Engine;

/// <summary>What a window or session scan found for one customer, kept so that later events can be added without a rescan.</summary>
internal struct WindowTally
{
    public long Count;
    public long Numeric;
    public double Sum;
    public double Min;
    public double Max;
    public long LatestTicks;
    public RuleValue Last;
    public int DistinctCount;

    /// <summary>Oldest counted event and first future-stamped passing event: the window's edges.</summary>
    public long OldestCounted;
    public long FirstFuture;

    /// <summary>The type ledger's change counters at the scan, to tell later appends from other changes.</summary>
    public int Appends;
    public int Reshapes;
    public int Removals;

    public SessionInfo Session;

    /// <summary>
    /// For <c>distinct</c> only: the distinct values counted and how many counted events hold each, so a dropped event
    /// can be taken out; grows as needed and is reused by later scans.
    /// </summary>
    public RuleValue[]? DistinctValues;

    public int[]? DistinctCounts;

    public static WindowTally Start(EventTypeLedger type, in WindowTally previous)
    {
        var tally = new WindowTally
        {
            Min = double.MaxValue,
            Max = double.MinValue,
            LatestTicks = long.MinValue,
            OldestCounted = long.MaxValue,
            FirstFuture = long.MaxValue,
            DistinctValues = previous.DistinctValues,
            DistinctCounts = previous.DistinctCounts,
        };
        tally.Track(type);
        return tally;
    }

    public void Track(EventTypeLedger type)
    {
        Appends = type.Appends;
        Reshapes = type.Reshapes;
        Removals = type.Removals;
    }

    public void Add(in RuleValue field, long ticks, bool distinct)
    {
        Count++;
        if (field.IsNumber)
        {
            Numeric++;
            Sum += field.RawNumber;
            Min = Math.Min(Min, field.RawNumber);
            Max = Math.Max(Max, field.RawNumber);
        }

        if (ticks >= LatestTicks)
        {
            LatestTicks = ticks;
            Last = field;
        }

        if (distinct && !field.IsNull)
        {
            AddDistinct(field);
        }
    }

    private void AddDistinct(in RuleValue field)
    {
        DistinctValues ??= new RuleValue[8];
        DistinctCounts ??= new int[8];
        var index = DistinctValues.AsSpan(0, DistinctCount).IndexOf(field);
        if (index >= 0)
        {
            DistinctCounts[index]++;
            return;
        }

        if (DistinctCount == DistinctValues.Length)
        {
            Array.Resize(ref DistinctValues, DistinctCount * 2);
            Array.Resize(ref DistinctCounts, DistinctCount * 2);
        }

        DistinctValues[DistinctCount] = field;
        DistinctCounts[DistinctCount++] = 1;
    }

    public void RemoveDistinct(in RuleValue field)
    {
        var index = field.IsNull || DistinctValues is null ? -1 : DistinctValues.AsSpan(0, DistinctCount).IndexOf(field);
        if (index < 0 || --DistinctCounts![index] > 0)
        {
            return;
        }

        DistinctCount--;
        DistinctValues![index] = DistinctValues[DistinctCount];
        DistinctCounts[index] = DistinctCounts[DistinctCount];
    }
}
