using Microsoft.Extensions.Options;

namespace Personalization.Hosting;

/// <summary>
/// The out-of-range settings of one configuration section, each named by its full key with the values it accepts, as an
/// options validator reports them: a host that has any stops at start and says which key to fix and how.
/// </summary>
public sealed class SettingProblems(string section)
{
    private List<string>? failures;

    public ValidateOptionsResult Result => failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

    /// <param name="allowed">The values the key accepts, as a person would write them in configuration.</param>
    public SettingProblems Require(bool valid, string key, object? value, string allowed)
    {
        if (!valid)
        {
            (failures ??= []).Add($"{section}:{key} is '{value}'; allowed: {allowed}.");
        }

        return this;
    }

    public SettingProblems RequirePositive(TimeSpan value, string key) =>
        Require(value > TimeSpan.Zero, key, value, "a positive time span, such as 00:00:01 for one second");

    public SettingProblems RequireDefined<TEnum>(TEnum value, string key)
        where TEnum : struct, Enum =>
        Require(Enum.IsDefined(value), key, value, string.Join(", ", Enum.GetNames<TEnum>()));
}
