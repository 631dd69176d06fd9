using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Personalization.Cli.Tests;

/// <summary>The whole Online Retail data set imported by the <c>personalization import</c> command into the real engine in memory, then checked customer by customer.</summary>
public sealed class OnlineRetailBackfillTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    [Fact]
    public async Task Every_customers_purchase_counters_and_recency_segment_match_the_file()
    {
        var http = engine.CreateClient();
        var defined = await http.PutAsJsonAsync("/v1/segments/recent", new { name = "recent", rule = "days_since(purchase) <= 30" });
        Assert.Equal(HttpStatusCode.Created, defined.StatusCode);

        // Through the command as a user types it: the import's defaults are this file's columns.
        var command = new CommandSession(engine);
        var exitCode = await command.RunAsync(liveProgress: false, "import", OnlineRetail.CsvPath, "--batch-size", "1000", "--parallelism", "4");

        Assert.True(exitCode == 0, command.Output + command.Errors);
        Assert.Matches(@"Lines read\s+│\s+18,532 │", command.Output);
        Assert.Matches(@"Accepted\s+│\s+18,532 │", command.Output);
        Assert.Matches(@"Rejected by the engine\s+│\s+0 │", command.Output);
        Assert.Contains("Every line was accepted.", command.Output);

        var now = engine.Clock.GetUtcNow();
        var recent = 0;
        var disagreements = await OnlineRetail.DisagreementsAsync(http, OnlineRetail.ExpectedPurchases(), async (customerId, want) =>
        {
            var answer = await http.GetFromJsonAsync<JsonObject>($"/v1/customers/{customerId}/segments");
            var isMember = answer!["segments"]!.AsArray().Any(s => s!.GetValue<string>() == "recent");
            var shouldBe = Math.Floor((now - want.LastAt) / TimeSpan.FromDays(1)) <= 30;
            if (shouldBe)
            {
                Interlocked.Increment(ref recent);
            }

            return isMember == shouldBe ? [] : [$"{customerId}: last purchase {want.LastAt:O}, in 'recent' {isMember}, expected {shouldBe}"];
        });

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements, first: {string.Join(Environment.NewLine, disagreements.Take(10))}");
        // Both members and non-members, or the membership check would prove little.
        Assert.InRange(recent, 1, OnlineRetail.Customers - 1);
    }
}

/// <summary>The data set imported twice with InvoiceNo as the event id: the second delivery changes nothing.</summary>
public sealed class OnlineRetailReimportTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    [Fact]
    public async Task Importing_again_with_invoice_numbers_as_event_ids_counts_every_invoice_once()
    {
        var http = engine.CreateClient();

        var first = await OnlineRetail.ImportAsync(http, withEventIds: true);
        var second = await OnlineRetail.ImportAsync(http, withEventIds: true);

        Assert.Equal((OnlineRetail.Invoices, 0L), (first.Totals.Accepted, first.Totals.Duplicates));
        Assert.Equal((OnlineRetail.Invoices, OnlineRetail.Invoices), (second.Totals.Accepted, second.Totals.Duplicates));
        Assert.True(first.Succeeded && second.Succeeded);
        var disagreements = await OnlineRetail.DisagreementsAsync(http, OnlineRetail.ExpectedPurchases());
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements, first: {string.Join(Environment.NewLine, disagreements.Take(10))}");
    }
}
