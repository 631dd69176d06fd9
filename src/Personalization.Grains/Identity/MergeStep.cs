namespace Personalization.Identity;

/// <summary>The points between a merge's stored steps, named for <see cref="IdentityOptions.KillAtMergeStep"/>.</summary>
public enum MergeStep
{
    /// <summary>The merging customer stored its intent; the anonymous id is untouched.</summary>
    IntentStored = 1,

    /// <summary>The anonymous id stored its forward pointer and handed its state over; the customer has not stored the merge.</summary>
    HandedOver,

    /// <summary>The customer stored the merged state; campaign state has not moved and the anonymous id still holds its own.</summary>
    MergedStateStored,

    /// <summary>The anonymous id dropped its state; its own aliases may still point at it.</summary>
    AbsorbedCleared,
}
