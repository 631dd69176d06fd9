namespace Personalization.Rules.Facts;

/// <summary>Whose value an attribute takes when both customers of a merge hold it.</summary>
public enum ProfileConflict
{
    /// <summary>The known customer's value: what a customer told us about itself outranks what a visitor's cookie gathered.</summary>
    KnownWins,

    /// <summary>The absorbed (anonymous) customer's value: the more recent browsing session's answers win.</summary>
    AbsorbedWins,
}
