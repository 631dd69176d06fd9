using System.IO.Compression;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Personalization.Testing;

namespace Personalization.Host.Tests;

/// <summary>The real host keeping its state in an Azurite table of its own.</summary>
public sealed class AzureTableHostFactory : HostFactory, IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private readonly string tableName = $"erase{Guid.NewGuid():N}";

    public TableClient Table => new(azurite.ConnectionString, tableName);

    public Task InitializeAsync() => azurite.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await azurite.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in EngineStorageSettings.OnAzurite(azurite, tableName))
        {
            builder.UseSetting(key, value);
        }

        // Segment shards write their member lists this often; the default 30 s would make the test wait that long.
        builder.UseSetting("Storage:Stats:WriteInterval", "00:00:01");
    }
}

/// <summary>
/// <c>DELETE /v1/customers/{id}</c> against durable storage: the table itself is read, row by row and byte by byte, to
/// show that nothing stored names the customer or the anonymous id merged into it any more, while another customer's
/// state is untouched. (<see cref="MergeCrashTests"/> shows the alias stays forgotten across a restart.)
/// </summary>
public sealed class ErasureOnAzureTableTests(AzureTableHostFactory host) : IClassFixture<AzureTableHostFactory>
{
    [Fact]
    public async Task Erasing_a_customer_removes_every_stored_trace_of_it_from_the_table()
    {
        var client = host.CreateClient();
        var (defined, _) = await client.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/erase-probe",
            """{"trigger":{"onEvent":"page_view"},"offer":{"title":"Welcome"},"scope":"ttl","ttl":"1d"}""");
        Assert.True(defined.IsSuccessStatusCode, $"campaign: HTTP {(int)defined.StatusCode}");
        foreach (var customer in new[] { "erase-me-7", "keep-me-7" })
        {
            var (response, _) = await client.PostJsonAsync("/v1/events", new { customerId = customer, type = "page_view", sessionId = "s1", properties = new { device = "mobile" } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A cookie id whose history was merged into the customer, so that it is an alias of it.
        var (cookieEvent, _) = await client.PostJsonAsync("/v1/events", new { customerId = "cookie-of-7", type = "add_to_cart", value = 12 });
        Assert.Equal(HttpStatusCode.OK, cookieEvent.StatusCode);
        var (identified, _) = await client.PostJsonAsync("/v1/identify", new { anonymousId = "cookie-of-7", customerId = "erase-me-7" });
        Assert.Equal(HttpStatusCode.OK, identified.StatusCode);
        Assert.Equal("erase-me-7", (await client.GetNodeAsync("/v1/customers/cookie-of-7"))["customerId"]!.GetValue<string>());
        Assert.NotEmpty(await RowsNaming("cookie-of-7"));

        // Stored before the erase: the customer's own row and its campaign row (the offer it was made), and its id in
        // the directory sample and the segments' member lists.
        var before = await Eventually(async () => await RowsNaming("erase-me-7"), rows => rows.Count >= 4, "the customer's rows, directory entry and memberships");
        Assert.Contains(before, row => row.PartitionKey.EndsWith("_customer_erase-me-7", StringComparison.Ordinal));
        Assert.Contains(before, row => row.PartitionKey.Contains("campaigns", StringComparison.Ordinal) && row.PartitionKey.EndsWith("_erase-me-7", StringComparison.Ordinal));

        var erased = await client.DeleteAsync("/v1/customers/erase-me-7");
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);

        // The customer's own rows are gone when the answer comes; member lists follow the exits published with it.
        Assert.DoesNotContain(await RowsNaming("erase-me-7"), row => row.PartitionKey.EndsWith("_erase-me-7", StringComparison.Ordinal));
        await Eventually(async () => await RowsNaming("erase-me-7"), rows => rows.Count == 0, "no row naming the erased customer");

        Assert.Contains(await RowsNaming("keep-me-7"), row => row.PartitionKey.EndsWith("_customer_keep-me-7", StringComparison.Ordinal));
        var kept = await client.GetNodeAsync("/v1/customers/keep-me-7");
        Assert.Equal(1, kept["counters"]!["page_view"]!["count"]!.GetValue<long>());
        // Asking about the erased customer answers like for a stranger, and that question stores nothing.
        var forgotten = await client.GetNodeAsync("/v1/customers/erase-me-7");
        Assert.Empty(forgotten["counters"]!.AsObject());
        Assert.Empty(await RowsNaming("erase-me-7"));

        // The alias resolves to nothing: no row names it, it answers as a stranger of its own, and a fresh event under
        // it starts a new customer with only that event.
        await Eventually(async () => await RowsNaming("cookie-of-7"), rows => rows.Count == 0, "no row naming the erased customer's alias");
        var alias = await client.GetNodeAsync("/v1/customers/cookie-of-7");
        Assert.Equal("cookie-of-7", alias["customerId"]!.GetValue<string>());
        Assert.Empty(alias["counters"]!.AsObject());
        var (fresh, _) = await client.PostJsonAsync("/v1/events", new { customerId = "cookie-of-7", type = "page_view" });
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        var restarted = (await client.GetNodeAsync("/v1/customers/cookie-of-7"))["counters"]!.AsObject();
        Assert.Equal(["page_view"], restarted.Select(counter => counter.Key));
        Assert.Empty((await client.GetNodeAsync("/v1/customers/erase-me-7"))["counters"]!.AsObject());
    }

    /// <summary>Rows whose keys, stored bytes or (state being GZip-compressed) decompressed state contain the customer id.</summary>
    private async Task<List<TableEntity>> RowsNaming(string customerId)
    {
        var found = new List<TableEntity>();
        var id = Encoding.UTF8.GetBytes(customerId);
        await foreach (var row in host.Table.QueryAsync<TableEntity>())
        {
            var stored = row.Keys.Where(key => key.StartsWith("Data", StringComparison.Ordinal))
                .OrderBy(key => key.Length).ThenBy(key => key, StringComparer.Ordinal)
                .SelectMany(key => row.GetBinary(key)).ToArray();
            var state = Decompressed(stored);
            if (row.PartitionKey.Contains(customerId, StringComparison.Ordinal) || stored.AsSpan().IndexOf(id) >= 0 || state.AsSpan().IndexOf(id) >= 0)
            {
                found.Add(row);
            }
        }

        return found;
    }

    private static byte[] Decompressed(byte[] stored)
    {
        if (stored is not [0x1f, 0x8b, ..])
        {
            return [];
        }

        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(value), $"{what} did not happen in time");
                return value;
            }

            await Task.Delay(100);
        }
    }
}
