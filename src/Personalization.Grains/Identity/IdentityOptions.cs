using Personalization.Rules.Facts;

namespace Personalization.Identity;

/// <summary>Identity resolution's settings (<c>Identity</c> in the host's configuration).</summary>
public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    public const int DefaultMaxAliasesPerCustomer = 100;

    /// <summary>How many ids (devices, cookies, merged customers) may be aliases of one customer.</summary>
    public int MaxAliasesPerCustomer { get; set; } = DefaultMaxAliasesPerCustomer;

    /// <summary>Whose profile attribute wins when both customers of a merge hold it.</summary>
    public ProfileConflict ProfileConflict { get; set; } = ProfileConflict.KnownWins;

    /// <summary>
    /// Test hook, never set in production: the host process kills itself when a merge reaches this step, as a SIGKILL
    /// between two stored steps would (the cluster tests retry the merge on another host and compare).
    /// </summary>
    public MergeStep? KillAtMergeStep { get; set; }
}
