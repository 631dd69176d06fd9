using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Personalization.Host.Http;

/// <summary>Reads a JSON request body with an explicit size cap, so oversize or malformed bodies get a clear problem.</summary>
public static class JsonBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the body and hands its root to <paramref name="handle"/>; an oversize or malformed body answers with its problem instead.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken, Func<JsonElement, Task<IResult>> handle)
    {
        using var body = await ReadAsync(request, cancellationToken);
        return body.Problem ?? await handle(body.Root);
    }

    /// <summary>
    /// Reads the whole body and parses it where Kestrel buffered it, without a copy; disposing the result releases the
    /// document and consumes the body, so the root is read before that. A body that is too large, empty or not JSON
    /// comes back as its problem.
    /// </summary>
    public static async ValueTask<ParsedBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > ApiLimits.MaxRequestBytes)
        {
            // Nothing was read, so there is nothing to consume.
            return new ParsedBody(null, default, null, TooLarge(request.ContentLength.Value));
        }

        var reader = request.BodyReader;
        var body = await ReadWholeAsync(reader, cancellationToken);
        if (body.Length > ApiLimits.MaxRequestBytes)
        {
            return new ParsedBody(reader, body, null, TooLarge(body.Length));
        }

        if (body.IsEmpty)
        {
            return new ParsedBody(reader, body, null, FieldErrors.Problem("body", "a JSON body is required", "The request body is empty."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            return new ParsedBody(reader, body, null, FieldErrors.Problem("body", $"not valid JSON{where}", "The request body is not valid JSON."));
        }

        if (!IsUnicodeText(body, document))
        {
            document.Dispose();
            return new ParsedBody(reader, body, null, FieldErrors.Problem(
                "body", "holds a string that is not Unicode text: invalid UTF-8, or a \\u escape of half a surrogate pair", "The request body is not valid JSON."));
        }

        return new ParsedBody(reader, body, document, null);
    }

    /// <summary>A request body read by <see cref="ReadAsync"/>: its JSON root, or the problem that answers it.</summary>
    public readonly struct ParsedBody(PipeReader? reader, ReadOnlySequence<byte> body, JsonDocument? document, IResult? problem) : IDisposable
    {
        public IResult? Problem => problem;

        public JsonElement Root => document?.RootElement ?? throw new InvalidOperationException("The body has no JSON root; answer its Problem.");

        public void Dispose()
        {
            document?.Dispose();
            reader?.AdvanceTo(body.End);
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

    /// <summary>
    /// Whether every string of the body reads as text. The parser leaves that to whoever reads a string, which then
    /// throws, so it is checked here once: the bytes must be valid UTF-8, and a body with a \u escape (rare in the
    /// API's JSON; half a surrogate pair is the one the reader refuses) has each of its strings read.
    /// </summary>
    private static bool IsUnicodeText(ReadOnlySequence<byte> body, JsonDocument document)
    {
        bool escaped;
        if (body.IsSingleSegment)
        {
            // The usual case, without allocating a decoder.
            var span = body.FirstSpan;
            if (!Utf8.IsValid(span))
            {
                return false;
            }

            escaped = span.IndexOf("\\u"u8) >= 0;
            return !escaped || EveryStringReads(document.RootElement);
        }

        escaped = false;
        var decoder = StrictUtf8.GetDecoder();
        try
        {
            foreach (var segment in body)
            {
                var span = segment.Span;
                escaped |= span.IndexOf("\\u"u8) >= 0 || (span.Length > 0 && span[^1] == (byte)'\\');
                decoder.GetCharCount(span, flush: false);
            }

            decoder.GetCharCount([], flush: true);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return !escaped || EveryStringReads(document.RootElement);
    }

    private static bool EveryStringReads(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    element.GetString();
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!EveryStringReads(item))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Object:
                    foreach (var member in element.EnumerateObject())
                    {
                        _ = member.Name;
                        if (!EveryStringReads(member.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static IResult TooLarge(long bytes) => TypedResults.Problem(
        title: "The request body is too large.",
        detail: $"The body has at least {bytes} bytes; the limit is {ApiLimits.MaxRequestBytes} bytes.",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        extensions: new Dictionary<string, object?> { ["field"] = "body", ["limitBytes"] = ApiLimits.MaxRequestBytes });
}
