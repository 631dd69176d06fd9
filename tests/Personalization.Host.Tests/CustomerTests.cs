using System.Net;

namespace Personalization.Host.Tests;

public sealed class CustomerTests(HostFactory host) : IClassFixture<HostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task An_unknown_visitor_is_an_empty_profile_evaluated_like_any_other()
    {
        var body = await client.GetNodeAsync("/v1/customers/never-seen/segments");

        Assert.Equal("never-seen", body["customerId"]!.GetValue<string>());
        Assert.Equal(["new-visitor"], body["segments"].Strings());
    }

    [Fact]
    public async Task Profile_put_replaces_and_patch_merges_typed_attributes()
    {
        var (put, putBody) = await client.SendJsonAsync(HttpMethod.Put, "/v1/customers/p-1/profile",
            """{"age":34,"country":"CZ","vip":true,"interests":["running","cycling"],"birth_date":"1992-05-17"}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.DoesNotContain("mobile-shopper", putBody!["segments"].Strings());

        var (_, patchBody) = await client.SendJsonAsync(HttpMethod.Patch, "/v1/customers/p-1/profile", """{"device":"mobile","vip":null}""");
        Assert.Equal(["mobile-shopper"], patchBody!["entered"].Strings());

        var profile = (await client.GetNodeAsync("/v1/customers/p-1"))["profile"]!;
        Assert.Equal(34, profile["age"]!.GetValue<double>());
        Assert.Equal("CZ", profile["country"]!.GetValue<string>());
        Assert.Equal(["running", "cycling"], profile["interests"].Strings());
        Assert.StartsWith("1992-05-17", profile["birth_date"]!.GetValue<string>());
        Assert.Equal("mobile", profile["device"]!.GetValue<string>());
        Assert.Null(profile["vip"]);

        var (_, replaced) = await client.SendJsonAsync(HttpMethod.Put, "/v1/customers/p-1/profile", """{"country":"SK"}""");
        Assert.Equal(["mobile-shopper"], replaced!["exited"].Strings());
        var after = (await client.GetNodeAsync("/v1/customers/p-1"))["profile"]!.AsObject();
        Assert.Equal(["country"], after.Select(p => p.Key));
    }

    [Theory]
    [InlineData("""{"address":{"city":"Brno"}}""", "address", "not an object")]
    [InlineData("""{"scores":[1,2]}""", "scores", "strings")]
    [InlineData("""{"1st":"x"}""", "1st", "start with a letter")]
    [InlineData("""{"nick":null}""", "nick", "only allowed in PATCH")]
    public async Task A_bad_profile_is_refused_by_field_and_changes_nothing(string json, string field, string reason)
    {
        await client.SendJsonAsync(HttpMethod.Put, "/v1/customers/p-bad/profile", """{"country":"DE"}""");

        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, "/v1/customers/p-bad/profile", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, body!["errors"]![field]![0]!.GetValue<string>());
        var profile = (await client.GetNodeAsync("/v1/customers/p-bad"))["profile"]!.AsObject();
        Assert.Equal("DE", profile["country"]!.GetValue<string>());
        Assert.Single(profile);
    }

    [Fact]
    public async Task A_customer_shows_profile_counters_segments_and_first_and_last_seen()
    {
        var first = host.Clock.GetUtcNow().AddDays(-3);
        await client.PostJsonAsync("/v1/events", new { customerId = "c-1", type = "purchase", value = 100, timestamp = first });
        await client.PostJsonAsync("/v1/events", new { customerId = "c-1", type = "purchase", value = 300 });

        var customer = await client.GetNodeAsync("/v1/customers/c-1");

        var purchases = customer["counters"]!["purchase"]!;
        Assert.Equal(2, purchases["count"]!.GetValue<long>());
        Assert.Equal(400, purchases["sum"]!.GetValue<double>());
        Assert.Equal(200, purchases["average"]!.GetValue<double>());
        Assert.Equal(100, purchases["min"]!.GetValue<double>());
        Assert.Equal(300, purchases["max"]!.GetValue<double>());
        Assert.Equal(first, customer["firstSeen"]!.GetValue<DateTimeOffset>());
        Assert.Equal(host.Clock.GetUtcNow(), customer["lastSeen"]!.GetValue<DateTimeOffset>());
        Assert.Empty(customer["segments"].Strings());
    }

    [Fact]
    public async Task Erasing_a_customer_forgets_everything()
    {
        await client.PostJsonAsync("/v1/events", new { customerId = "gone-1", type = "purchase", value = 900 });
        await client.SendJsonAsync(HttpMethod.Put, "/v1/customers/gone-1/profile", """{"country":"CZ"}""");

        var (deleted, _) = await client.SendJsonAsync(HttpMethod.Delete, "/v1/customers/gone-1");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var customer = await client.GetNodeAsync("/v1/customers/gone-1");
        Assert.Empty(customer["counters"]!.AsObject());
        Assert.Empty(customer["profile"]!.AsObject());
        Assert.Equal(["new-visitor"], customer["segments"].Strings());
    }

    [Fact]
    public async Task A_bad_customer_id_in_the_path_is_a_problem()
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Get, $"/v1/customers/{new string('x', 129)}/segments");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 128", body!["errors"]!["customerId"]![0]!.GetValue<string>());
    }
}
