using System.Net;
using System.Text.Json.Nodes;
using Personalization.Security;

namespace Personalization.Host.Tests.Security;

public sealed class AuditTrailTests(SecuredHostFactory host) : IClassFixture<SecuredHostFactory>
{
    [Fact]
    public async Task Segment_campaign_and_key_changes_and_erasures_are_recorded_with_key_time_and_versions()
    {
        var editorKey = await host.CreateKeyAsync("editor", [ApiScopes.CatalogWrite]);
        var eraserKey = await host.CreateKeyAsync("eraser", [ApiScopes.CustomersErase]);
        using var editor = host.ClientWith(editorKey["key"]!.GetValue<string>());
        using var eraser = host.ClientWith(eraserKey["key"]!.GetValue<string>());
        using var admin = host.ClientWith(host.BootstrapKey);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var since = host.Clock.GetUtcNow();

        await Ok(editor.SendJsonAsync(HttpMethod.Put, "/v1/segments/audited", """{"rule":"count(page_view) >= 1"}"""));
        await Ok(editor.SendJsonAsync(HttpMethod.Put, "/v1/segments/audited", """{"rule":"count(page_view) >= 2"}"""));
        await Ok(editor.SendJsonAsync(HttpMethod.Delete, "/v1/segments/audited"));
        await Ok(editor.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/audited-offer",
            """{"trigger":{"onEvent":"page_view"},"offer":{"title":"Hi","code":"HI"},"scope":"ttl","ttl":"1d"}"""));
        await Ok(editor.SendJsonAsync(HttpMethod.Delete, "/v1/campaigns/audited-offer"));
        await Ok(eraser.SendJsonAsync(HttpMethod.Delete, "/v1/customers/audited-alice"));
        var revoked = await host.CreateKeyAsync("short-lived", [ApiScopes.SegmentsRead]);
        await Ok(admin.SendJsonAsync(HttpMethod.Delete, $"/v1/keys/{revoked["id"]}"));
        // Refused changes change nothing and are not recorded.
        var (refused, _) = await editor.SendJsonAsync(HttpMethod.Put, "/v1/segments/audited", """{"rule":"count(("}""");

        var entries = (await admin.GetNodeAsync($"/v1/audit?since={Uri.EscapeDataString(since.ToString("O"))}"))["entries"]!.AsArray()
            .Select(e => $"{e!["action"]} {e["target"]} by {e["keyId"]} v{e["versionBefore"]}->v{e["versionAfter"]}").ToList();
        var editorId = editorKey["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(
        [
            $"segment.saved segments/audited by {editorId} v->v1",
            $"segment.saved segments/audited by {editorId} v1->v2",
            $"segment.deleted segments/audited by {editorId} v2->v3",
            $"campaign.saved campaigns/audited-offer by {editorId} v->v1",
            $"campaign.deleted campaigns/audited-offer by {editorId} v1->v2",
            $"customer.erased customers/sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("audited-alice"u8))} by {eraserKey["id"]} v->v",
            $"key.created keys/{revoked["id"]} by bootstrap v->v",
            $"key.revoked keys/{revoked["id"]} by bootstrap v->v",
        ], entries);
    }

    [Fact]
    public async Task Since_leaves_out_earlier_entries_and_a_bad_since_or_limit_is_a_400()
    {
        using var admin = host.ClientWith(host.BootstrapKey);
        await host.CreateKeyAsync("before", [ApiScopes.SegmentsRead]);
        host.Clock.Advance(TimeSpan.FromHours(1));
        var since = host.Clock.GetUtcNow();
        var after = await host.CreateKeyAsync("after", [ApiScopes.SegmentsRead]);

        var entries = (await admin.GetNodeAsync($"/v1/audit?since={Uri.EscapeDataString(since.ToString("O"))}"))["entries"]!.AsArray();
        var (badSince, sinceProblem) = await admin.SendJsonAsync(HttpMethod.Get, "/v1/audit?since=yesterday");
        var (badLimit, limitProblem) = await admin.SendJsonAsync(HttpMethod.Get, "/v1/audit?limit=0");

        var entry = Assert.Single(entries);
        Assert.Equal($"keys/{after["id"]}", entry!["target"]!.GetValue<string>());
        Assert.Equal(since, entry["time"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.BadRequest, badSince.StatusCode);
        Assert.NotNull(sinceProblem!["errors"]!["since"]);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.NotNull(limitProblem!["errors"]!["limit"]);
    }

    private static async Task Ok(Task<(HttpResponseMessage Response, JsonNode? Body)> request)
    {
        var (response, body) = await request;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
    }
}
