using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Personalization.Campaigns.Tests;

public sealed class CampaignDefinitionTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    private static JsonObject Minimal() => new()
    {
        ["trigger"] = new JsonObject { ["onEnter"] = "cart-abandoner" },
        ["offer"] = new JsonObject { ["title"] = "Free shipping", ["code"] = "SHIP" },
    };

    [Fact]
    public async Task A_campaign_is_created_replaced_listed_deleted_and_keeps_its_versions()
    {
        var client = host.CreateClient();
        var (created, first) = await client.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/crud-1", Minimal().ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/v1/campaigns/crud-1", created.Headers.Location!.OriginalString);
        Assert.Equal(1, first!["version"]!.GetValue<int>());
        Assert.Equal("crud-1", first["name"]!.GetValue<string>());
        Assert.Equal("session", first["scope"]!.GetValue<string>());
        Assert.Equal("purchase", first["conversion"]!["eventType"]!.GetValue<string>());
        Assert.Equal("7d", first["conversion"]!["window"]!.GetValue<string>());
        Assert.Equal(["default"], first["variants"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()));

        var changed = Minimal();
        changed["name"] = "Cart reminder";
        changed["enabled"] = false;
        var (replaced, second) = await client.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/crud-1", changed.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(2, second!["version"]!.GetValue<int>());
        Assert.False(second["enabled"]!.GetValue<bool>());

        var list = await client.GetNodeAsync("/v1/campaigns");
        Assert.Contains(list["campaigns"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "crud-1" && c["name"]!.GetValue<string>() == "Cart reminder");
        Assert.Equal("Cart reminder", (await client.GetNodeAsync("/v1/campaigns/crud-1"))["name"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/v1/campaigns/crud-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/campaigns/crud-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/v1/campaigns/crud-1")).StatusCode);

        var versions = (await client.GetNodeAsync("/v1/campaigns/crud-1/versions"))["versions"]!.AsArray();
        Assert.Equal([1, 2, 3], versions.Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal([false, false, true], versions.Select(v => v!["deleted"]!.GetValue<bool>()));

        var (again, recreated) = await client.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/crud-1", Minimal().ToJsonString());
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(4, recreated!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task What_get_answers_can_be_put_back_unchanged()
    {
        var client = host.CreateClient();
        var full = new JsonObject
        {
            ["name"] = "Full",
            ["description"] = "Every field set",
            ["enabled"] = true,
            ["trigger"] = new JsonObject { ["onEvent"] = "add_to_cart", ["rule"] = "value >= 50" },
            ["audience"] = "count(purchase) == 0",
            ["offer"] = new JsonObject { ["title"] = "T", ["nested"] = new JsonObject { ["a"] = new JsonArray(1, 2) } },
            ["scope"] = "ttl",
            ["ttl"] = "90m",
            ["caps"] = new JsonObject
            {
                ["perCustomer"] = new JsonObject { ["count"] = 1, ["period"] = "24h" },
                ["global"] = new JsonObject { ["count"] = 500, ["period"] = "1d" },
            },
            ["startsAt"] = "2026-11-01T00:00:00+00:00",
            ["endsAt"] = "2026-12-01T00:00:00+00:00",
            ["conversion"] = new JsonObject { ["eventType"] = "signup", ["window"] = "3d" },
            ["variants"] = new JsonArray(
                new JsonObject { ["id"] = "a", ["weight"] = 3, ["control"] = false },
                new JsonObject { ["id"] = "b", ["weight"] = 3, ["control"] = false, ["offer"] = new JsonObject { ["title"] = "B" } },
                new JsonObject { ["id"] = "holdout", ["weight"] = 1, ["control"] = true }),
        };
        var saved = await client.PutCampaignAsync("round-trip", full.ToJsonString());
        var read = await client.GetNodeAsync("/v1/campaigns/round-trip");

        // Durations come back in their largest whole unit.
        Assert.Equal("1d", read["caps"]!["perCustomer"]!["period"]!.GetValue<string>());
        Assert.Equal("90m", read["ttl"]!.GetValue<string>());
        foreach (var (key, value) in full)
        {
            var expected = key == "caps" ? JsonNode.Parse(value!.ToJsonString().Replace("24h", "1d")) : value;
            Assert.True(JsonNode.DeepEquals(expected, read[key]), $"{key}: sent {value?.ToJsonString()}, read {read[key]?.ToJsonString()}");
        }

        var writable = read.AsObject().DeepClone().AsObject();
        foreach (var meta in new[] { "id", "version", "createdAt", "updatedAt", "deleted" })
        {
            writable.Remove(meta);
        }

        var again = await client.PutCampaignAsync("round-trip", writable.ToJsonString());
        Assert.Equal(saved["version"]!.GetValue<int>() + 1, again["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_webhook_secret_is_never_shown_and_a_put_without_it_keeps_it()
    {
        var client = host.CreateClient();
        var campaign = Minimal();
        campaign["webhook"] = new JsonObject { ["url"] = "https://hooks.example.com/offers", ["secret"] = "s3cret-s3cret-s3cret" };
        var saved = await client.PutCampaignAsync("hook-secret", campaign.ToJsonString());
        Assert.Equal("""{"url":"https://hooks.example.com/offers","secretSet":true}""", saved["webhook"]!.ToJsonString());
        Assert.DoesNotContain("s3cret", (await client.GetStringAsync("/v1/campaigns/hook-secret")), StringComparison.Ordinal);

        campaign["webhook"] = new JsonObject { ["url"] = "https://hooks.example.com/v2" };
        var kept = await client.PutCampaignAsync("hook-secret", campaign.ToJsonString());
        Assert.True(kept["webhook"]!["secretSet"]!.GetValue<bool>());

        var (response, problem) = await client.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/hook-secret-new", campaign.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem!["errors"]!["webhook.secret"]);
    }

    [Fact]
    public async Task An_unknown_segment_in_a_trigger_is_refused_naming_the_field()
    {
        var campaign = Minimal();
        campaign["trigger"] = new JsonObject { ["onExit"] = "no-such-segment" };
        var problem = await RefusedAsync("unknown-segment", campaign.ToJsonString());
        Assert.Contains("no-such-segment", problem["errors"]!["trigger.onExit"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync("/v1/campaigns/unknown-segment")).StatusCode);
    }

    [Theory]
    [InlineData("audience", "count(purchase) >= 1 and country in [\"CZ\" \"SK\"]", 1, 43)]
    [InlineData("audience", "count(purchase) >= 1 and\n  in_segment(\"no-such\")", 2, 14)]
    [InlineData("trigger.rule", "value >=", 1, 9)]
    [InlineData("trigger.rule", "in_segment(\"high-value\")", 1, 12)]
    public async Task A_bad_rule_is_refused_with_its_line_and_column(string field, string rule, int line, int column)
    {
        var campaign = Minimal();
        if (field == "audience")
        {
            campaign["audience"] = rule;
        }
        else
        {
            campaign["trigger"] = new JsonObject { ["onEvent"] = "add_to_cart", ["rule"] = rule };
        }

        var problem = await RefusedAsync("bad-rule", campaign.ToJsonString());
        Assert.Equal("The rule is not valid.", problem["title"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(line, problem["line"]!.GetValue<int>());
        Assert.Equal(column, problem["column"]!.GetValue<int>());
    }

    public static TheoryData<string, string, string> InvalidCampaigns => new()
    {
        { """[1]""", "body", "JSON object" },
        { """{"offer":{"t":1}}""", "trigger", "required" },
        { """{"trigger":{},"offer":{"t":1}}""", "trigger", "one of onEnter" },
        { """{"trigger":{"onEnter":"cart-abandoner","onExit":"cart-abandoner"},"offer":{"t":1}}""", "trigger", "exactly one" },
        { """{"trigger":{"onEnter":"Cart"},"offer":{"t":1}}""", "trigger.onEnter", "a-z0-9" },
        { """{"trigger":{"onEvent":"bad type"},"offer":{"t":1}}""", "trigger.onEvent", "A-Za-z0-9" },
        { """{"trigger":{"onEnter":"cart-abandoner","rule":"value > 1"},"offer":{"t":1}}""", "trigger.rule", "onEvent" },
        { """{"trigger":{"onEnter":"cart-abandoner"}}""", "offer", "required" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":"free"}""", "offer", "JSON object" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"audience":"  "}""", "audience", "blank" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"color":"red"}""", "color", "unknown field" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"enabled":"yes"}""", "enabled", "true or false" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"scope":"forever"}""", "scope", "\"session\" or \"ttl\"" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"scope":"ttl"}""", "ttl", "required" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"ttl":"2h"}""", "ttl", "only with scope" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"scope":"ttl","ttl":"2 hours"}""", "ttl", "whole minutes" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"scope":"ttl","ttl":"91d"}""", "ttl", "to 90d" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"scope":"ttl","ttl":"0m"}""", "ttl", "from 1m" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"caps":{"perCustomer":{"count":0,"period":"1d"}}}""", "caps.perCustomer.count", "1-1000000" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"caps":{"global":{"count":1000001,"period":"1d"}}}""", "caps.global.count", "1-1000000" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"caps":{"global":{"count":5}}}""", "caps.global.period", "required" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"caps":{"global":{"count":5,"period":"367d"}}}""", "caps.global.period", "to 366d" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"caps":{"daily":{}}}""", "caps.daily", "unknown field" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"startsAt":"2026-12-01"}""", "startsAt", "offset" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"startsAt":"2026-12-01T00:00:00Z","endsAt":"2026-12-01T00:00:00Z"}""", "endsAt", "after startsAt" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"conversion":{"window":"91d"}}""", "conversion.window", "to 90d" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"conversion":{"eventType":"a b"}}""", "conversion.eventType", "A-Za-z0-9" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"variants":[]}""", "variants", "1-10 variants" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"variants":[{"id":"a","weight":1},{"id":"a","weight":1}]}""", "variants[1].id", "another variant" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"variants":[{"id":"a","weight":0}]}""", "variants[0].weight", "1-10000" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"variants":[{"id":"a","weight":10001}]}""", "variants[0].weight", "1-10000" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"variants":[{"id":"a"}]}""", "variants[0].weight", "required" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"variants":[{"id":"A","weight":1}]}""", "variants[0].id", "a-z0-9" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"variants":[{"id":"c","weight":1,"control":true}]}""", "variants", "at least one" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"variants":[{"id":"a","weight":1},{"id":"c","weight":1,"control":true},{"id":"d","weight":1,"control":true}]}""", "variants", "at most one" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"variants":[{"id":"a","weight":1},{"id":"c","weight":1,"control":true,"offer":{"t":2}}]}""", "variants[1].offer", "gets nothing" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"variants":[{"id":"a","weight":1,"offer":{"t":1}},{"id":"b","weight":1}]}""", "variants[1].offer", "required" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"webhook":{"url":"ftp://example.com/x","secret":"0123456789abcdef"}}""", "webhook.url", "http or https" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"webhook":{"url":"https://example.com/x","secret":"short"}}""", "webhook.secret", "at least 16" },
        { """{"trigger":{"onEnter":"cart-abandoner"},"offer":{"t":1},"webhook":{"secret":"0123456789abcdef"}}""", "webhook.url", "required" },
    };

    [Theory]
    [MemberData(nameof(InvalidCampaigns))]
    public async Task An_invalid_campaign_is_refused_naming_the_field(string json, string field, string reason)
    {
        var problem = await RefusedAsync("invalid", json);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected a problem on '{field}', got {errors.ToJsonString()}");
        Assert.Contains(reason, errors[field]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The limit tests take their values from <see cref="CampaignLimits"/>, so this one holds those values to what
    /// docs/campaigns.md promises: a changed constant fails here until the documentation says the same.
    /// </summary>
    [Fact]
    public void The_limits_docs_campaigns_md_states_are_the_enforced_ones()
    {
        var documented = Regex.Replace(File.ReadAllText(RepositoryFiles.InRepository("docs/campaigns.md")), @"\s+", " ");
        string[] statements =
        [
            Invariant($"{CampaignLimits.MaxCampaigns:N0} campaigns"),
            Invariant($"ids up to {CampaignLimits.MaxIdLength} characters"),
            Invariant($"offers up to {CampaignLimits.MaxContentBytes / 1024} KiB"),
            Invariant($"{CampaignLimits.MaxVariants} variants, weights 1-{CampaignLimits.MaxVariantWeight:N0}"),
            Invariant($"durations from {CampaignLimits.MinDuration.TotalMinutes:0} minute"),
            Invariant($"ttl and attribution window up to {CampaignLimits.MaxTimeToLive.TotalDays:0} days"),
            Invariant($"cap periods up to {CampaignLimits.MaxCapPeriod.TotalDays:0} days, cap counts up to {CampaignLimits.MaxCapCount:N0}"),
            Invariant($"webhook secrets {CampaignLimits.MinWebhookSecretLength}-{CampaignLimits.MaxWebhookSecretLength} characters, URLs up to {CampaignLimits.MaxWebhookUrlLength:N0}"),
            Invariant($"{CampaignLimits.MaxVersionsKept} versions and {CampaignLimits.MaxDeadLettersKept:N0} dead letters kept per campaign"),
            Invariant($"a customer keeps {CampaignLimits.MaxExposuresPerCustomer} exposures"),
        ];

        Assert.Equal(CampaignLimits.MaxAttributionWindow, CampaignLimits.MaxTimeToLive);
        Assert.All(statements, statement => Assert.Contains(statement, documented, StringComparison.Ordinal));

        static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Text_and_size_limits_are_enforced()
    {
        await AssertLimitAsync("name", new string('n', CampaignLimits.MaxNameLength), new string('n', CampaignLimits.MaxNameLength + 1));
        await AssertLimitAsync("description", new string('d', CampaignLimits.MaxDescriptionLength), new string('d', CampaignLimits.MaxDescriptionLength + 1));

        // The offer's JSON text {"t":"..."} is 8 bytes plus the string.
        await AssertLimitAsync("offer", new JsonObject { ["t"] = new string('x', CampaignLimits.MaxContentBytes - 8) }, new JsonObject { ["t"] = new string('x', CampaignLimits.MaxContentBytes - 7) });
        await AssertLimitAsync("webhook.url", Webhook(CampaignLimits.MaxWebhookUrlLength), Webhook(CampaignLimits.MaxWebhookUrlLength + 1), "webhook");
        await AssertLimitAsync("webhook.secret", SecretWebhook(CampaignLimits.MaxWebhookSecretLength), SecretWebhook(CampaignLimits.MaxWebhookSecretLength + 1), "webhook");
        await AssertLimitAsync("audience", "country == \"" + new string('c', Rules.SegmentCatalog.MaxRuleLength - 13) + "\"", "country == \"" + new string('c', Rules.SegmentCatalog.MaxRuleLength - 12) + "\"");
        await AssertLimitAsync("variants", Variants(CampaignLimits.MaxVariants), Variants(CampaignLimits.MaxVariants + 1));

        static JsonObject Webhook(int length) => new() { ["url"] = "https://example.com/" + new string('p', length - 20), ["secret"] = "0123456789abcdef" };
        static JsonObject SecretWebhook(int length) => new() { ["url"] = "https://example.com/", ["secret"] = new string('s', length) };
        static JsonArray Variants(int count) => [.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["id"] = $"v{i}", ["weight"] = 1 })];
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("with space")]
    public async Task A_bad_campaign_id_is_refused(string id)
    {
        var (response, problem) = await host.CreateClient().SendJsonAsync(HttpMethod.Put, $"/v1/campaigns/{Uri.EscapeDataString(id)}", Minimal().ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem!["errors"]!["campaignId"]);
    }

    [Fact]
    public async Task A_campaign_id_holds_at_most_64_characters()
    {
        var client = host.CreateClient();
        await client.PutCampaignAsync(new string('i', CampaignLimits.MaxIdLength), Minimal().ToJsonString());
        var (response, problem) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/campaigns/{new string('i', CampaignLimits.MaxIdLength + 1)}", Minimal().ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 64", problem!["errors"]!["campaignId"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Reports_dead_letters_and_versions_of_an_unknown_campaign_are_not_found()
    {
        var client = host.CreateClient();
        foreach (var path in new[] { "report", "dead-letters", "versions" })
        {
            var (response, problem) = await client.SendJsonAsync(HttpMethod.Get, $"/v1/campaigns/never-defined/{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("campaignId", problem!["field"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(CampaignLimits.MaxDeadLettersPerPage + 1)]
    public async Task A_dead_letter_page_holds_1_to_1000(int limit)
    {
        var client = host.CreateClient();
        await client.PutCampaignAsync("dead-letter-limit", Minimal().ToJsonString());
        var (response, problem) = await client.SendJsonAsync(HttpMethod.Get, $"/v1/campaigns/dead-letter-limit/dead-letters?limit={limit}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem!["errors"]!["limit"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/campaigns/dead-letter-limit/dead-letters?limit={CampaignLimits.MaxDeadLettersPerPage}")).StatusCode);
    }

    private async Task<JsonNode> RefusedAsync(string id, string json)
    {
        var (response, problem) = await host.CreateClient().SendJsonAsync(HttpMethod.Put, $"/v1/campaigns/{id}", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return problem!;
    }

    /// <summary>The value at the limit is accepted and one past it refused, with the problem on <paramref name="field"/>.</summary>
    private async Task AssertLimitAsync(string field, JsonNode atLimit, JsonNode pastLimit, string? property = null)
    {
        var key = property ?? field;
        var accepted = Minimal();
        accepted[key] = atLimit;
        await host.CreateClient().PutCampaignAsync($"limit-{key.Replace('.', '-')}", accepted.ToJsonString());
        var refused = Minimal();
        refused[key] = pastLimit;
        var problem = await RefusedAsync($"limit-{key.Replace('.', '-')}", refused.ToJsonString());
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"expected a problem on '{field}', got {problem["errors"]!.ToJsonString()}");
    }
}
