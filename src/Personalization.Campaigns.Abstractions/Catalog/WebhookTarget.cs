namespace Personalization.Campaigns.Catalog;

/// <summary>
/// Where a campaign's webhooks go and the secret they are signed with, which is kept encrypted
/// (<c>WebhookSecrets</c>): only the dispatcher decrypts it, to sign a delivery.
/// </summary>
/// <param name="Secret">
/// The secret in plain text: set only on a campaign just read from a request, before <c>WebhookSecrets.Protect</c>,
/// and on campaigns an earlier version stored, until <c>WebhookSecretMigration</c> encrypts them at silo start.
/// </param>
/// <param name="ProtectedSecret">The secret encrypted with ASP.NET Core Data Protection.</param>
[GenerateSerializer, Immutable]
public sealed record WebhookTarget(
    [property: Id(0)] string Url,
    [property: Id(1)] string? Secret,
    [property: Id(2)] string? ProtectedSecret = null)
{
    /// <summary>The URL only, so a logged target never shows its secret.</summary>
    public override string ToString() => $"WebhookTarget {{ Url = {Url} }}";
}
