using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Campaigns;

public enum ReportMeasure { Exposure, Shown, Clicked, Dismissed, Conversion }
