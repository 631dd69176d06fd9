using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>The sample store in-process, its "Personalization" section pointing at a test cluster.</summary>
internal sealed class StoreFactory(IReadOnlyDictionary<string, string> personalization) : WebApplicationFactory<Program>
{
    public const string PhoneUserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148";

    public static StoreFactory ForCluster(ClusterSettings cluster, params (string Key, string Value)[] more) => new(
        new Dictionary<string, string>
        {
            ["Clustering"] = "Redis",
            ["ConnectionString"] = cluster.RedisConnectionString,
            ["ClusterId"] = cluster.ClusterId,
        }.Concat(more.Select(m => KeyValuePair.Create(m.Key, m.Value))).ToDictionary());

    /// <summary>A browser: it keeps the store's cookies (the visitor id) and follows redirects after form posts.</summary>
    public HttpClient Browser(CookieContainer cookies, string? userAgent = null)
    {
        var browser = CreateDefaultClient(new RedirectHandler(), new CookieContainerHandler(cookies));
        if (userAgent is not null)
        {
            browser.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        return browser;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in personalization)
        {
            builder.UseSetting($"Personalization:{key}", value);
        }
    }
}
