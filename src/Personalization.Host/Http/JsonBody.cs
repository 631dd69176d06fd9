using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace Personalization.Host.Http;

/// <summary>Reads a JSON request body with an explicit size cap, so oversize or malformed bodies get a clear problem.</summary>
public static class JsonBody
{
    /// <summary>Reads the body and hands its root to <paramref name="handle"/>; an oversize or malformed body answers with its problem instead.</summary>
    /// <remarks>
    /// The document is parsed where Kestrel buffered the body, without a copy, so the body is consumed only after
    /// <paramref name="handle"/> is done with the document.
    /// </remarks>
    public static async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken, Func<JsonElement, Task<IResult>> handle)
    {
        if (request.ContentLength > ApiLimits.MaxRequestBytes)
        {
            return TooLarge(request.ContentLength.Value);
        }

        var reader = request.BodyReader;
        var body = await ReadWholeAsync(reader, cancellationToken);
        try
        {
            if (body.Length > ApiLimits.MaxRequestBytes)
            {
                return TooLarge(body.Length);
            }

            if (body.IsEmpty)
            {
                return FieldErrors.Problem("body", "a JSON body is required", "The request body is empty.");
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
                return FieldErrors.Problem("body", $"not valid JSON{where}", "The request body is not valid JSON.");
            }

            using (document)
            {
                return await handle(document.RootElement);
            }
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }
    }

    public static Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken, Func<JsonElement, IResult> handle) =>
        HandleAsync(request, cancellationToken, root => Task.FromResult(handle(root)));

    /// <summary>The whole body, or its first bytes past the limit (a body without a Content-Length is cut off there).</summary>
    private static async Task<ReadOnlySequence<byte>> ReadWholeAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled || result.Buffer.Length > ApiLimits.MaxRequestBytes)
            {
                return result.Buffer;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static IResult TooLarge(long bytes) => TypedResults.Problem(
        title: "The request body is too large.",
        detail: $"The body has at least {bytes} bytes; the limit is {ApiLimits.MaxRequestBytes} bytes.",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        extensions: new Dictionary<string, object?> { ["field"] = "body", ["limitBytes"] = ApiLimits.MaxRequestBytes });
}
