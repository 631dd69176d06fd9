using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Personalization.LoadTests.Scenarios;

/// <summary>
/// The visitors a run talks to: known visitors <c>v-0</c> to <c>v-(n-1)</c>, each with a profile and a little history
/// derived from its index, so every run (and the smoke test) sees the same people.
/// </summary>
public static class Population
{
    private static readonly string[] Genders = ["female", "male"];
    private static readonly string[] Countries = ["CZ", "SK", "DE", "AT", "PL", "GB", "FR", "US"];
    private static readonly string[] Cities = ["Brno", "Praha", "Bratislava", "Wien", "Berlin", "London", "Krakow", "Paris"];
    private static readonly string[] Interests = ["running", "cycling", "travel", "wine", "cooking", "gaming", "golf", "tennis"];
    private static readonly string[] Lifestyles = ["outdoor", "urban", "family", "student"];
    private static readonly string[] Tiers = ["bronze", "silver", "gold", "platinum"];
    private static readonly string[] Devices = ["mobile", "desktop", "tablet"];
    public static readonly string[] Categories = ["shoes", "bags", "hats", "coats", "socks", "accessories"];

    public static string VisitorId(int index) => "v-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The anonymous id (a cookie id) the lookup set makes an alias of visitor <paramref name="index"/>.</summary>
    public static string AliasId(int index) => "cookie-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Profile attributes of the kinds the generated catalog reads: numbers, strings, booleans, lists of strings and dates.</summary>
    public static IReadOnlyList<(string Name, object Value)> Profile(int index)
    {
        var random = new Random(index);
        var age = 16 + random.Next(60);
        var place = random.Next(Countries.Length);
        return
        [
            ("age", (double)age),
            ("birth_date", new DateOnly(2026 - age, 1 + random.Next(12), 1 + random.Next(28))),
            ("gender", Genders[random.Next(Genders.Length)]),
            ("country", Countries[place]),
            ("city", Cities[place]),
            ("postal_code", random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture)),
            ("interests", new[] { Interests[random.Next(Interests.Length)], Interests[random.Next(Interests.Length)] }),
            ("lifestyle", Lifestyles[random.Next(Lifestyles.Length)]),
            ("newsletter", random.Next(3) == 0),
            ("loyalty_tier", Tiers[random.Next(Tiers.Length)]),
            ("device", Devices[random.Next(Devices.Length)]),
            ("email", $"visitor{index}@example.com"),
        ];
    }

    public static void WriteProfile(Utf8JsonWriter json, int index)
    {
        json.WriteStartObject();
        foreach (var (name, value) in Profile(index))
        {
            switch (value)
            {
                case double number:
                    json.WriteNumber(name, number);
                    break;
                case bool flag:
                    json.WriteBoolean(name, flag);
                    break;
                case DateOnly date:
                    json.WriteString(name, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    break;
                case string[] list:
                    json.WriteStartArray(name);
                    foreach (var item in list)
                    {
                        json.WriteStringValue(item);
                    }

                    json.WriteEndArray();
                    break;
                default:
                    json.WriteString(name, (string)value);
                    break;
            }
        }

        json.WriteEndObject();
    }

    /// <summary>A few events per known visitor within the last two months: a page view, something in the cart, mostly a purchase.</summary>
    public static IReadOnlyList<VisitorEvent> History(int index, DateTimeOffset now)
    {
        var random = new Random(~index);
        var category = Categories[random.Next(Categories.Length)];
        var start = now - TimeSpan.FromMinutes(random.Next(60 * 24 * 60));
        var session = $"h-{index}";
        var device = Devices[random.Next(Devices.Length)];
        var cart = 20 + random.Next(200);
        List<VisitorEvent> events =
        [
            new("page_view", start, session, null, category, device),
            new("add_to_cart", start + TimeSpan.FromMinutes(2), session, cart, category, null),
        ];
        if (random.Next(3) > 0)
        {
            events.Add(new("purchase", start + TimeSpan.FromMinutes(5), session, 20 + random.Next(400), category, null));
        }

        return events;
    }

    public static void WriteHistory(Utf8JsonWriter json, int index, DateTimeOffset now)
    {
        var customerId = VisitorId(index);
        foreach (var e in History(index, now))
        {
            EventJson.Write(json, customerId, e.Type, e.Timestamp, e.SessionId, e.Value, e.Category, e.Device);
        }
    }
}

/// <summary>One event of a known visitor's history.</summary>
public sealed record VisitorEvent(string Type, DateTimeOffset Timestamp, string SessionId, double? Value, string? Category, string? Device);

/// <summary>Writes the engine's event JSON directly, so the load generator spends little of the two cores it shares with the engine.</summary>
public static class EventJson
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static void Write(
        Utf8JsonWriter json, string customerId, string type, DateTimeOffset? timestamp, string? sessionId, double? value, string? category, string? device,
        string? eventId = null)
    {
        json.WriteStartObject();
        json.WriteString("customerId", customerId);
        json.WriteString("type", type);
        if (timestamp is { } at)
        {
            json.WriteString("timestamp", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        if (sessionId is not null)
        {
            json.WriteString("sessionId", sessionId);
        }

        if (value is { } v)
        {
            json.WriteNumber("value", v);
        }

        if (eventId is not null)
        {
            json.WriteString("eventId", eventId);
        }

        if (category is not null || device is not null)
        {
            json.WriteStartObject("properties");
            if (category is not null)
            {
                json.WriteString("category", category);
            }

            if (device is not null)
            {
                json.WriteString("device", device);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>A request body written by <paramref name="write"/>.</summary>
    public static ByteArrayContent Content(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = Json;
        return content;
    }

    /// <summary>A batch body: <c>{"events":[...]}</c>.</summary>
    public static ByteArrayContent Batch(Action<Utf8JsonWriter> writeEvents) => Content(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("events");
        writeEvents(json);
        json.WriteEndArray();
        json.WriteEndObject();
    });
}

/// <summary>
/// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s, as visits to a shop are: a few visitors come
/// back all the time, most rarely. Immutable after construction, so scenario copies share one.
/// </summary>
public sealed class ZipfSampler
{
    private readonly double[] cumulative;

    public ZipfSampler(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        cumulative = new double[count];
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            total += 1 / Math.Pow(i + 1, exponent);
            cumulative[i] = total;
        }

        for (var i = 0; i < count; i++)
        {
            cumulative[i] /= total;
        }
    }

    public int Count => cumulative.Length;

    public int Next(Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }
}
