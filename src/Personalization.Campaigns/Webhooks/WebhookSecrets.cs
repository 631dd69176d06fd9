using Microsoft.AspNetCore.DataProtection;
using Personalization.Campaigns.Catalog;

namespace Personalization.Campaigns.Webhooks;

/// <summary>
/// Webhook secrets at rest: encrypted with ASP.NET Core Data Protection before a campaign is stored, decrypted only by
/// the <see cref="WebhookDispatcher"/> to sign a delivery. The key ring is shared by every silo
/// (<see cref="Hosting.DataProtectionServiceCollectionExtensions.AddPersonalizationDataProtection"/>).
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    /// <summary>Data Protection's purpose string: secrets protected for it can be unprotected for it alone.</summary>
    public const string Purpose = "Personalization.Campaigns.WebhookSecret";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    /// <summary>The target with its secret encrypted; one already encrypted is returned as it is.</summary>
    public WebhookTarget Protect(WebhookTarget target) => target switch
    {
        { Secret: { } secret } => new WebhookTarget(target.Url, Secret: null, ProtectedSecret: Encrypt(secret)),
        { ProtectedSecret: not null } => target,
        _ => throw new ArgumentException("A webhook target needs a secret.", nameof(target)),
    };

    public string Encrypt(string secret) => protector.Protect(secret);

    /// <summary>The secret in plain text, to sign with; a secret stored before encryption is returned as stored.</summary>
    public string Reveal(WebhookTarget target) =>
        target.ProtectedSecret is { } protectedSecret ? protector.Unprotect(protectedSecret)
        : target.Secret ?? throw new ArgumentException("A webhook target needs a secret.", nameof(target));
}
