using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Personalization.Cluster.Tests.Infrastructure;
using Personalization.SampleStore;

namespace Personalization.Cluster.Tests;

/// <summary>
/// The sample store in-process, talking to a host process's gateway through the client SDK: pages track the visit and
/// show what the engine answered, and the host's HTTP API confirms what was stored.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class SampleStoreTests(ClusterServers servers) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> started = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(started))
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_page_view_is_tracked_through_the_SDK_and_the_page_shows_the_visitors_segments()
    {
        var host = await servers.SharedHostAsync();
        var store = Start(StoreFactory.ForCluster(servers.SharedCluster!));
        var cookies = new CookieContainer();

        var page = await store.Browser(cookies).GetStringAsync("/");

        var visitor = VisitorId(cookies);
        Assert.Contains("<li class=\"segment\">new-visitor</li>", page);
        Assert.Contains("Welcome! Your first order ships free.", page);
        var stored = await CustomerAsync(host, visitor);
        Assert.Equal(1, Count(stored, "page_view"));
        Assert.Contains("new-visitor", Segments(stored));

        var onThePhone = await store.Browser(cookies, StoreFactory.PhoneUserAgent).GetStringAsync("/products/RUN-42");

        Assert.Contains("<li class=\"segment\">mobile-shopper</li>", onThePhone);
        Assert.Equal(2, Count(await CustomerAsync(host, visitor), "page_view"));
    }

    [Fact]
    public async Task An_offer_a_campaign_made_for_a_product_view_shows_on_the_visitors_pages()
    {
        var host = await servers.SharedHostAsync();
        await CampaignApi.OfferOnProductViewAsync(host, "store-cap-offer", "HAT-3", "A free cap with your next order", "CAP4U");
        var store = Start(StoreFactory.ForCluster(servers.SharedCluster!));
        var browser = store.Browser(new CookieContainer());

        var shown = await CampaignApi.EventuallyAsync(async () =>
            (await browser.GetStringAsync("/products/HAT-3")).Contains("A free cap with your next order (code CAP4U)", StringComparison.Ordinal));

        Assert.True(shown, "No page showed the offer the campaign makes to viewers of HAT-3.");
        Assert.Contains("A free cap with your next order (code CAP4U)", await browser.GetStringAsync("/"));
    }

    [Fact]
    public async Task A_purchase_posted_twice_from_the_same_form_is_counted_once()
    {
        var host = await servers.SharedHostAsync();
        var store = Start(StoreFactory.ForCluster(servers.SharedCluster!));
        var cookies = new CookieContainer();
        var browser = store.Browser(cookies);
        var product = Products.Find("BIKE-1")!;
        var form = BuyForm(await browser.GetStringAsync($"/products/{product.Sku}"), product.Sku);

        var afterBuying = await browser.PostAsync($"/products/{product.Sku}/buy", new FormUrlEncodedContent(form));
        var page = await afterBuying.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, afterBuying.StatusCode);
        Assert.Contains("Thank you for your order.", page);
        Assert.Contains("<li class=\"segment\">high-value</li>", page);
        Assert.DoesNotContain("<li class=\"segment\">new-visitor</li>", page);

        (await browser.PostAsync($"/products/{product.Sku}/buy", new FormUrlEncodedContent(form))).EnsureSuccessStatusCode();

        var stored = await CustomerAsync(host, VisitorId(cookies));
        Assert.Equal(1, Count(stored, "purchase"));
        Assert.Equal(product.Price, stored.GetProperty("counters").GetProperty("purchase").GetProperty("sum").GetDouble());
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused_and_not_tracked()
    {
        var host = await servers.SharedHostAsync();
        var store = Start(StoreFactory.ForCluster(servers.SharedCluster!));
        var cookies = new CookieContainer();
        var browser = store.Browser(cookies);
        var form = BuyForm(await browser.GetStringAsync("/products/HAT-3"), "HAT-3");
        form.Remove(form.Keys.Single(k => k != "eventId"));

        var response = await browser.PostAsync("/products/HAT-3/buy", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, Count(await CustomerAsync(host, VisitorId(cookies)), "purchase"));
    }

    [Fact]
    public async Task Pages_still_render_unpersonalized_when_the_cluster_is_gone()
    {
        var cluster = ClusterSettings.Unique(servers);
        var host = (await ClusterHost.StartAsync(cluster, ["store-host"]))[0];
        started.Add(host);
        // The first customer a fresh host stores is slow (compilation, the first table write); the page must not wait on it.
        using (var warmUp = await host.Http.PostAsJsonAsync("/v1/events", new { customerId = "store-host-warm-up", type = "page_view" }))
        {
            warmUp.EnsureSuccessStatusCode();
        }

        var store = Start(StoreFactory.ForCluster(cluster, ("CallTimeout", "00:00:02"), ("MaxRetries", "1"), ("RetryDelay", "00:00:00.050")));
        var browser = store.Browser(new CookieContainer());
        Assert.Contains("<li class=\"segment\">new-visitor</li>", await browser.GetStringAsync("/"));

        host.KillAbruptly();
        var response = await browser.GetAsync("/products/RUN-07");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Personalization is unavailable right now.", page);
        Assert.Contains("Road racing flats", page);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await browser.GetAsync("/health")).StatusCode);
    }

    private StoreFactory Start(StoreFactory store)
    {
        started.Add(store);
        return store;
    }

    /// <summary>The fields the product page's buy form posts: the antiforgery token and the form's event id.</summary>
    private static Dictionary<string, string> BuyForm(string page, string sku)
    {
        var form = Regex.Match(page, $"""<form method="post" action="/products/{sku}/buy">(?<fields>.*?)</form>""", RegexOptions.Singleline);
        Assert.True(form.Success, $"No buy form on the page of {sku}.");
        return HiddenInput().Matches(form.Groups["fields"].Value).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
    }

    private static string VisitorId(CookieContainer cookies) =>
        cookies.GetCookies(new Uri("http://localhost/"))[Visitor.IdCookie]?.Value ?? throw new InvalidOperationException("The store set no visitor cookie.");

    private static async Task<JsonElement> CustomerAsync(ClusterHost host, string customerId) =>
        await host.Http.GetFromJsonAsync<JsonElement>($"/v1/customers/{customerId}");

    private static long Count(JsonElement customer, string eventType) =>
        customer.GetProperty("counters").TryGetProperty(eventType, out var counters) ? counters.GetProperty("count").GetInt64() : 0;

    private static IEnumerable<string> Segments(JsonElement customer) =>
        customer.GetProperty("segments").EnumerateArray().Select(s => s.GetString()!);

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenInput();
}
