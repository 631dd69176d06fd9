using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Personalization.Host.Tests;

internal static class HttpJson
{
    public static Task<(HttpResponseMessage Response, JsonNode? Body)> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.SendJsonAsync(HttpMethod.Post, url, JsonSerializer.Serialize(body, JsonSerializerOptions.Web));

    public static string[] Strings(this JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
