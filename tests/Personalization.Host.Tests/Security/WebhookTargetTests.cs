using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Campaigns;
using Personalization.Campaigns.Webhooks;

namespace Personalization.Host.Tests.Security;

public sealed class WebhookTargetTests(HostFactory host) : IClassFixture<HostFactory>
{
    [Theory]
    [InlineData("http://127.0.0.1:9/", "https")]
    [InlineData("https://127.0.0.1:9/", "resolves to 127.0.0.1")]
    [InlineData("https://169.254.169.254/latest/meta-data", "resolves to 169.254.169.254")]
    [InlineData("http://169.254.169.254/latest/meta-data", "https")]
    [InlineData("https://10.0.0.1/", "resolves to 10.0.0.1")]
    [InlineData("https://172.16.5.4/", "resolves to 172.16.5.4")]
    [InlineData("https://192.168.1.1/", "resolves to 192.168.1.1")]
    [InlineData("https://100.64.0.1/", "resolves to 100.64.0.1")]
    [InlineData("https://224.0.0.251/", "resolves to 224.0.0.251")]
    [InlineData("https://[::1]/hook", "resolves to ::1")]
    [InlineData("https://[fe80::1]/hook", "resolves to fe80::1")]
    [InlineData("https://[fd00::1]/hook", "resolves to fd00::1")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "private")]
    [InlineData("https://localhost/hook", "localhost resolves to 127.0.0.1")]
    public async Task A_webhook_reaching_inward_or_without_https_is_refused_when_stored(string url, string reason)
    {
        using var client = host.CreateClient();

        var (response, problem) = await client.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/inward-hook", Campaign(url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, problem!["errors"]!["webhook.url"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_host_listed_in_allowed_hosts_may_be_reached_over_http()
    {
        await using var allowing = host.WithWebHostBuilder(web => web.UseSetting("Campaigns:Webhooks:AllowedHosts:0", "127.0.0.1"));
        using var client = allowing.CreateClient();

        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/allowed-hook", Campaign("http://127.0.0.1:9/hook"));

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
    }

    [Fact]
    public async Task A_delivery_connecting_to_a_name_that_resolves_inward_is_refused_at_send_time()
    {
        // The dispatcher's own connection check, on a name that resolves to 127.0.0.1 when the delivery connects.
        var targets = host.Services.GetRequiredService<WebhookTargets>();
        using var http = new HttpClient(new SocketsHttpHandler { ConnectCallback = targets.ConnectAsync });

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync("https://localhost:9/hook", new StringContent("{}")));
        var plain = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync("http://93.184.215.14:9/hook", new StringContent("{}")));

        Assert.Contains("localhost resolves to 127.0.0.1", refused.ToString());
        Assert.Contains("must be https", plain.ToString());
    }

    private static string Campaign(string url) => new JsonObject
    {
        ["trigger"] = new JsonObject { ["onEvent"] = "page_view" },
        ["offer"] = new JsonObject { ["title"] = "Hi" },
        ["scope"] = "ttl",
        ["ttl"] = "1d",
        ["webhook"] = new JsonObject { ["url"] = url, ["secret"] = "0123456789abcdef" },
    }.ToJsonString();
}
