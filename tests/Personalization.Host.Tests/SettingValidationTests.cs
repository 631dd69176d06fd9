using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Personalization.Host.Tests;

/// <summary>A setting out of range stops the host as it starts, naming the key and the values it accepts.</summary>
public sealed class SettingValidationTests
{
    [Theory]
    [InlineData("Campaigns:WebhookConcurrency", "0", "1-1024")]
    [InlineData("Campaigns:RefreshInterval", "00:00:00", "a positive time span")]
    [InlineData("Segments:RefreshInterval", "-00:00:01", "a positive time span")]
    [InlineData("Identity:MaxAliasesPerCustomer", "0", "a whole number of at least 1")]
    [InlineData("Population:RefreshInterval", "00:00:00", "a positive time span")]
    [InlineData("Identity:ProfileConflict", "7", "KnownWins, AbsorbedWins")]
    [InlineData("Forecasts:MaxSampleSize", "200000", "a whole number from 1 to 114688")]
    public void A_bad_setting_stops_the_host_at_start_with_its_key_and_allowed_values(string key, string value, string allowed)
    {
        using var host = new HostFactory().WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        var validation = Chain(failure).OfType<OptionsValidationException>().First();
        var message = Assert.Single(validation.Failures);
        Assert.Contains($"{key} is '", message);
        Assert.Contains(allowed, message);
    }

    [Fact]
    public void A_setting_that_is_not_a_value_of_its_kind_stops_the_host_at_start_with_its_key()
    {
        using var host = new HostFactory().WithWebHostBuilder(builder => builder.UseSetting("Identity:ProfileConflict", "Newest"));

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(Chain(failure), e => e.Message.Contains("Identity:ProfileConflict"));
    }

    private static IEnumerable<Exception> Chain(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
