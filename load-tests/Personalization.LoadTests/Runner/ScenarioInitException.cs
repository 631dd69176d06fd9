namespace Personalization.LoadTests.Runner;

/// <summary>
/// A scenario's init step, or its preparation before a run of its load (<see cref="Scenario.BeforeRun"/>), failed, so the
/// run was abandoned before that scenario sent load.
/// </summary>
public sealed class ScenarioInitException(string scenarioName, Exception innerException, string step = "init")
    : Exception($"{step} of scenario '{scenarioName}' failed: {innerException.Message}", innerException)
{
    public string ScenarioName { get; } = scenarioName;
}
