using System.Net;
using Personalization.Security;

namespace Personalization.Host.Tests.Security;

/// <summary>catalog:read limited to a burst of 3 and 1 a second, so a burst runs out at once and refills in a second.</summary>
public sealed class RateLimitedHostFactory : SecuredHostFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings() =>
    [
        new("Security:RateLimits:catalog:read:PermitsPerSecond", "1"),
        new("Security:RateLimits:catalog:read:Burst", "3"),
    ];
}

public sealed class RateLimitTests(RateLimitedHostFactory host) : IClassFixture<RateLimitedHostFactory>
{
    [Fact]
    public async Task A_burst_over_the_limit_gets_429_with_retry_after_and_a_problem_then_traffic_recovers_and_other_keys_are_unaffected()
    {
        var busy = (await host.CreateKeyAsync("busy dashboard", [ApiScopes.CatalogRead]))["key"]!.GetValue<string>();
        var quiet = (await host.CreateKeyAsync("quiet dashboard", [ApiScopes.CatalogRead]))["key"]!.GetValue<string>();
        using var busyClient = host.ClientWith(busy);
        using var quietClient = host.ClientWith(quiet);

        var burst = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            burst.Add(await busyClient.GetAsync("/v1/segments"));
        }

        var quietAnswer = await quietClient.GetAsync("/v1/segments");
        var limited = burst.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        var problem = await limited.Content.ReadAsStringAsync();
        var retryAfter = limited.Headers.RetryAfter!.Delta!.Value;
        await Task.Delay(retryAfter + TimeSpan.FromMilliseconds(200));
        var recovered = await busyClient.GetAsync("/v1/segments");

        Assert.True(burst.Count(r => r.StatusCode == HttpStatusCode.OK) >= 3, "the burst's first three are within the bucket");
        Assert.True(burst.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests) >= 5, "a burst of ten against a bucket of three, refilled at one a second");
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"status\":429", problem);
        Assert.Equal(HttpStatusCode.OK, quietAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }
}
