using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Personalization.Testing;

namespace Personalization.Rules.Tests;

/// <summary>
/// json-logic-js (pinned in tests/tools/package.json, installed by tests/setup.sh) in one node process: cases go through
/// stdin a line each and answers come back a line each (tests/tools/json-logic-reference.js), so thousands of cases
/// cost one process start. Disposing ends the process.
/// </summary>
internal sealed class JsonLogicReference : IDisposable
{
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(2);

    private readonly Process process;

    public JsonLogicReference()
    {
        var tools = RepositoryFiles.InRepository(Path.Combine("tests", "tools"));
        if (!File.Exists(Path.Combine(tools, "node_modules", "json-logic-js", "logic.js")))
        {
            throw new InvalidOperationException($"json-logic-js is not installed in {tools}/node_modules: run tests/setup.sh.");
        }

        var start = new ProcessStartInfo("node", ["json-logic-reference.js"])
        {
            WorkingDirectory = tools,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
    }

    /// <summary>Each case's answer: <c>{"result":...}</c> or <c>{"error":"..."}</c>.</summary>
    public IReadOnlyList<JsonObject> Evaluate(IReadOnlyList<(JsonNode? Rule, JsonNode? Data)> cases)
    {
        // Written on another task: node answers as it reads, and a full pipe would stop both sides.
        var writing = Task.Run(async () =>
        {
            var batch = new StringBuilder();
            foreach (var (rule, data) in cases)
            {
                batch.Append(new JsonObject { ["rule"] = rule?.DeepClone(), ["data"] = data?.DeepClone() }.ToJsonString()).Append('\n');
            }

            await process.StandardInput.WriteAsync(batch.ToString());
            await process.StandardInput.FlushAsync();
        });
        var answers = new List<JsonObject>(cases.Count);
        using var deadline = new CancellationTokenSource(BatchTimeout);
        while (answers.Count < cases.Count)
        {
            var line = process.StandardOutput.ReadLineAsync(deadline.Token).AsTask().GetAwaiter().GetResult()
                ?? throw new InvalidOperationException($"json-logic-js's process ended after {answers.Count} of {cases.Count} answers");
            answers.Add(JsonNode.Parse(line)!.AsObject());
        }

        writing.GetAwaiter().GetResult();
        return answers;
    }

    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5_000))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            process.Dispose();
        }
    }
}
