using Microsoft.Extensions.Options;
using Personalization.Hosting;

namespace Personalization.Campaigns;

internal sealed class CampaignOptionsValidator : IValidateOptions<CampaignOptions>
{
    public ValidateOptionsResult Validate(string? name, CampaignOptions options) =>
        new SettingProblems(CampaignOptions.SectionName)
            .RequirePositive(options.RefreshInterval, nameof(options.RefreshInterval))
            .Require(options.WebhookQueueCapacity >= 1, nameof(options.WebhookQueueCapacity), options.WebhookQueueCapacity, "a whole number of at least 1")
            .Require(options.WebhookConcurrency is >= 1 and <= 1024, nameof(options.WebhookConcurrency), options.WebhookConcurrency, "1-1024")
            .Require(options.WebhookMaxAttempts is >= 1 and <= 20, nameof(options.WebhookMaxAttempts), options.WebhookMaxAttempts, "1-20")
            .RequirePositive(options.WebhookFirstRetryDelay, nameof(options.WebhookFirstRetryDelay))
            .RequirePositive(options.WebhookAttemptTimeout, nameof(options.WebhookAttemptTimeout))
            .RequirePositive(options.StreamHeartbeat, nameof(options.StreamHeartbeat))
            .Require(options.MaxStreams >= 1, nameof(options.MaxStreams), options.MaxStreams, "a whole number of at least 1")
            .Require(
                options.GlobalHoldoutShare is >= 0 and <= CampaignLimits.MaxGlobalHoldoutShare,
                nameof(options.GlobalHoldoutShare), options.GlobalHoldoutShare, $"0-{CampaignLimits.MaxGlobalHoldoutShare}")
            .Require(
                options.CupedWindow >= CampaignLimits.MinDuration && options.CupedWindow <= CampaignLimits.MaxCupedWindow,
                nameof(options.CupedWindow), options.CupedWindow, "1 minute to 30 days (raw events are kept 30 days)")
            .Require(options.SequentialTuning is >= 1 and <= 1e9, nameof(options.SequentialTuning), options.SequentialTuning, "1-1000000000 exposures")
            .Result;
}
