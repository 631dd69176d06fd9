using BenchmarkDotNet.Attributes;
using Personalization.Rules;

namespace Personalization.Benchmarks;

[MemoryDiagnoser]
public class CompileBenchmarks
{
    private List<SegmentRule> rules = null!;

    [GlobalSetup]
    public void Setup() => rules = RealisticCatalog.Rules(1000);

    [Benchmark(Description = "Compile 1,000 segments")]
    public SegmentCatalog Compile() => SegmentCatalog.Compile(1, rules);
}
