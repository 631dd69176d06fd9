using System.Net;

namespace Personalization.Host.Tests;

public sealed class SegmentTests(EmptyCatalogHostFactory host) : IClassFixture<EmptyCatalogHostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task A_segment_is_created_read_listed_replaced_and_deleted()
    {
        var (created, createdBody) = await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/crud-vip",
            """{"name":"VIP","description":"Big spenders","rule":"sum(purchase.value) >= 1000"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, createdBody!["version"]!.GetValue<int>());

        var read = await client.GetNodeAsync("/v1/segments/crud-vip");
        Assert.Equal("VIP", read["name"]!.GetValue<string>());
        Assert.Equal("sum(purchase.value) >= 1000", read["rule"]!.GetValue<string>());

        var (replaced, replacedBody) = await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/crud-vip",
            """{"name":"VIP","rule":"sum(purchase.value) >= 2000"}""");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(2, replacedBody!["version"]!.GetValue<int>());

        var list = await client.GetNodeAsync("/v1/segments");
        Assert.Contains("crud-vip", list["segments"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));

        var (deleted, _) = await client.SendJsonAsync(HttpMethod.Delete, "/v1/segments/crud-vip");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var (missing, missingBody) = await client.SendJsonAsync(HttpMethod.Get, "/v1/segments/crud-vip");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(404, missingBody!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_segment_another_rule_uses_cannot_be_deleted_until_that_rule_stops_using_it()
    {
        await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/used-base", """{"name":"Base","rule":"count(purchase) >= 1"}""");
        await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/used-by", """{"name":"User","rule":"in_segment(\"used-base\") and count(page_view) >= 1"}""");

        var (refused, problem) = await client.SendJsonAsync(HttpMethod.Delete, "/v1/segments/used-base");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("segmentId", problem!["field"]!.GetValue<string>());
        Assert.Contains("used-by", problem["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/segments/used-base")).StatusCode);

        await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/used-by", """{"name":"User","rule":"count(page_view) >= 1"}""");
        var (deleted, _) = await client.SendJsonAsync(HttpMethod.Delete, "/v1/segments/used-base");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task A_bad_rule_gets_its_line_and_column_and_changes_nothing()
    {
        await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/bad-rule", """{"name":"Kept","rule":"count(purchase) >= 2"}""");
        var before = await client.GetNodeAsync("/v1/segments");

        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/bad-rule",
            """{"name":"Broken","rule":"country in [\"CZ\",\"SK\"\nand count(purchase) >= 2"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(2, body!["line"]!.GetValue<int>());
        Assert.Equal(1, body["column"]!.GetValue<int>());
        Assert.Contains("expected", body["errors"]!["rule"]![0]!.GetValue<string>());
        var after = await client.GetNodeAsync("/v1/segments");
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task A_new_segment_applies_to_customers_who_are_already_active()
    {
        await client.PostJsonAsync("/v1/events", new { customerId = "live-1", type = "purchase", value = 50 });
        await client.PostJsonAsync("/v1/events", new { customerId = "live-1", type = "purchase", value = 70 });
        Assert.DoesNotContain("repeat-buyer", (await client.GetNodeAsync("/v1/customers/live-1/segments"))["segments"].Strings());

        await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/repeat-buyer", """{"name":"Repeat buyer","rule":"count(purchase) >= 2"}""");

        Assert.Contains("repeat-buyer", (await client.GetNodeAsync("/v1/customers/live-1/segments"))["segments"].Strings());
    }

    [Fact]
    public async Task A_segment_written_as_json_logic_reads_back_as_text_and_as_json_logic()
    {
        var jsonLogic = """{"and":[{"in":[{"var":"country"},["CZ","SK"]]},{">=":[{"count":["purchase","30d"]},2]}]}""";

        var (created, body) = await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/json-cz", $$"""{"name":"CZ buyers","rule":{{jsonLogic}}}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("country in [\"CZ\", \"SK\"] and count(purchase, 30d) >= 2", body!["rule"]!.GetValue<string>());
        var asJsonLogic = await client.GetNodeAsync("/v1/segments/json-cz?format=jsonlogic");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(jsonLogic), asJsonLogic["rule"]), asJsonLogic.ToJsonString());

        await client.SendJsonAsync(HttpMethod.Put, "/v1/customers/json-1/profile", """{"country":"SK"}""");
        await client.PostJsonAsync("/v1/events", new { events = new[] { new { customerId = "json-1", type = "purchase" }, new { customerId = "json-1", type = "purchase" } } });
        Assert.Contains("json-cz", (await client.GetNodeAsync("/v1/customers/json-1/segments"))["segments"].Strings());
    }

    [Fact]
    public async Task A_bad_json_logic_rule_names_the_place_in_the_rule()
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/json-bad",
            """{"name":"x","rule":{"and":[{"count":["purchase","3w"]},true]}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("$.and[0].count[1]: '3w' is not a window", body!["errors"]!["rule"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Bad_Id", "segmentId")]
    [InlineData("ok-id", "rule")]
    public async Task Segment_ids_and_rules_are_validated(string id, string field)
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/segments/{id}", """{"name":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]![field]);
    }
}
