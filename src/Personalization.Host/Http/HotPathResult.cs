using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Personalization.Host.Http;

/// <summary>
/// A 200 answer serialized straight into the response's pipe with compile-time JSON, for the answers a website or SDK
/// gets on every page. <c>TypedResults.Ok</c> serializes through the asynchronous path, which allocates a serializer
/// stack, a writer and a task per answer; an answer of a few hundred bytes needs none of them.
/// </summary>
public sealed class HotPathResult<T>(T value, JsonTypeInfo<T> typeInfo) : IResult
{
    // One writer per thread, reset onto each response's pipe: ExecuteAsync finishes with it before it returns.
    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var json = writer ??= new Utf8JsonWriter(Stream.Null);
        json.Reset(response.BodyWriter);
        try
        {
            JsonSerializer.Serialize(json, value, typeInfo);
        }
        finally
        {
            // The pipe belongs to this response only; the writer must not hold it for the next.
            json.Reset(Stream.Null);
        }

        // Kestrel sends what was written when the request completes, so no flush of its own is awaited here.
        return Task.CompletedTask;
    }
}
