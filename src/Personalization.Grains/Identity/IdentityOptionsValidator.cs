using Microsoft.Extensions.Options;
using Personalization.Hosting;

namespace Personalization.Identity;

internal sealed class IdentityOptionsValidator : IValidateOptions<IdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityOptions options) =>
        new SettingProblems(IdentityOptions.SectionName)
            .Require(options.MaxAliasesPerCustomer >= 1, nameof(options.MaxAliasesPerCustomer), options.MaxAliasesPerCustomer, "a whole number of at least 1")
            .RequireDefined(options.ProfileConflict, nameof(options.ProfileConflict))
            .Result;
}
