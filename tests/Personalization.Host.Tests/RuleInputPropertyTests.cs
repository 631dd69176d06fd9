using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Personalization.Rules.JsonLogic;
using Personalization.Testing;

namespace Personalization.Host.Tests;

/// <summary>
/// No generated rule or data gets a 5xx from an endpoint that takes a rule: plain JsonLogic evaluation, a segment in
/// JsonLogic form, a segment preview and a campaign's audience and event rule. Bad input gets a 400 problem naming its
/// field; anything else is answered.
/// </summary>
public sealed class RuleInputPropertyTests(EmptyCatalogHostFactory host) : IClassFixture<EmptyCatalogHostFactory>
{
    private const int Seed = 19;

    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task No_generated_rule_and_data_gets_a_5xx_from_the_evaluate_endpoint()
    {
        var cases = new JsonLogicCases(Seed);
        var answered = 0;
        for (var i = 0; i < 1500; i++)
        {
            var (rule, data) = cases.Next();
            var body = new JsonObject { ["rule"] = rule, ["data"] = data }.ToJsonString();
            var (response, answer) = await client.SendJsonAsync(HttpMethod.Post, "/v1/rules/evaluate", body);

            AssertNot5xx(response, body);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                answered++;
                Assert.True(answer!.AsObject().ContainsKey("result"), body);
            }
            else
            {
                AssertProblemNamingAField(response, answer, body);
            }
        }

        Assert.InRange(answered, 1000, 1500);
    }

    [Theory]
    [InlineData("""{"/":[1,0]}""")]
    [InlineData("""{"/":[0,0]}""")]
    [InlineData("""{"+":[""]}""")]
    [InlineData("""{"-":[{"/":[-1,0]}]}""")]
    [InlineData("""{"map":[[1,0],{"/":[1,{"var":""}]}]}""")]
    public async Task A_NaN_or_infinite_result_is_null(string rule)
    {
        var (response, answer) = await client.SendJsonAsync(HttpMethod.Post, "/v1/rules/evaluate", $"{{\"rule\":{rule},\"data\":{{}}}}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Infinity", answer!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", answer.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60, HttpStatusCode.OK)]
    [InlineData(61, HttpStatusCode.BadRequest)]
    public async Task A_result_nested_to_the_limit_is_answered_and_one_level_deeper_is_a_400(int depth, HttpStatusCode expected)
    {
        // Each step of the reduce wraps the accumulator in one more array.
        var items = string.Join(",", Enumerable.Repeat("0", depth));
        var body = $"{{\"rule\":{{\"reduce\":[{{\"var\":\"n\"}},[{{\"var\":\"accumulator\"}}],null]}},\"data\":{{\"n\":[{items}]}}}}";

        var (response, answer) = await client.SendJsonAsync(HttpMethod.Post, "/v1/rules/evaluate", body);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            AssertProblemNamingAField(response, answer, body);
        }
    }

    [Theory]
    [InlineData("/v1/rules/evaluate", "POST")]
    [InlineData("/v1/segments/bad-text", "PUT")]
    [InlineData("/v1/segments/preview", "POST")]
    [InlineData("/v1/campaigns/bad-text", "PUT")]
    [InlineData("/v1/events", "POST")]
    public async Task A_body_of_invalid_utf8_or_half_a_surrogate_pair_is_a_400_problem(string url, string method)
    {
        byte[][] bodies =
        [
            [.. """{"rule":{"cat":["a","""u8, 0xff, 0xfe, .. "\"]},\"data\":{}}"u8],
            [.. """{"rule":{"cat":["a","\ud83d"]},"data":{},"name":"x","trigger":{"onEvent":"page_view"},"offer":{"title":"x"}}"""u8],
            [.. """{"rule":"lower(x) == \"\udc00\"","name":"x","customerId":"c","type":"t"}"""u8],
        ];
        foreach (var bytes in bodies)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url}: HTTP {(int)response.StatusCode} {text}");
            AssertProblemNamingAField(response, JsonNode.Parse(text), Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public async Task No_generated_segment_rule_gets_a_5xx_as_a_segment_a_preview_or_a_campaign()
    {
        await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/target", """{"name":"Target","rule":"count(purchase) >= 1"}""");
        foreach (var (customer, attributes) in EdgeCustomers())
        {
            var (profile, problem) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{customer}/profile", attributes);
            Assert.True(profile.IsSuccessStatusCode, $"profile of {customer}: HTTP {(int)profile.StatusCode} {problem?.ToJsonString()}");
            await client.SendJsonAsync(HttpMethod.Post, "/v1/events", new JsonObject { ["customerId"] = customer, ["type"] = "purchase", ["value"] = 12.5, ["properties"] = new JsonObject { ["category"] = "shoes" } }.ToJsonString());
        }

        var cases = new JsonLogicCases(Seed);
        var stored = 0;
        for (var i = 0; i < 250; i++)
        {
            // Segment-shaped rules mostly, and now and then a plain JsonLogic rule that segments do not read.
            var rule = i % 5 == 4 ? cases.Rule(3) : cases.SegmentRule(3);
            var segment = new JsonObject { ["name"] = "Generated", ["rule"] = rule?.DeepClone() }.ToJsonString();
            var (put, putAnswer) = await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/generated", segment);
            AssertNot5xx(put, segment);
            if (put.IsSuccessStatusCode)
            {
                stored++;
            }
            else
            {
                AssertProblemNamingAField(put, putAnswer, segment);
            }

            var preview = new JsonObject { ["rule"] = rule?.DeepClone(), ["sampleSize"] = 20 }.ToJsonString();
            var (previewed, previewAnswer) = await client.SendJsonAsync(HttpMethod.Post, "/v1/segments/preview", preview);
            AssertNot5xx(previewed, preview);
            Assert.Equal(put.IsSuccessStatusCode, previewed.IsSuccessStatusCode);
            if (!previewed.IsSuccessStatusCode)
            {
                AssertProblemNamingAField(previewed, previewAnswer, preview);
            }

            // Campaign rules are rule text: the rule's text form when it reads as a segment rule, else the JSON as it is.
            JsonNode? text;
            try
            {
                text = JsonLogicSyntax.ToRuleText(rule);
            }
            catch (JsonLogicException)
            {
                text = rule?.DeepClone();
            }

            var campaign = new JsonObject
            {
                ["trigger"] = new JsonObject { ["onEvent"] = "purchase", ["rule"] = text?.DeepClone() },
                ["audience"] = text?.DeepClone(),
                ["offer"] = new JsonObject { ["title"] = "Generated" },
            }.ToJsonString();
            var (campaignPut, campaignAnswer) = await client.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/generated", campaign);
            AssertNot5xx(campaignPut, campaign);
            if (!campaignPut.IsSuccessStatusCode)
            {
                AssertProblemNamingAField(campaignPut, campaignAnswer, campaign);
            }
        }

        // The generated rules reach evaluation, not only validation.
        Assert.InRange(stored, 25, 250);
    }

    /// <summary>Customers whose attributes are the values where conversions differ: missing, "", numeric prefixes, -0, 1e308, lists.</summary>
    private static IEnumerable<(string Customer, string Attributes)> EdgeCustomers() =>
    [
        ("edge-1", """{"b":"","x":"12abc","s":"0x10","n":-0.0,"arr":["1","2"],"age":1e308}"""),
        ("edge-2", """{"a":0,"b":" 1 ","x":1e21,"s":"Infinity","n":5e-324,"arr":[],"age":-1}"""),
        ("edge-3", """{"a":true,"b":"2024-01-01","x":"-1.5","s":"","n":"NaN","obj":"[object Object]","age":"34"}"""),
    ];

    private static void AssertNot5xx(HttpResponseMessage response, string body) =>
        Assert.True((int)response.StatusCode < 500, $"HTTP {(int)response.StatusCode} for {response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery} {body}");

    private static void AssertProblemNamingAField(HttpResponseMessage response, JsonNode? answer, string body)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"HTTP {(int)response.StatusCode} for {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(answer?["errors"] is JsonObject { Count: > 0 }, $"no field named in {answer?.ToJsonString()} for {body}");
    }
}
