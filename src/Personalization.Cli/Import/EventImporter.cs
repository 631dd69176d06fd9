using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading.Channels;

namespace Personalization.Cli.Import;

/// <summary>
/// Sends events to a running engine in batches over <c>POST v1/events</c>, several batches at a time, and tallies
/// what the engine accepted and rejected by source line. A batch that keeps failing is reported and the import
/// goes on with the next.
/// </summary>
/// <param name="http">Its base address is the engine's, e.g. <c>http://127.0.0.1:5080/</c>.</param>
public sealed class EventImporter(HttpClient http, ImportOptions options, TimeProvider? time = null)
{
    private const string EventsPath = "v1/events";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TimeProvider time = time ?? TimeProvider.System;

    public async Task<ImportSummary> RunAsync(IEnumerable<ImportRow> rows, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var tally = new ImportTally(options.ProblemsKept, time);
        // The bound keeps the reader at most one round of batches ahead of the senders, so memory stays flat on any file size.
        var batches = Channel.CreateBounded<EventBatch>(new BoundedChannelOptions(options.Parallelism) { SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var reading = Task.Run(() => ReadAsync(rows, batches.Writer, tally, progress, stop.Token), CancellationToken.None);
        var sending = options.DryRun
            ? []
            : Enumerable.Range(0, options.Parallelism)
                .Select(_ => Task.Run(() => SendAsync(batches.Reader, tally, progress, stop), CancellationToken.None))
                .ToArray();

        var all = Task.WhenAll([reading, .. sending]);
        try
        {
            await all;
        }
        catch when (all.Exception?.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) is { } cause)
        {
            // One failure cancels the other tasks; report it rather than the cancellations it caused.
            ExceptionDispatchInfo.Throw(cause);
        }

        var summary = tally.Summary(options.DryRun);
        progress?.Report(summary.Totals);
        return summary;
    }

    private async Task ReadAsync(IEnumerable<ImportRow> rows, ChannelWriter<EventBatch> batches, ImportTally tally, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var builder = new EventBatchBuilder(options.BatchSize, ImportOptions.MaxBodyBytes);
        try
        {
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                tally.LineRead();
                if (row.EventJson is not { } eventJson)
                {
                    tally.Invalid(row.Line, row.Error ?? "no event");
                    continue;
                }

                if (!builder.CouldEverHold(eventJson))
                {
                    tally.Invalid(row.Line, $"the event is {eventJson.Length:N0} bytes; a request body may have at most {ImportOptions.MaxBodyBytes:N0}");
                    continue;
                }

                if (!builder.HasRoomFor(eventJson))
                {
                    await DispatchAsync(builder.Take(), batches, tally, progress, cancellationToken);
                }

                builder.Add(row.Line, eventJson);
            }

            if (!builder.IsEmpty)
            {
                await DispatchAsync(builder.Take(), batches, tally, progress, cancellationToken);
            }

            batches.Complete();
        }
        catch (Exception e)
        {
            batches.TryComplete(e);
            throw;
        }
    }

    private async Task DispatchAsync(EventBatch batch, ChannelWriter<EventBatch> batches, ImportTally tally, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (!options.DryRun)
        {
            await batches.WriteAsync(batch, cancellationToken);
        }

        progress?.Report(tally.Progress());
    }

    private async Task SendAsync(ChannelReader<EventBatch> batches, ImportTally tally, IProgress<ImportProgress>? progress, CancellationTokenSource stop)
    {
        try
        {
            await foreach (var batch in batches.ReadAllAsync(stop.Token))
            {
                tally.Sending(batch);
                await DeliverAsync(batch, tally, progress, stop.Token);
                progress?.Report(tally.Progress());
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private async Task DeliverAsync(EventBatch batch, ImportTally tally, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            TimeSpan? retryAfter = null;
            try
            {
                using var content = new ByteArrayContent(batch.Body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(EventsPath, content, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    await RecordAnswerAsync(batch, response, attempt, tally, cancellationToken);
                    return;
                }

                failure = await DescribeAsync(response, cancellationToken);
                if (!IsTransient(response.StatusCode))
                {
                    tally.Failed(batch, attempt, failure);
                    return;
                }

                retryAfter = RetryAfter(response);
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The engine may have stored the batch without answering in time; sending it again can then store
                // it twice, which only event ids prevent. Giving up instead would lose batches on every slow moment.
                failure = $"no answer within {http.Timeout.TotalSeconds:0.#} s";
            }

            if (attempt == options.Retry.MaxAttempts)
            {
                tally.Failed(batch, attempt, failure);
                return;
            }

            tally.Retrying();
            progress?.Report(tally.Progress());
            await Task.Delay(options.Retry.DelayAfter(attempt, retryAfter), time, cancellationToken);
        }
    }

    private static async Task RecordAnswerAsync(EventBatch batch, HttpResponseMessage response, int attempt, ImportTally tally, CancellationToken cancellationToken)
    {
        BatchAnswer? answer;
        try
        {
            answer = await response.Content.ReadFromJsonAsync<BatchAnswer>(Json, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            tally.Failed(batch, attempt, $"the engine's answer could not be read: {e.Message}");
            return;
        }

        var rejected = answer?.Rejected ?? [];
        if (answer is null || rejected.Any(r => r.Index < 0 || r.Index >= batch.Lines.Length))
        {
            // Storing may well have happened, so the batch is not sent again; it is reported for a person to check.
            tally.Failed(batch, attempt, "the engine answered with something other than a batch result");
            return;
        }

        tally.Answered(answer.Accepted, answer.Duplicates, rejected.Select(r => new ImportProblem(batch.Lines[r.Index], r.Error)));
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };

    /// <summary>The status and, from a problem body, its title and the reason given for each field.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken);
            if (problem?.Title is not { } title)
            {
                return status;
            }

            var fields = (problem.Errors ?? []).Select(e => $"{e.Key}: {string.Join("; ", e.Value)}");
            return string.Join(" ", [$"{status}: {title}", .. fields]);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return status;
        }
    }

    private sealed record BatchAnswer(int Accepted, int Duplicates, IReadOnlyList<RejectedEvent>? Rejected);

    private sealed record RejectedEvent(int Index, string Error);

    private sealed record Problem(string? Title, Dictionary<string, string[]>? Errors);
}
