namespace Personalization.Rules.Engine;

/// <summary>
/// <c>percentile(x)</c>: the rank of the customer's value of <c>x</c> in the population's distribution of it, 0 to 100; null
/// for a value that is not a number or while the catalog has no distribution for it. Changes with the customer's value
/// and with the published population; the customer is re-evaluated when the latter moves a cut point it compares.
/// </summary>
internal sealed class PercentileNode : ValueNode
{
    public PercentileNode(int slot, ValueNode argument)
    {
        Slot = slot;
        Argument = argument;
        TimeDependent = argument.TimeDependent;
    }

    public int Slot { get; }

    public ValueNode Argument { get; }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        var value = Argument.Evaluate(ref e);
        if (!value.IsNumber || e.Cache!.Catalog.PopulationDistribution(Slot)?.PercentileRank(value.RawNumber) is not { } rank)
        {
            return RuleValue.Null;
        }

        return RuleValue.FromNumber(rank);
    }

    public override long NextChange(ref Evaluation e) => Argument.NextChange(ref e);
}
