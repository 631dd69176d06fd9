using Microsoft.Extensions.Options;
using Personalization.Hosting;

namespace Personalization.Membership;

internal sealed class SegmentStatsOptionsValidator : IValidateOptions<SegmentStatsOptions>
{
    public ValidateOptionsResult Validate(string? name, SegmentStatsOptions options) =>
        new SettingProblems(SegmentStatsOptions.SectionName)
            .RequirePositive(options.WriteInterval, nameof(options.WriteInterval))
            .Result;
}
