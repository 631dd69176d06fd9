using Personalization.Testing;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Personalization.Host.Tests;

/// <summary>
/// Runs every curl command of the README's tour, in order, against a fresh embedded host and compares each
/// answer with the output the README shows under it. Times and trace ids are the only values allowed to differ.
/// </summary>
public sealed class ReadmeTourTests(HostFactory host) : IClassFixture<HostFactory>
{
    private static readonly Regex Block = new(@"```(?<lang>bash|json|text)\n(?<body>.*?)```", RegexOptions.Singleline);

    // Values that differ on every run: times, and the trace id problem details carry.
    private static readonly HashSet<string> VaryingFields = ["createdAt", "updatedAt", "firstSeen", "lastSeen", "firstAt", "lastAt", "traceId"];

    [Fact]
    public async Task Every_curl_in_the_readme_tour_gives_the_documented_answer()
    {
        var readme = File.ReadAllText(RepositoryFiles.InRepository("README.md"));
        var tour = readme[readme.IndexOf("## Tour", StringComparison.Ordinal)..];
        var blocks = Block.Matches(tour).Select(m => (Lang: m.Groups["lang"].Value, Body: m.Groups["body"].Value)).ToList();
        var client = host.CreateClient();
        var checkedCommands = 0;

        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Lang != "bash" || !blocks[i].Body.TrimStart().StartsWith("curl", StringComparison.Ordinal))
            {
                continue;
            }

            var command = CurlCommand.Parse(blocks[i].Body);
            Assert.True(i + 1 < blocks.Count && blocks[i + 1].Lang != "bash", $"no output shown after: {blocks[i].Body}");
            var expected = blocks[i + 1].Body.Trim();
            using var request = new HttpRequestMessage(command.Method, command.PathAndQuery);
            if (command.Data is not null)
            {
                request.Content = new StringContent(command.Data, Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request);
            var actual = command.WritesStatusOnly
                ? ((int)response.StatusCode).ToString()
                : (await response.Content.ReadAsStringAsync()).Trim();
            if (blocks[i + 1].Lang == "json")
            {
                Assert.True(
                    JsonNode.DeepEquals(Normalize(JsonNode.Parse(expected)), Normalize(JsonNode.Parse(actual))),
                    $"README: {blocks[i].Body.Trim()}\nshows:  {expected}\nactual: {actual}");
            }
            else
            {
                Assert.Equal(expected, actual);
            }

            checkedCommands++;
        }

        Assert.True(checkedCommands >= 8, $"the tour has only {checkedCommands} curl commands");
    }

    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    obj[key] = VaryingFields.Contains(key) && value is JsonValue ? "<varies>" : Normalize(value?.DeepClone());
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Normalize(array[i]?.DeepClone());
                }

                return array;
            default:
                return node;
        }
    }

    /// <summary>The few curl options the tour uses: -X, -H, -d, -s, -o and -w '%{http_code}'.</summary>
    private sealed record CurlCommand(HttpMethod Method, string PathAndQuery, string? Data, bool WritesStatusOnly)
    {
        public static CurlCommand Parse(string text)
        {
            var words = ShellWords(text.Replace("\\\n", " "));
            HttpMethod? method = null;
            string? url = null;
            string? data = null;
            var statusOnly = false;
            for (var i = 1; i < words.Count; i++)
            {
                switch (words[i])
                {
                    case "-X": method = new HttpMethod(words[++i]); break;
                    case "-d": data = words[++i]; break;
                    case "-H": case "-o": i++; break;
                    case "-w": statusOnly = words[++i].StartsWith("%{http_code}", StringComparison.Ordinal); break;
                    case "-s": break;
                    default:
                        Assert.False(words[i].StartsWith('-'), $"the tour test does not know curl option {words[i]}");
                        url = words[i];
                        break;
                }
            }

            Assert.NotNull(url);
            var uri = new Uri(url.StartsWith("http", StringComparison.Ordinal) ? url : "http://" + url);
            Assert.Equal(5080, uri.Port);
            return new CurlCommand(method ?? (data is null ? HttpMethod.Get : HttpMethod.Post), uri.PathAndQuery, data, statusOnly);
        }

        private static List<string> ShellWords(string text)
        {
            var words = new List<string>();
            var current = new StringBuilder();
            var inWord = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\'')
                {
                    var end = text.IndexOf('\'', i + 1);
                    current.Append(text, i + 1, end - i - 1);
                    i = end;
                    inWord = true;
                }
                else if (char.IsWhiteSpace(c))
                {
                    if (inWord)
                    {
                        words.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }
                }
                else
                {
                    current.Append(c);
                    inWord = true;
                }
            }

            if (inWord)
            {
                words.Add(current.ToString());
            }

            return words;
        }
    }
}
