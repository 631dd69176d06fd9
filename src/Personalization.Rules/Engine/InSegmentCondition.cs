namespace Personalization.Rules.Engine;

/// <summary><c>in_segment("id")</c>: reads the referenced segment's result, computed earlier in dependency order.</summary>
internal sealed class InSegmentCondition : Condition
{
    private readonly int segment;

    public InSegmentCondition(int segment, bool timeDependent)
    {
        this.segment = segment;
        TimeDependent = timeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        e.ValidUntil = Time.Earliest(e.ValidUntil, e.Cache!.SegmentValidUntil[segment]);
        return e.Matches[segment];
    }

    public override long NextChange(ref Evaluation e) => e.SegmentNextChange[segment];
}
