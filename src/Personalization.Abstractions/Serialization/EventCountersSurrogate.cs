namespace Personalization.Serialization;

[GenerateSerializer]
public struct EventCountersSurrogate
{
    [Id(0)] public long Count;
    [Id(1)] public double Sum;
    [Id(2)] public double? Average;
    [Id(3)] public double? Min;
    [Id(4)] public double? Max;
    [Id(5)] public double? LastValue;
    [Id(6)] public DateTimeOffset FirstAt;
    [Id(7)] public DateTimeOffset LastAt;
}
