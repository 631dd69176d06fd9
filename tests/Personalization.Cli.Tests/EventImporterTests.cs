using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Personalization.Cli.Import;

namespace Personalization.Cli.Tests;

public sealed class EventImporterTests
{
    private static readonly RetryPolicy NoWaiting = new(3, TimeSpan.Zero, TimeSpan.Zero);

    private static ImportRow Row(long line, string customerId, string padding = "") =>
        ImportRow.Event(line, Encoding.UTF8.GetBytes(new JsonObject
        {
            ["customerId"] = customerId,
            ["type"] = "purchase",
            ["properties"] = padding.Length > 0 ? new JsonObject { ["note"] = padding } : null,
        }.ToJsonString()));

    private static List<ImportRow> Rows(int count, int firstLine = 2) =>
        [.. Enumerable.Range(0, count).Select(i => Row(firstLine + i, $"c{i}"))];

    private static EventImporter Importer(HttpClient http, int batchSize = 1000, int parallelism = 1, bool dryRun = false, int problemsKept = 20) =>
        new(http, new ImportOptions { BatchSize = batchSize, Parallelism = parallelism, DryRun = dryRun, Retry = NoWaiting, ProblemsKept = problemsKept });

    [Fact]
    public async Task Events_go_in_order_in_batches_of_at_most_the_batch_size_to_v1_events()
    {
        var engine = ScriptedEngine.AcceptingAll();

        var summary = await Importer(engine.Client(), batchSize: 2).RunAsync(Rows(5));

        Assert.Equal([["c0", "c1"], ["c2", "c3"], ["c4"]], engine.CustomerIdsPerBatch());
        Assert.All(engine.Received, r => Assert.Equal("/v1/events", r.Path));
        Assert.Equal(
            """{"events":[{"customerId":"c4","type":"purchase","properties":null}]}""",
            Encoding.UTF8.GetString(engine.Received.Last().Body));
        Assert.Equal((5L, 5L, 5L, 0L, 0L), (summary.Totals.LinesRead, summary.Totals.EventsSent, summary.Totals.Accepted, summary.Totals.Rejected, summary.Totals.Invalid));
        Assert.True(summary.Succeeded);
    }

    [Fact]
    public async Task A_batch_is_cut_early_so_its_body_stays_within_one_mebibyte()
    {
        var engine = ScriptedEngine.AcceptingAll();
        var padding = new string('x', 300_000);
        var rows = Enumerable.Range(0, 7).Select(i => Row(i + 1, $"c{i}", padding)).ToList();

        var summary = await Importer(engine.Client()).RunAsync(rows);

        Assert.Equal([3, 3, 1], engine.CustomerIdsPerBatch().Select(b => b.Length));
        Assert.All(engine.Received, r => Assert.InRange(r.Body.Length, 1, ImportOptions.MaxBodyBytes));
        Assert.Equal(7, summary.Totals.Accepted);
    }

    [Fact]
    public async Task An_event_too_large_for_any_batch_is_reported_and_never_sent()
    {
        var engine = ScriptedEngine.AcceptingAll();
        List<ImportRow> rows = [Row(2, "small"), Row(3, "huge", new string('x', ImportOptions.MaxBodyBytes)), Row(4, "after")];

        var summary = await Importer(engine.Client()).RunAsync(rows);

        Assert.Equal([["small", "after"]], engine.CustomerIdsPerBatch());
        var problem = Assert.Single(summary.FirstProblems);
        Assert.Equal(3, problem.Line);
        Assert.StartsWith("the event is 1,048,6", problem.Reason);
        Assert.EndsWith("bytes; a request body may have at most 1,048,576", problem.Reason);
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public async Task Rejected_indexes_are_traced_back_to_source_lines_and_unreadable_lines_are_reported_without_being_sent()
    {
        var engine = new ScriptedEngine((request, events) => Task.FromResult(request == 1
            ? ScriptedEngine.Accepted(1, 0, (1, "value: must be a finite number"))
            : ScriptedEngine.Accepted(1, 0, (1, "customerId: not allowed"))));
        List<ImportRow> rows = [Row(2, "a"), Row(3, "b"), ImportRow.Invalid(4, "TotalPrice 'x' is not a number"), Row(5, "c"), Row(9, "d")];

        var summary = await Importer(engine.Client(), batchSize: 2).RunAsync(rows);

        Assert.Equal([["a", "b"], ["c", "d"]], engine.CustomerIdsPerBatch());
        Assert.Equal(
            [new ImportProblem(3, "value: must be a finite number"), new ImportProblem(4, "TotalPrice 'x' is not a number"), new ImportProblem(9, "customerId: not allowed")],
            summary.FirstProblems);
        Assert.Equal((5L, 1L, 4L, 2L, 2L), (summary.Totals.LinesRead, summary.Totals.Invalid, summary.Totals.EventsSent, summary.Totals.Accepted, summary.Totals.Rejected));
        Assert.Equal(3, summary.ProblemCount);
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public async Task Duplicates_count_as_accepted_and_are_tallied()
    {
        var engine = new ScriptedEngine((_, events) => Task.FromResult(ScriptedEngine.Accepted(events.Count, duplicates: 2)));

        var summary = await Importer(engine.Client()).RunAsync(Rows(3));

        Assert.Equal((3L, 2L), (summary.Totals.Accepted, summary.Totals.Duplicates));
        Assert.True(summary.Succeeded);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task A_transient_status_is_retried_and_the_batch_counted_once(HttpStatusCode status)
    {
        var engine = new ScriptedEngine((request, events) => Task.FromResult(request < 3
            ? new HttpResponseMessage(status) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(1)) } }
            : ScriptedEngine.Accepted(events.Count)));

        var summary = await Importer(engine.Client()).RunAsync(Rows(4));

        Assert.Equal(3, engine.Requests);
        Assert.Equal((4L, 4L, 0, 2L), (summary.Totals.EventsSent, summary.Totals.Accepted, summary.Totals.FailedBatches, summary.Totals.Retries));
        Assert.True(summary.Succeeded);
    }

    [Fact]
    public async Task A_refused_connection_is_retried()
    {
        var engine = new ScriptedEngine((request, events) => request == 1
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (engine.test:80)")
            : Task.FromResult(ScriptedEngine.Accepted(events.Count)));

        var summary = await Importer(engine.Client()).RunAsync(Rows(2));

        Assert.Equal(2, engine.Requests);
        Assert.True(summary.Succeeded);
    }

    [Fact]
    public async Task A_request_left_unanswered_past_the_client_timeout_is_retried()
    {
        var engine = new ScriptedEngine(async (request, events) =>
        {
            if (request == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30));
            }

            return ScriptedEngine.Accepted(events.Count);
        });

        var summary = await Importer(engine.Client(TimeSpan.FromMilliseconds(200))).RunAsync(Rows(2));

        Assert.Equal(2, engine.Requests);
        Assert.True(summary.Succeeded);
    }

    [Fact]
    public async Task A_batch_that_keeps_failing_is_reported_after_its_attempts_and_the_import_goes_on()
    {
        var engine = new ScriptedEngine((_, events) => Task.FromResult(events.Any(e => e!["customerId"]!.GetValue<string>() == "c0")
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { ReasonPhrase = "Service Unavailable" }
            : ScriptedEngine.Accepted(events.Count)));

        var summary = await Importer(engine.Client(), batchSize: 2).RunAsync(Rows(5, firstLine: 10));

        Assert.Equal(NoWaiting.MaxAttempts + 2, engine.Requests);
        var failed = Assert.Single(summary.FailedBatches);
        Assert.Equal(new FailedBatch(10, 11, 2, NoWaiting.MaxAttempts, "503 Service Unavailable"), failed);
        Assert.Equal((5L, 3L, 1, 2L), (summary.Totals.EventsSent, summary.Totals.Accepted, summary.Totals.FailedBatches, summary.Totals.FailedEvents));
        Assert.Equal(NoWaiting.MaxAttempts - 1, summary.Totals.Retries);
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public async Task A_connection_that_never_comes_is_reported_with_its_error()
    {
        var engine = new ScriptedEngine((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (engine.test:80)"));

        var summary = await Importer(engine.Client()).RunAsync(Rows(1));

        Assert.Equal(new FailedBatch(2, 2, 1, NoWaiting.MaxAttempts, "Connection refused (engine.test:80)"), Assert.Single(summary.FailedBatches));
    }

    [Fact]
    public async Task A_batch_the_engine_refuses_as_a_whole_is_not_retried_and_the_problem_is_reported()
    {
        var engine = new ScriptedEngine((_, _) => Task.FromResult(ScriptedEngine.Json(
            HttpStatusCode.BadRequest,
            """{"title":"The batch is too large.","status":400,"errors":{"events":["at most 1000 events per batch (got 1001)"]}}""",
            "application/problem+json")));

        var summary = await Importer(engine.Client()).RunAsync(Rows(3));

        Assert.Equal((1, 0L), (engine.Requests, summary.Totals.Retries));
        Assert.Equal(
            "400 Bad Request: The batch is too large. events: at most 1000 events per batch (got 1001)",
            Assert.Single(summary.FailedBatches).Reason);
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public async Task A_success_status_without_a_batch_result_is_reported_and_not_sent_again()
    {
        var engine = new ScriptedEngine((_, _) => Task.FromResult(ScriptedEngine.Json(HttpStatusCode.OK, "<html>proxy login</html>", "text/html")));

        var summary = await Importer(engine.Client()).RunAsync(Rows(2));

        Assert.Equal(1, engine.Requests);
        Assert.StartsWith("the engine's answer could not be read", Assert.Single(summary.FailedBatches).Reason);
    }

    [Fact]
    public async Task A_rejection_of_an_event_the_batch_does_not_have_makes_the_answer_untrustworthy()
    {
        var engine = new ScriptedEngine((_, _) => Task.FromResult(ScriptedEngine.Accepted(1, 0, (7, "no such event"))));

        var summary = await Importer(engine.Client()).RunAsync(Rows(2));

        Assert.Equal("the engine answered with something other than a batch result", Assert.Single(summary.FailedBatches).Reason);
        Assert.Equal(0, summary.Totals.Accepted);
    }

    [Fact]
    public async Task No_more_batches_than_the_parallelism_are_on_their_way_at_once_and_that_many_are()
    {
        const int parallelism = 3;
        var enoughInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ScriptedEngine? engine = null;
        engine = new ScriptedEngine(async (_, events) =>
        {
            if (engine!.InFlight >= parallelism)
            {
                enoughInFlight.TrySetResult();
            }

            // Holding every request until the bound is reached shows it is reached, not merely never exceeded.
            await enoughInFlight.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(5);
            return ScriptedEngine.Accepted(events.Count);
        });

        var summary = await Importer(engine.Client(), batchSize: 1, parallelism: parallelism).RunAsync(Rows(20));

        Assert.Equal(parallelism, engine.MostInFlight);
        Assert.Equal(20, summary.Totals.Accepted);
    }

    [Fact]
    public async Task A_dry_run_reads_and_checks_everything_and_sends_nothing()
    {
        var engine = ScriptedEngine.AcceptingAll();
        List<ImportRow> rows = [.. Rows(3), ImportRow.Invalid(9, "CustomerID is empty")];

        var summary = await Importer(engine.Client(), dryRun: true).RunAsync(rows);

        Assert.Equal(0, engine.Requests);
        Assert.Equal((4L, 1L, 0L, 0L), (summary.Totals.LinesRead, summary.Totals.Invalid, summary.Totals.EventsSent, summary.Totals.Accepted));
        Assert.False(summary.Succeeded);
        Assert.True((await Importer(engine.Client(), dryRun: true).RunAsync(Rows(3))).Succeeded);
    }

    [Fact]
    public async Task Only_the_first_problems_by_line_are_kept_with_reasons_but_all_are_counted()
    {
        var engine = new ScriptedEngine((_, events) => Task.FromResult(ScriptedEngine.Accepted(0, 0, [.. Enumerable.Range(0, events.Count).Select(i => (i, $"bad {i}"))])));

        var summary = await Importer(engine.Client(), batchSize: 5, parallelism: 4, problemsKept: 3).RunAsync(Rows(40));

        Assert.Equal([2L, 3, 4], summary.FirstProblems.Select(p => p.Line));
        Assert.Equal(40, summary.ProblemCount);
    }

    [Fact]
    public async Task Progress_is_reported_as_batches_complete_and_last_with_the_totals()
    {
        var engine = ScriptedEngine.AcceptingAll();
        var reports = new List<ImportProgress>();
        var progress = new SynchronousProgress(reports);

        var summary = await Importer(engine.Client(), batchSize: 10).RunAsync(Rows(50), progress);

        Assert.True(reports.Count >= 5);
        Assert.Equal(summary.Totals, reports[^1]);
        Assert.Contains(reports, r => r.Accepted is > 0 and < 50);
    }

    [Fact]
    public async Task Cancelling_stops_the_import()
    {
        using var cancel = new CancellationTokenSource();
        var engine = new ScriptedEngine(async (request, events) =>
        {
            if (request == 2)
            {
                await cancel.CancelAsync();
            }

            return ScriptedEngine.Accepted(events.Count);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Importer(engine.Client(), batchSize: 1).RunAsync(Rows(1000), cancellationToken: cancel.Token));
        Assert.InRange(engine.Requests, 2, 3);
    }

    [Fact]
    public async Task Settings_outside_the_apis_limits_are_refused()
    {
        var http = ScriptedEngine.AcceptingAll().Client();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new EventImporter(http, new ImportOptions { BatchSize = 1001 }).RunAsync([]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new EventImporter(http, new ImportOptions { Parallelism = 0 }).RunAsync([]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new EventImporter(http, new ImportOptions { Retry = new RetryPolicy(0, TimeSpan.Zero, TimeSpan.Zero) }).RunAsync([]));
    }

    [Fact]
    public void Retries_wait_twice_as_long_each_time_within_the_bound_and_follow_retry_after_within_it()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        Assert.InRange(policy.DelayAfter(1, null), TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.2));
        Assert.InRange(policy.DelayAfter(3, null), TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(4.8));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.DelayAfter(8, null));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.DelayAfter(1, TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.DelayAfter(1, TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.Zero, policy.DelayAfter(1, TimeSpan.FromSeconds(-3)));
    }

    /// <summary>Unlike <see cref="Progress{T}"/>, records each report before the importer goes on, so the order is the importer's.</summary>
    private sealed class SynchronousProgress(List<ImportProgress> reports) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
