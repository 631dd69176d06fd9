using System.Text.Json.Serialization;
using Personalization.Rules.Engine;

namespace Personalization.Rules.Facts;

/// <summary>Lifetime counters of one field over the events of a type that pass one filter, derived for the rules that read them.</summary>
public sealed class DerivedCounters
{
    /// <summary>Events that passed the filter.</summary>
    public long Count { get; set; }

    /// <summary>Passing events whose field was a number.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long NumericCount { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double Sum { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? Min { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? Max { get; set; }

    public DateTimeOffset? LastAt { get; set; }

    /// <summary>The field of the passing event with the latest timestamp.</summary>
    public RuleValue LastValue { get; set; }

    /// <summary>Distinct non-null field values, at most <see cref="BehaviourLedger.MaxDistinctValues"/>; kept only when a rule counts them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HashSet<RuleValue>? DistinctValues { get; set; }

    internal void Add(DerivedSpec spec, long utcTicks, double? value, IReadOnlyDictionary<string, RuleValue>? properties)
    {
        if (!Filters.Passes(spec.Filter, value, properties))
        {
            return;
        }

        var field = Filters.ReadField(spec.Field, value, properties);
        Count++;
        if (field.Kind == RuleValueKind.Number)
        {
            var number = field.AsNumber;
            NumericCount++;
            Sum += number;
            Min = Min is { } min && min <= number ? min : number;
            Max = Max is { } max && max >= number ? max : number;
        }

        if (LastAt is null || utcTicks >= LastAt.Value.UtcTicks)
        {
            LastAt = new DateTimeOffset(utcTicks, TimeSpan.Zero);
            LastValue = field;
        }

        if (spec.KeepsDistinct && !field.IsNull)
        {
            DistinctValues ??= [];
            if (DistinctValues.Count < BehaviourLedger.MaxDistinctValues)
            {
                DistinctValues.Add(field);
            }
        }
    }
}
