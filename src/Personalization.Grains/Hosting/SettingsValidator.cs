using Microsoft.Extensions.Options;

namespace Personalization.Hosting;

/// <summary>
/// Validates one options class at start with the rules given for its configuration section, so that a host with a
/// setting out of range stops and names the key and the values it accepts (<see cref="SettingProblems"/>).
/// </summary>
public sealed class SettingsValidator<TOptions>(string section, Action<TOptions, SettingProblems> rules) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = new SettingProblems(section);
        rules(options, problems);
        return problems.Result;
    }
}
