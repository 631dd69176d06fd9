using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Personalization.Host.Tests;

public sealed class DirectoryCacheSettingTests(HostFactory host) : IClassFixture<HostFactory>
{
    [Fact]
    public void The_engine_keeps_no_directory_cache_while_alone_unless_the_host_asks_for_orleans_own()
    {
        host.CreateClient();
        Assert.Equal(GrainDirectoryOptions.CachingStrategyType.Custom, host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CachingStrategy);

        using var withLru = host.WithWebHostBuilder(builder => builder.UseSetting("Orleans:DirectoryCache:CachingStrategy", "LRU"));
        withLru.CreateClient();
        Assert.Equal(GrainDirectoryOptions.CachingStrategyType.LRU, withLru.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CachingStrategy);
    }
}
