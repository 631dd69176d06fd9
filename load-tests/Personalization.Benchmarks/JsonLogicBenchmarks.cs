using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Personalization.Rules.JsonLogic;

namespace Personalization.Benchmarks;

/// <summary>
/// What <c>POST /v1/rules/evaluate</c> does after reading its body: plain JsonLogic (comparisons, logic, arithmetic with
/// conversions, <c>cat</c>, <c>in</c>, array operations) compiled once and applied to one data document.
/// </summary>
[MemoryDiagnoser]
public class JsonLogicBenchmarks
{
    private static readonly string[] Rules =
    [
        """{"and":[{"<":[{"var":"temp"},110]},{"==":[{"var":"pie.filling"},"apple"]}]}""",
        """{"if":[{">=":[{"var":"age"},18]},{"cat":["adult ",{"var":"name"}]},"minor"]}""",
        """{"+":[{"*":[{"var":"price"},{"var":"quantity"}]},{"-":[{"var":"shipping"},"2.5"]},{"/":[{"var":"discount"},4]}]}""",
        """{"in":[{"var":"country"},["CZ","SK","DE","AT"]]}""",
        """{"some":[{"var":"orders"},{">":[{"var":"total"},100]}]}""",
        """{"reduce":[{"var":"items"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]}""",
        """{"cat":[{"var":"price"},"/",{"substr":[{"var":"name"},0,3]},"/",{"max":[1,{"var":"age"},3.5]}]}""",
        """{"!":[{"or":[{"!=":[{"var":"age"},"34"]},{"<=":[1,{"var":"quantity"},10]}]}]}""",
    ];

    private JsonLogicRule[] compiled = null!;
    private JsonNode data = null!;

    [GlobalSetup]
    public void Setup()
    {
        compiled = Rules.Select(rule => JsonLogicRule.Compile(JsonNode.Parse(rule))).ToArray();
        data = JsonNode.Parse("""
            {"temp":100,"pie":{"filling":"apple"},"age":34,"name":"Jana","price":12.5,"quantity":3,"shipping":4,
             "discount":10,"country":"CZ","orders":[{"total":50},{"total":150}],"items":[1,2,3,4,5]}
            """)!;
    }

    [Benchmark(Description = "JsonLogic: apply 8 compiled rules")]
    public int ApplyRules()
    {
        var results = 0;
        foreach (var rule in compiled)
        {
            results += rule.Apply(data) is null ? 0 : 1;
        }

        return results;
    }
}
