using Microsoft.Extensions.Options;
using Personalization.Hosting;

namespace Personalization.Segments;

internal sealed class SegmentCatalogOptionsValidator : IValidateOptions<SegmentCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, SegmentCatalogOptions options) =>
        new SettingProblems(SegmentCatalogOptions.SectionName)
            .RequirePositive(options.RefreshInterval, nameof(options.RefreshInterval))
            .Result;
}
