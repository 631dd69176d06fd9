using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Webhooks;
using Personalization.Hosting;
using Personalization.Persistence;
using Personalization.Security;

namespace Personalization.Campaigns.Tests;

/// <summary>Webhook secrets encrypted at rest with ASP.NET Core Data Protection, its key ring in grain storage.</summary>
public sealed class WebhookSecretTests(WebhookHost host) : IClassFixture<WebhookHost>
{
    [Fact]
    public async Task A_stored_campaign_holds_its_secret_only_encrypted_and_deliveries_are_signed_with_the_secret()
    {
        var client = host.CreateClient();
        await using var receiver = await WebhookReceiver.StartAsync(_ => null);
        await client.PutCampaignAsync("secret-at-rest", WebhookHost.Campaign("secret_at_rest", receiver.Url));

        var stored = await StoredCatalogAsync();
        var webhook = (await CatalogGrain.GetSnapshotAsync()).Campaigns.Single(c => c.Id == "secret-at-rest").Settings.Webhook!;
        Assert.DoesNotContain(WebhookHost.Secret, stored);
        Assert.Contains("secret-at-rest", stored);
        Assert.Null(webhook.Secret);
        Assert.False(string.IsNullOrEmpty(webhook.ProtectedSecret));
        Assert.DoesNotContain(WebhookHost.Secret, webhook.ToString());

        var delivery = await DeliverAsync(client, receiver, "secret_at_rest", "secret-customer-1");
        Assert.Equal(WebhookHost.ExpectedSignature(delivery.Timestamp!, delivery.Body), delivery.Signature);
    }

    [Fact]
    public async Task A_secret_stored_in_plain_text_by_an_earlier_version_still_signs_and_is_encrypted_in_every_version_at_silo_start()
    {
        var client = host.CreateClient();
        await using var receiver = await WebhookReceiver.StartAsync(_ => null);
        await client.PutCampaignAsync("secret-legacy", WebhookHost.Campaign("secret_legacy", receiver.Url));
        var current = (await CatalogGrain.GetSnapshotAsync()).Campaigns.Single(c => c.Id == "secret-legacy");
        await CatalogGrain.PutAsync("secret-legacy", current.Settings with { Webhook = new WebhookTarget(receiver.Url.ToString(), WebhookHost.Secret) });
        await host.Services.GetRequiredService<CampaignCatalogCache>().RefreshAsync(CancellationToken.None);
        Assert.Contains(WebhookHost.Secret, await StoredCatalogAsync());

        var delivery = await DeliverAsync(client, receiver, "secret_legacy", "secret-customer-2");
        Assert.Equal(WebhookHost.ExpectedSignature(delivery.Timestamp!, delivery.Body), delivery.Signature);

        // What a silo does when it starts.
        var encrypted = await host.Services.GetRequiredService<WebhookSecretMigration>().EncryptPlainSecretsAsync();
        await host.Services.GetRequiredService<CampaignCatalogCache>().RefreshAsync(CancellationToken.None);

        Assert.Equal(1, encrypted);
        Assert.DoesNotContain(WebhookHost.Secret, await StoredCatalogAsync());
        Assert.Equal(0, await host.Services.GetRequiredService<WebhookSecretMigration>().EncryptPlainSecretsAsync());
        var again = await DeliverAsync(client, receiver, "secret_legacy", "secret-customer-3");
        Assert.Equal(WebhookHost.ExpectedSignature(again.Timestamp!, again.Body), again.Signature);
    }

    [Fact]
    public async Task Two_hosts_share_the_key_ring_in_grain_storage_so_either_unprotects_what_the_other_protected()
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        using var first = DataProtectionOf(grains);
        using var second = DataProtectionOf(grains);

        var protectedByFirst = first.GetRequiredService<WebhookSecrets>().Protect(new WebhookTarget("https://hooks.example/", "shared-ring-secret-5678"));
        var revealedBySecond = second.GetRequiredService<WebhookSecrets>().Reveal(protectedByFirst);
        var protectedBySecond = second.GetRequiredService<WebhookSecrets>().Protect(new WebhookTarget("https://hooks.example/", "other-way-round-9012"));

        Assert.Equal("shared-ring-secret-5678", revealedBySecond);
        Assert.Equal("other-way-round-9012", first.GetRequiredService<WebhookSecrets>().Reveal(protectedBySecond));
        Assert.DoesNotContain("shared-ring-secret-5678", protectedByFirst.ProtectedSecret);
        // One key in the ring: the second host found the first one's key instead of making its own.
        Assert.Single(await grains.GetGrain<IDataProtectionKeyRingGrain>(0).GetElementsAsync(), xml => xml.StartsWith("<key ", StringComparison.Ordinal));
        // Another application's protector cannot read the secret.
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            first.GetRequiredService<IDataProtectionProvider>().CreateProtector("another purpose").Unprotect(protectedByFirst.ProtectedSecret!));
    }

    private ICampaignCatalogGrain CatalogGrain => host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignCatalogGrain>(0);

    /// <summary>A host's Data Protection services as the silo registers them, on the cluster the test host runs.</summary>
    private static ServiceProvider DataProtectionOf(IGrainFactory grains)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(grains);
        services.AddPersonalizationDataProtection();
        return services.BuildServiceProvider();
    }

    /// <summary>The campaign catalog as its grain storage holds it, in the storage's own serialized form.</summary>
    private async Task<string> StoredCatalogAsync()
    {
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Catalog);
        var state = new GrainState<CampaignCatalogState>();
        await storage.ReadStateAsync("campaign-catalog", CatalogGrain.GetGrainId(), state);
        return host.Services.GetRequiredService<IGrainStorageSerializer>().Serialize(state.State).ToString();
    }

    private static async Task<ReceivedWebhook> DeliverAsync(HttpClient client, WebhookReceiver receiver, string eventType, string customerId)
    {
        var before = receiver.Received.Count;
        await client.TrackAsync(customerId, eventType);
        await Api.EventuallyAsync(() => Task.FromResult(receiver.Received.Count), count => count > before, "the delivery");
        return receiver.Received[before];
    }
}
