namespace Personalization.Rules.Engine;

/// <summary>A behavioural function's value, served from the customer's cache while nothing it depends on has changed.</summary>
internal class FeatureNode : ValueNode
{
    public FeatureNode(Feature feature)
    {
        Feature = feature;
        TimeDependent = feature.TimeDependent;
    }

    protected Feature Feature { get; }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        var value = e.Cache!.Feature(Feature, ref e, out var validUntil);
        e.ValidUntil = Time.Earliest(e.ValidUntil, validUntil);
        return value;
    }

    public override long NextChange(ref Evaluation e)
    {
        e.Cache!.Feature(Feature, ref e, out var validUntil);
        return validUntil;
    }
}
