using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Personalization.Storage.AzureTable;

// The official package's namespace and method names, so a silo's registration code compiles unchanged against either.
namespace Orleans.Hosting;

public static class AzureTableSiloBuilderExtensions
{
    /// <summary>Stores grain state without a named storage (and <c>[PersistentState("x")]</c>) in Azure Table storage.</summary>
    public static ISiloBuilder AddAzureTableGrainStorageAsDefault(this ISiloBuilder builder, Action<AzureTableStorageOptions> configureOptions) =>
        builder.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Stores the grain state of storage <paramref name="name"/> in Azure Table storage.</summary>
    public static ISiloBuilder AddAzureTableGrainStorage(this ISiloBuilder builder, string name, Action<AzureTableStorageOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddAzureTableGrainStorage(name, configureOptions));

    /// <summary>Stores grain state without a named storage in Azure Table storage, options bound with an <see cref="OptionsBuilder{TOptions}"/>.</summary>
    public static ISiloBuilder AddAzureTableGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<AzureTableStorageOptions>>? configureOptions = null) =>
        builder.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Stores the grain state of storage <paramref name="name"/> in Azure Table storage, options bound with an <see cref="OptionsBuilder{TOptions}"/>.</summary>
    public static ISiloBuilder AddAzureTableGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<AzureTableStorageOptions>>? configureOptions = null) =>
        builder.ConfigureServices(services => services.AddAzureTableGrainStorage(name, configureOptions));
}

/// <summary>
/// The same registrations on a service collection. The official package keeps these internal, so code that
/// should move to it unchanged uses the <see cref="ISiloBuilder"/> methods.
/// </summary>
public static class AzureTableGrainStorageServiceCollectionExtensions
{
    public static IServiceCollection AddAzureTableGrainStorageAsDefault(this IServiceCollection services, Action<AzureTableStorageOptions> configureOptions) =>
        services.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    public static IServiceCollection AddAzureTableGrainStorage(this IServiceCollection services, string name, Action<AzureTableStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return services.AddAzureTableGrainStorage(name, optionsBuilder => optionsBuilder.Configure(configureOptions));
    }

    public static IServiceCollection AddAzureTableGrainStorageAsDefault(this IServiceCollection services, Action<OptionsBuilder<AzureTableStorageOptions>>? configureOptions = null) =>
        services.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    public static IServiceCollection AddAzureTableGrainStorage(this IServiceCollection services, string name, Action<OptionsBuilder<AzureTableStorageOptions>>? configureOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        configureOptions?.Invoke(services.AddOptions<AzureTableStorageOptions>(name));
        services.AddTransient<IConfigurationValidator>(sp =>
            new AzureTableGrainStorageOptionsValidator(sp.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(name), name));
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<AzureTableStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<AzureTableStorageOptions>>());
        services.ConfigureNamedOptionForLogging<AzureTableStorageOptions>(name);
        return services.AddGrainStorage(name, AzureTableGrainStorage.Create);
    }
}
