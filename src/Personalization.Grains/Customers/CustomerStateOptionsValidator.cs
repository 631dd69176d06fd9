using Microsoft.Extensions.Options;
using Personalization.Hosting;

namespace Personalization.Customers;

internal sealed class CustomerStateOptionsValidator : IValidateOptions<CustomerStateOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomerStateOptions options) =>
        new SettingProblems(CustomerStateOptions.SectionName)
            .RequireDefined(options.Durability, nameof(options.Durability))
            .RequirePositive(options.FlushInterval, nameof(options.FlushInterval))
            .Result;
}
