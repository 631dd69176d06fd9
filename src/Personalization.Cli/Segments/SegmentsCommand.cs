using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace Personalization.Cli.Segments;

/// <summary>
/// <c>personalization segments list</c>: the engine's segment catalog as a table; <c>personalization segments load rfm</c>:
/// stores an example catalog (the 11 RFM segments) with one call and lists what was stored.
/// </summary>
internal sealed class SegmentsCommand : Command
{
    public SegmentsCommand(IAnsiConsole console, TextWriter errors, Func<Uri, HttpClient> connect)
        : base("segments", "The engine's segment definitions")
    {
        var url = CliApplication.EngineUrlOption();
        var apiKey = CliApplication.ApiKeyOption();
        var list = new Command("list", "List every segment: id, name, version and rule") { url, apiKey };
        list.SetAction(async (parsed, cancellationToken) =>
        {
            using var http = CliApplication.Connect(connect, parsed, url, apiKey);
            SegmentList? catalog;
            try
            {
                using var response = await http.GetAsync("v1/segments", cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await errors.WriteLineAsync($"The engine answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                    return 1;
                }

                catalog = await response.Content.ReadFromJsonAsync<SegmentList>(new JsonSerializerOptions(JsonSerializerDefaults.Web), cancellationToken);
            }
            catch (HttpRequestException e)
            {
                await errors.WriteLineAsync($"Cannot reach the engine at {http.BaseAddress}: {e.Message}");
                return 1;
            }

            var table = new Table()
                .Title($"Catalog version {catalog?.CatalogVersion ?? 0}")
                .AddColumn("Id")
                .AddColumn("Name")
                .AddColumn(new TableColumn("Version").RightAligned())
                .AddColumn("Rule");
            foreach (var segment in catalog?.Segments ?? [])
            {
                table.AddRow(new Text(segment.Id), new Text(segment.Name), new Text($"{segment.Version}"), new Text(segment.Rule));
            }

            console.Write(table);
            return 0;
        });
        Subcommands.Add(list);

        var example = new Argument<string>("catalog") { Description = "The example catalog to store: rfm (the 11 classic RFM segments)" };
        example.AcceptOnlyFromAmong("rfm");
        var load = new Command("load", "Store an example segment catalog in the engine") { example, url, apiKey };
        load.SetAction(async (parsed, cancellationToken) =>
        {
            using var http = CliApplication.Connect(connect, parsed, url, apiKey);
            SegmentList? stored;
            try
            {
                using var response = await http.PostAsync($"v1/segments/examples/{parsed.GetValue(example)}", content: null, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await errors.WriteLineAsync($"The engine answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                    return 1;
                }

                stored = await response.Content.ReadFromJsonAsync<SegmentList>(new JsonSerializerOptions(JsonSerializerDefaults.Web), cancellationToken);
            }
            catch (HttpRequestException e)
            {
                await errors.WriteLineAsync($"Cannot reach the engine at {http.BaseAddress}: {e.Message}");
                return 1;
            }

            var table = new Table()
                .Title($"Stored {stored?.Segments.Count ?? 0} segments; catalog version {stored?.CatalogVersion ?? 0}")
                .AddColumn("Id")
                .AddColumn("Name")
                .AddColumn(new TableColumn("Version").RightAligned());
            foreach (var segment in stored?.Segments ?? [])
            {
                table.AddRow(new Text(segment.Id), new Text(segment.Name), new Text($"{segment.Version}"));
            }

            console.Write(table);
            return 0;
        });
        Subcommands.Add(load);
    }

    private sealed record SegmentList(long CatalogVersion, IReadOnlyList<Segment> Segments);

    private sealed record Segment(string Id, string Name, int Version, string Rule);
}
