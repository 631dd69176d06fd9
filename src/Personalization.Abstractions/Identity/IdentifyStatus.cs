namespace Personalization.Identity;

public enum IdentifyStatus
{
    /// <summary>The anonymous id was merged into the customer by this call.</summary>
    Merged,

    /// <summary>The anonymous id was already an alias of the customer; nothing changed.</summary>
    AlreadyMerged,

    /// <summary>The anonymous id and the customer id are the same.</summary>
    SameId,

    /// <summary>The customer holds as many aliases as allowed (the anonymous id's own aliases count too).</summary>
    AliasLimitReached,

    /// <summary>The anonymous id is a known customer, and merging known customers was not asked for.</summary>
    KnownCustomer,

    /// <summary>The anonymous id is already an alias of another customer.</summary>
    AliasOfAnotherCustomer,

    /// <summary>The anonymous id is itself merging the customer in; one of the two merges must go first.</summary>
    MergeInProgress,
}
