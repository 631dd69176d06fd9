using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Personalization.Hosting;

public static class SettingsValidationExtensions
{
    /// <summary>
    /// Validates the options with <paramref name="rules"/> for the configuration section <paramref name="section"/>; with
    /// <c>ValidateOnStart</c>, a setting out of range stops the host at start, naming the key and the values it accepts.
    /// </summary>
    public static OptionsBuilder<TOptions> ValidateSettings<TOptions>(
        this OptionsBuilder<TOptions> builder, string section, Action<TOptions, SettingProblems> rules)
        where TOptions : class
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new SettingsValidator<TOptions>(section, rules)));
        return builder;
    }
}
