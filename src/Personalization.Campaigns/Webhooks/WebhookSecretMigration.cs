using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Personalization.Campaigns.Catalog;

namespace Personalization.Campaigns.Webhooks;

/// <summary>
/// When a silo starts, encrypts the webhook secrets an earlier version stored in plain text (current campaigns and
/// their versions alike). Nothing to do costs one grain call; silos starting together encrypt the same secrets, and the
/// later one finds none left.
/// </summary>
public sealed class WebhookSecretMigration(IGrainFactory grains, WebhookSecrets secrets, ILogger<WebhookSecretMigration> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WebhookSecretMigration), ServiceLifecycleStage.Active, async _ => await EncryptPlainSecretsAsync());

    /// <summary>Answers how many stored webhook targets were encrypted.</summary>
    public async Task<int> EncryptPlainSecretsAsync()
    {
        var catalog = grains.GetGrain<ICampaignCatalogGrain>(0);
        var plain = await catalog.GetPlainWebhookSecretsAsync();
        if (plain.IsEmpty)
        {
            return 0;
        }

        var encrypted = ImmutableDictionary.CreateRange(StringComparer.Ordinal, plain.Select(secret => KeyValuePair.Create(secret, secrets.Encrypt(secret))));
        var changed = await catalog.EncryptWebhookSecretsAsync(encrypted);
        logger.LogInformation("Encrypted the webhook secrets of {Count} stored campaign versions, stored in plain text by an earlier version", changed);
        return changed;
    }
}
