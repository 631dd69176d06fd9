using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Personalization.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Personalization.Cluster.Tests;

/// <summary>
/// Two hosts of one cluster (Redis clustering, Azure Table state) with keys required: a key created on one works on
/// both, and once revoked on one it is refused by both within a second, each answering from its own key cache.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KeyRevocationTests(ClusterServers servers, ITestOutputHelper output)
{
    private static readonly TimeSpan RevocationBound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_key_revoked_on_one_host_is_refused_by_both_within_a_second()
    {
        var adminKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var cluster = new TestCluster(output);
        var hosts = await cluster.StartAsync(servers, ["keys-a", "keys-b"], "Security:RequireApiKeys=true", $"Security:BootstrapKey={adminKey}");
        await cluster.ExplainingFailureAsync(async () =>
        {
            var (a, b) = (hosts[0].Http, hosts[1].Http);
            using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/keys")
            {
                Content = JsonContent.Create(new { name = "revoked soon", scopes = new[] { "segments:read" } }),
            };
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            var created = await (await a.SendAsync(create)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
            var key = created!["key"]!.GetValue<string>();

            // Created on a; b learns of it within its refresh interval.
            Assert.Equal(HttpStatusCode.OK, await LookupAsync(a, key));
            Assert.True(await WithinAsync(b, key, HttpStatusCode.OK, TimeSpan.FromSeconds(5)) is not null, "host b never accepted the new key");

            using var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/v1/keys/{created["id"]}");
            revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            Assert.Equal(HttpStatusCode.NoContent, (await a.SendAsync(revoke)).StatusCode);
            var revokedAt = Stopwatch.StartNew();
            var onA = await WithinAsync(a, key, HttpStatusCode.Unauthorized, RevocationBound);
            var onB = await WithinAsync(b, key, HttpStatusCode.Unauthorized, RevocationBound - revokedAt.Elapsed);
            output.WriteLine($"refused on a after {onA?.TotalMilliseconds:0} ms, on b after {revokedAt.Elapsed.TotalMilliseconds:0} ms");

            Assert.True(onA is not null, "host a still accepted the key it revoked");
            Assert.True(onB is not null, $"host b still accepted the revoked key {RevocationBound.TotalSeconds} s after the revocation");
            Assert.Equal(HttpStatusCode.Unauthorized, await LookupAsync(a, key));
            Assert.Equal(HttpStatusCode.Unauthorized, await LookupAsync(b, key));
        });
    }

    private static async Task<HttpStatusCode> LookupAsync(HttpClient host, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/customers/revocation-alice/segments");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await host.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>How long until the host answers <paramref name="status"/>, or null when it did not within <paramref name="bound"/>.</summary>
    private static async Task<TimeSpan?> WithinAsync(HttpClient host, string key, HttpStatusCode status, TimeSpan bound)
    {
        var elapsed = Stopwatch.StartNew();
        do
        {
            if (await LookupAsync(host, key) == status)
            {
                return elapsed.Elapsed;
            }

            await Task.Delay(20);
        }
        while (elapsed.Elapsed < bound);
        return null;
    }
}
