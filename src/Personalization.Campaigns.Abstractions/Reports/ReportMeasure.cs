namespace Personalization.Campaigns.Reports;

public enum ReportMeasure { Exposure, Shown, Clicked, Dismissed, Conversion }
