using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Personalization.Host.Tests;

internal static class HttpJson
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendJsonAsync(this HttpClient client, HttpMethod method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static Task<(HttpResponseMessage Response, JsonNode? Body)> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.SendJsonAsync(HttpMethod.Post, url, JsonSerializer.Serialize(body, JsonSerializerOptions.Web));

    public static async Task<JsonNode> GetNodeAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public static string[] Strings(this JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
