using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Personalization.Cli.Keys;

/// <summary><c>personalization keys create|list|revoke</c>: the engine's API keys (the key used needs keys:admin).</summary>
internal sealed class KeysCommand : Command
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TextWriter errors;
    private readonly Option<Uri> url = CliApplication.EngineUrlOption();
    private readonly Option<string?> apiKey = CliApplication.ApiKeyOption();

    public KeysCommand(IAnsiConsole console, TextWriter errors, Func<Uri, HttpClient> connect)
        : base("keys", "The engine's API keys")
    {
        this.errors = errors;
        var name = new Option<string>("--name") { Description = "Who or what uses the key", Required = true };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "A scope the key carries (repeat for more): events:write, segments:read, customers:read, customers:write, customers:erase, catalog:read, catalog:write, keys:admin",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var isPublic = new Option<bool>("--public") { Description = "A browser key: events:write and segments:read only, from the --origin pages only" };
        var origins = new Option<string[]>("--origin") { Description = "An origin a public key may be used from, e.g. https://shop.example (repeat for more)", AllowMultipleArgumentsPerToken = true };

        var create = new Command("create", "Create a key; its secret is printed once and cannot be read again") { url, apiKey, name, scopes, isPublic, origins };
        create.SetAction(async (parsed, cancellationToken) =>
        {
            using var http = CliApplication.Connect(connect, parsed, url, apiKey);
            var body = new
            {
                name = parsed.GetRequiredValue(name),
                scopes = parsed.GetRequiredValue(scopes),
                @public = parsed.GetValue(isPublic),
                allowedOrigins = parsed.GetValue(origins) ?? [],
            };
            return await SendAsync(http, () => http.PostAsJsonAsync("v1/keys", body, Json, cancellationToken), async response =>
            {
                var created = await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken);
                console.WriteLine($"Created key {created!["id"]} ({string.Join(", ", created["scopes"]!.AsArray())}). Its secret, shown only now:");
                console.WriteLine(created["key"]!.GetValue<string>());
            });
        });

        var list = new Command("list", "List every key (never its secret), revoked ones included") { url, apiKey };
        list.SetAction(async (parsed, cancellationToken) =>
        {
            using var http = CliApplication.Connect(connect, parsed, url, apiKey);
            return await SendAsync(http, () => http.GetAsync("v1/keys", cancellationToken), async response =>
            {
                var keys = (await response.Content.ReadFromJsonAsync<KeyList>(Json, cancellationToken))!.Keys;
                var table = new Table().AddColumns("Id", "Name", "Scopes", "Public origins", "Created", "Revoked");
                foreach (var key in keys)
                {
                    table.AddRow(
                        new Text(key.Id), new Text(key.Name), new Text(string.Join(" ", key.Scopes)),
                        new Text(key.Public ? string.Join(" ", key.AllowedOrigins) : "-"),
                        new Text(key.CreatedAt.ToString("u")), new Text(key.RevokedAt?.ToString("u") ?? "-"));
                }

                console.Write(table);
            });
        });

        var keyId = new Argument<string>("key-id") { Description = "The id of the key to revoke (key_...)" };
        var revoke = new Command("revoke", "Revoke a key; every silo refuses it within a second") { url, apiKey, keyId };
        revoke.SetAction(async (parsed, cancellationToken) =>
        {
            using var http = CliApplication.Connect(connect, parsed, url, apiKey);
            var id = parsed.GetRequiredValue(keyId);
            return await SendAsync(http, () => http.DeleteAsync($"v1/keys/{Uri.EscapeDataString(id)}", cancellationToken), _ =>
            {
                console.WriteLine($"Revoked key {id}.");
                return Task.CompletedTask;
            });
        });

        Subcommands.Add(create);
        Subcommands.Add(list);
        Subcommands.Add(revoke);
    }

    /// <summary>Sends the request and hands a success to <paramref name="succeeded"/>; a refusal is printed with the engine's reason.</summary>
    private async Task<int> SendAsync(HttpClient http, Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, Task> succeeded)
    {
        try
        {
            using var response = await send();
            if (response.IsSuccessStatusCode)
            {
                await succeeded(response);
                return 0;
            }

            await errors.WriteLineAsync($"The engine answered {(int)response.StatusCode} {response.ReasonPhrase}: {await ReasonAsync(response)}");
            return 1;
        }
        catch (HttpRequestException e)
        {
            await errors.WriteLineAsync($"Cannot reach the engine at {http.BaseAddress}: {e.Message}");
            return 1;
        }
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Json);
            var fields = problem?["errors"]?.AsObject().Select(e => $"{e.Key}: {string.Join("; ", e.Value!.AsArray())}") ?? [];
            return string.Join(" ", new[] { problem?["title"]?.ToString(), problem?["detail"]?.ToString() }.Concat(fields).Where(t => !string.IsNullOrEmpty(t)));
        }
        catch (JsonException)
        {
            return "(no problem document)";
        }
    }

    private sealed record KeyList(IReadOnlyList<Key> Keys);

    private sealed record Key(string Id, string Name, IReadOnlyList<string> Scopes, bool Public, IReadOnlyList<string> AllowedOrigins, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
}
