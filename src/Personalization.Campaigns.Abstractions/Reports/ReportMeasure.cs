namespace Personalization.Campaigns;

public enum ReportMeasure { Exposure, Shown, Clicked, Dismissed, Conversion }
