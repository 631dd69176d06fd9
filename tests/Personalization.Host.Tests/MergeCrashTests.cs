using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Identity;
using Personalization.LoadTests.Scenarios;
using Personalization.Testing;
using Xunit.Abstractions;

namespace Personalization.Host.Tests;

/// <summary>
/// The host runs as a process of its own on Azurite (Acknowledged mode). A merge is cut by the process dying between
/// two of its stored steps (<see cref="IdentityOptions.KillAtMergeStep"/>, the same as a SIGKILL there); after a
/// restart, retrying the identify gives exactly the customer that one id receiving both histories has. Erasing a merged
/// customer erases its alias for good, across a restart.
/// </summary>
public sealed class MergeCrashTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-2);

    public static TheoryData<MergeStep> Steps => new(Enum.GetValues<MergeStep>());

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_merge_killed_between_steps_completes_exactly_when_retried_after_a_restart(MergeStep step)
    {
        var table = $"merge{Guid.NewGuid():N}";
        var settings = EngineStorageSettings.OnAzurite(azurite, table).AsArguments();
        var logs = Path.Combine(Path.GetTempPath(), table);
        const string anonymous = "crash-cookie", known = "crash-user", reference = "crash-one-id";

        await using (var doomed = await HostProcess.StartAsync(BuiltPrograms.HostDll, [.. settings, $"Identity:KillAtMergeStep={step}"], Path.Combine(logs, "killed.log"), ReadyTimeout, CancellationToken.None))
        {
            using var http = Client(doomed);
            await DefineSegmentAsync(http, "browsing-buyer", "count(page_view) >= 2 and count(purchase) >= 1");
            await SendHistoriesAsync(http, anonymous, known);
            await SendHistoriesAsync(http, reference, reference);

            var identify = await TryIdentifyAsync(http, anonymous, known);
            Assert.True(identify is null, $"the identify was answered ({identify}) although the host should have died at {step}");
            await WaitForExitAsync(doomed);
        }

        await using var restarted = await HostProcess.StartAsync(BuiltPrograms.HostDll, settings, Path.Combine(logs, "restarted.log"), ReadyTimeout, CancellationToken.None);
        using var client = Client(restarted);
        try
        {
            var retried = await TryIdentifyAsync(client, anonymous, known);
            Assert.True(retried is HttpStatusCode.OK, $"the retried identify answered {retried}");
            await AssertSameCustomerAsync(client, known, reference);
            Assert.Equal(known, (await client.GetNodeAsync($"/v1/customers/{anonymous}"))["customerId"]!.GetValue<string>());
            Assert.Equal(["browsing-buyer"], (await client.GetNodeAsync($"/v1/customers/{anonymous}/segments"))["segments"].Strings());

            // Redeliveries to either id count once; new events through the alias count for the customer.
            Assert.True((await TrackAsync(client, anonymous, "page_view", "anon-1", 0))["duplicate"]!.GetValue<bool>());
            Assert.True((await TrackAsync(client, known, "page_view", "anon-2", 1))["duplicate"]!.GetValue<bool>());
            Assert.True((await TrackAsync(client, anonymous, "purchase", "known-1", 2))["duplicate"]!.GetValue<bool>());
            await TrackAsync(client, anonymous, "page_view", "after-1", 10);
            await TrackAsync(client, reference, "page_view", "after-1", 10);
            await AssertSameCustomerAsync(client, known, reference);
        }
        catch
        {
            output.WriteLine(restarted.LogTail());
            throw;
        }
    }

    [Fact]
    public async Task After_erasing_a_merged_customer_its_alias_resolves_to_nothing_also_after_a_restart()
    {
        var table = $"eraseAlias{Guid.NewGuid():N}";
        var settings = EngineStorageSettings.OnAzurite(azurite, table).AsArguments();
        var logs = Path.Combine(Path.GetTempPath(), table);
        const string anonymous = "erased-cookie", known = "erased-user";

        await using (var first = await HostProcess.StartAsync(BuiltPrograms.HostDll, settings, Path.Combine(logs, "first.log"), ReadyTimeout, CancellationToken.None))
        {
            using var http = Client(first);
            await SendHistoriesAsync(http, anonymous, known);
            Assert.Equal(HttpStatusCode.OK, await TryIdentifyAsync(http, anonymous, known));
            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/v1/customers/{known}")).StatusCode);

            await AssertForgottenAsync(http, anonymous, known);
            first.Kill();
        }

        await using var second = await HostProcess.StartAsync(BuiltPrograms.HostDll, settings, Path.Combine(logs, "second.log"), ReadyTimeout, CancellationToken.None);
        using var client = Client(second);
        await AssertForgottenAsync(client, anonymous, known);

        // A fresh event under the old alias id starts a new customer of its own, with only that event.
        await TrackAsync(client, anonymous, "page_view", "anon-1", 20);
        var fresh = await client.GetNodeAsync($"/v1/customers/{anonymous}");
        Assert.Equal(anonymous, fresh["customerId"]!.GetValue<string>());
        Assert.Equal(["page_view"], fresh["counters"]!.AsObject().Select(c => c.Key));
        Assert.Equal(1, fresh["counters"]!["page_view"]!["count"]!.GetValue<long>());
        Assert.Empty((await client.GetNodeAsync($"/v1/customers/{known}"))["counters"]!.AsObject());
    }

    /// <summary>Neither id leads anywhere: the alias answers as a stranger of its own, not as the erased customer.</summary>
    private static async Task AssertForgottenAsync(HttpClient client, string anonymous, string known)
    {
        foreach (var id in new[] { anonymous, known })
        {
            var view = await client.GetNodeAsync($"/v1/customers/{id}");
            Assert.Equal(id, view["customerId"]!.GetValue<string>());
            Assert.Empty(view["counters"]!.AsObject());
            Assert.Empty(view["profile"]!.AsObject());
            Assert.Empty((await client.GetNodeAsync($"/v1/customers/{id}/segments"))["segments"]!.AsArray());
        }
    }

    /// <summary>
    /// Two page views and a profile under <paramref name="anonymous"/>, a purchase and a conflicting profile under
    /// <paramref name="known"/>, at fixed times; given the same id twice, that id gets both histories.
    /// </summary>
    private static async Task SendHistoriesAsync(HttpClient client, string anonymous, string known)
    {
        await TrackAsync(client, anonymous, "page_view", "anon-1", 0);
        await TrackAsync(client, anonymous, "page_view", "anon-2", 1);
        await TrackAsync(client, known, "purchase", "known-1", 2);
        if (anonymous != known)
        {
            await PatchProfileAsync(client, anonymous, new { tier = "guest", device = "mobile" });
        }

        await PatchProfileAsync(client, known, new { tier = "gold", device = "mobile" });
    }

    private static async Task<JsonNode> TrackAsync(HttpClient client, string customerId, string type, string eventId, int minute)
    {
        var (response, body) = await client.PostJsonAsync("/v1/events", new
        {
            customerId, type, eventId, sessionId = "s1", value = type == "purchase" ? 25 : (double?)null,
            timestamp = Start.AddMinutes(minute).ToString("O"),
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"event {eventId} for {customerId}: HTTP {(int)response.StatusCode} {body}");
        return body!;
    }

    private static async Task PatchProfileAsync(HttpClient client, string customerId, object profile)
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{customerId}/profile", JsonSerializer.Serialize(profile));
        Assert.True(response.IsSuccessStatusCode, $"profile of {customerId}: HTTP {(int)response.StatusCode} {body}");
    }

    private static async Task DefineSegmentAsync(HttpClient client, string id, string rule)
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/segments/{id}", JsonSerializer.Serialize(new { name = id, rule }));
        Assert.True(response.IsSuccessStatusCode, $"segment {id}: HTTP {(int)response.StatusCode} {body}");
    }

    /// <summary>The identify's status code, or null when the host died under it.</summary>
    private static async Task<HttpStatusCode?> TryIdentifyAsync(HttpClient client, string anonymous, string known)
    {
        try
        {
            var (response, _) = await client.PostJsonAsync("/v1/identify", new { anonymousId = anonymous, customerId = known });
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Profile, counters, segments and first and last seen of the merged customer equal the one-id customer's.</summary>
    private static async Task AssertSameCustomerAsync(HttpClient client, string merged, string reference)
    {
        var expected = await client.GetNodeAsync($"/v1/customers/{reference}");
        var actual = await client.GetNodeAsync($"/v1/customers/{merged}");
        Assert.Equal(["browsing-buyer"], actual["segments"].Strings());
        Assert.Equal("gold", actual["profile"]!["tier"]!.GetValue<string>());
        foreach (var part in new[] { "profile", "counters", "segments", "firstSeen", "lastSeen" })
        {
            Assert.True(JsonNode.DeepEquals(expected[part], actual[part]), $"{part}: expected {expected[part]?.ToJsonString()}, got {actual[part]?.ToJsonString()}");
        }
    }

    private static async Task WaitForExitAsync(HostProcess host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!host.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(host.HasExited, "the host did not kill itself at the merge step");
    }

    private static HttpClient Client(HostProcess host) => new() { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
}
